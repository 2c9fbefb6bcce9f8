"""Which deployments a tree holds: configured environments, else sensible guesses per folder.

A repository often keeps several deployments of one app side by side: ``docker-compose.yml``
for production, ``docker-compose.dev.yml`` for laptops, ``docker-compose.prod.yml`` as an
overlay of the base file. Settings can name each environment's files and mark it
``development`` (which turns off the high-availability policy); without settings, a
variant file whose services all exist in the base file is an overlay of it, any other
variant is a deployment of its own, and names such as ``dev``/``local``/``test`` mark a
development environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .deployment import FileKind
from .discovery import PRIMARY_COMPOSE, Discovered, compose_projects

_DEV_NAME = re.compile(r"(?i)(^|[._-])(dev|devel|development|local|test|testing|ci)([._-]|$)")
_VARIANT = re.compile(r"^(?:docker-)?compose\.(?P<name>[^/]+)\.ya?ml$")


@dataclass(frozen=True)
class EnvironmentSpec:
    """An environment named in the settings (paths absolute)."""

    name: str
    compose: tuple[str, ...]
    env_file: str | None = None
    mode: str = "production"
    profiles: tuple[str, ...] | None = None


@dataclass
class Group:
    """A deployment's files before parsing."""

    directory: str
    compose: tuple[str, ...] = ()
    files: Mapping[str, FileKind] = field(default_factory=dict)
    name: str = ""
    mode: str = "production"
    env_file: str | None = None  # the interpolation env (--env-file); default: .env beside
    profiles: tuple[str, ...] | None = None  # active profiles; None: COMPOSE_PROFILES or all


def mode_for(name: str) -> str:
    return "development" if _DEV_NAME.search(name) else "production"


def _service_names(path: str) -> set[str] | None:
    """Top-level service names of a compose file (None when it cannot be read)."""
    import yaml

    from .parsers.compose import _Loader

    try:
        with open(path, "rb") as fh:
            data = fh.read(4 << 20)
        node = yaml.compose(data.decode("utf-8", "replace"), Loader=_Loader)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - any unreadable file is simply "not an overlay"
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "services":
            if isinstance(value, yaml.MappingNode):
                return {k.value for k, _ in value.value if isinstance(k, yaml.ScalarNode)}
            return set()
    return set()


def _compose_file_setting(directory: str) -> tuple[str, ...] | None:
    """COMPOSE_FILE from the folder's .env: the files `docker compose` uses there."""
    path = os.path.join(directory, ".env")
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read(1 << 20)
    except (OSError, UnicodeDecodeError):
        return None
    if "COMPOSE_FILE" not in text:
        return None
    from .parsers.env import parse_env

    values = {e.key: e.value for e in parse_env(text, path).entries if e.value is not None}
    setting = values.get("COMPOSE_FILE")
    if not setting:
        return None
    separator = values.get("COMPOSE_PATH_SEPARATOR") or os.pathsep
    files = tuple(
        os.path.normpath(os.path.join(directory, p.strip()))
        for p in setting.split(separator)
        if p.strip()
    )
    return files if files and all(os.path.isfile(f) for f in files) else None


def _guess(directory: str, files: Mapping[str, FileKind]) -> list[Group]:
    others: dict[str, FileKind] = {p: k for p, k in files.items() if k is not FileKind.COMPOSE}
    chosen = _compose_file_setting(directory)
    if chosen is not None:
        # the project's own choice; other compose files beside it are projects of their own
        rest = {p: k for p, k in files.items() if p not in chosen}
        groups = [Group(directory, chosen, dict(others))]
        if any(k is FileKind.COMPOSE for k in rest.values()):
            groups.extend(_guess_from_names(directory, rest, others))
        return groups
    return _guess_from_names(directory, files, others)


def _guess_from_names(
    directory: str, files: Mapping[str, FileKind], others: Mapping[str, FileKind]
) -> list[Group]:
    names = [os.path.basename(p) for p, k in files.items() if k is FileKind.COMPOSE]
    projects = compose_projects(names)
    primary = next((p for p in projects if p[0] in PRIMARY_COMPOSE), None)
    base_services = (
        _service_names(os.path.join(directory, primary[0]))
        if primary and len(projects) > 1
        else None
    )
    groups: list[Group] = []
    for project in projects:
        paths = tuple(os.path.join(directory, n) for n in project)
        m = _VARIANT.match(project[0])
        label = m["name"] if m and project is not primary else ""
        if project is not primary and primary is not None and base_services:
            own = _service_names(paths[0])
            if own and own <= base_services:
                # an overlay: docker compose -f docker-compose.yml -f docker-compose.prod.yml
                paths = (os.path.join(directory, primary[0]), *paths)
        groups.append(Group(directory, paths, dict(others), name=label, mode=mode_for(label)))
    return groups


def plan(found: Discovered, specs: Sequence[EnvironmentSpec] = ()) -> list[Group]:
    """Configured environments first, then compose projects, then config-only folders."""
    configured: list[Group] = []
    taken: set[str] = set()
    discovered = {p for files in found.by_dir.values() for p in files}
    for spec in specs:
        if not spec.compose or spec.compose[0] not in discovered:
            continue  # not under the paths being linted
        directory = os.path.dirname(spec.compose[0])
        loose = dict(found.by_dir.get(directory, {}))
        loose = {p: k for p, k in loose.items() if k is not FileKind.COMPOSE}
        configured.append(
            Group(
                directory, spec.compose, loose, spec.name, spec.mode, spec.env_file, spec.profiles
            )
        )
        taken.update(spec.compose)
    with_compose: list[Group] = []
    without: list[Group] = []
    for directory in sorted(found.by_dir):
        files = {p: k for p, k in found.by_dir[directory].items() if p not in taken}
        if any(k is FileKind.COMPOSE for k in files.values()):
            with_compose.extend(_guess(directory, files))
        elif files and not any(g.directory == directory for g in configured):
            without.append(Group(directory, (), files))
    return configured + with_compose + without
