"""From a group of files to a Deployment: parse, follow references, merge, build the model."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..deployment import ComposeFile, EnvFile, FileKind, Located, PgBouncerIni, RedisConf
from ..discovery import classify
from ..environments import Group

if TYPE_CHECKING:
    from .app_source import AppFacts
from ..loader import Loader, project_environment
from .merge import project_services
from .schema import check_service
from .services import Service, build_service
from .topology import Deployment, ModelOptions, build_model


def profile_variants(
    services: list[Service], active: set[str] | None
) -> list[tuple[str, list[Service]]]:
    """The service sets Compose would run.

    With active profiles (``COMPOSE_PROFILES``, even set empty, or an environment's
    ``profiles``), that one set. Without, and when the project uses profiles, the set
    ``docker compose up`` runs (no profile) and one set per profile on top of it:
    projects such as DefectDojo offer alternatives (``postgres-redis``,
    ``mysql-rabbitmq``) that are never deployed together.
    """
    if active is not None:
        return [
            (
                "",
                [
                    s
                    for s in services
                    if not s.profiles or set(s.profiles) & active or "*" in active
                ],
            )
        ]
    names = sorted({p for s in services for p in s.profiles})
    base = [s for s in services if not s.profiles]
    if not names:
        return [("", services)]
    # `docker compose up` without a profile, then each profile on top of it
    return [("", base)] + [
        (n, [s for s in services if not s.profiles or n in s.profiles]) for n in names
    ]


def _of(
    missing: list[tuple[Service, Located[str], str | None]], members: list[Service]
) -> list[tuple[Service, Located[str], str | None]]:
    """The missing env files of the services in one profile view."""
    present = {id(s) for s in members}
    return [m for m in missing if id(m[0]) in present]


def assemble(
    group: Group,
    loader: Loader,
    options: ModelOptions,
    claimed: set[str],
    facts_cache: dict[str, AppFacts] | None = None,
) -> list[Deployment]:
    """The deployments a group of files makes (one per Compose profile view).

    ``facts_cache`` keeps what each app source folder says across the groups of a run.
    """
    cache = facts_cache if facts_cache is not None else {}
    directory = group.directory
    env_files: list[EnvFile] = []
    unresolved: list[Located[str]] = []
    required: list[Located[str]] = []
    project_env: dict[str, str] = {}
    project_env_file: EnvFile | None = None
    project_env_path = group.env_file or os.path.join(directory, ".env")
    if group.compose and os.path.isfile(project_env_path):
        pe = project_env_file = loader.env(project_env_path)
        if pe is not None:
            env_files.append(pe)
            project_env, misses, needed = project_environment(pe)
            unresolved.extend(misses)
            required.extend(needed)
        claimed.add(project_env_path)

    compose_files: list[ComposeFile] = []
    compose_paths: list[str] = []
    for path in group.compose:
        parsed = loader.parse(path, FileKind.COMPOSE, project_env)
        claimed.add(path)
        if isinstance(parsed, ComposeFile):
            compose_files.append(parsed)
            compose_paths.append(path)
            unresolved.extend(parsed.unresolved)
            required.extend(parsed.required_missing)

    active: set[str] | None = None
    if group.profiles is not None:
        active = set(group.profiles)
    elif "COMPOSE_PROFILES" in project_env:  # set, even empty: exactly these profiles
        active = {p.strip() for p in project_env["COMPOSE_PROFILES"].split(",") if p.strip()}
    services: list[Service] = []
    missing: list[tuple[Service, Located[str], str | None]] = []
    referenced: set[str] = set()

    def load_other(path: str) -> ComposeFile | None:
        claimed.add(path)
        parsed = loader.parse(path, FileKind.COMPOSE, project_env)
        if not isinstance(parsed, ComposeFile):
            return None
        unresolved.extend(parsed.unresolved)
        required.extend(parsed.required_missing)
        return parsed

    merge_problems: list[Located[str]] = []
    pairs = [(cf, os.path.dirname(p)) for cf, p in zip(compose_files, compose_paths, strict=True)]
    for name, (node, key_loc) in project_services(pairs, load_other, merge_problems).items():
        merge_problems.extend(check_service(name, node))
        svc = build_service(name, node, key_loc, directory, project_env, loader.env_or_template)
        services.append(svc)
        for ref in svc.env_refs:
            if ref.file is not None and ref.file not in env_files:
                env_files.append(ref.file)
            if ref.missing and ref.required:
                missing.append((svc, Located(loader.display(ref.path), ref.loc), ref.stand_in))
            claimed.add(ref.path)
        for mount in svc.mounts:
            if mount.source:
                referenced.add(mount.source)
        if svc.build_context:
            referenced.add(svc.build_context)

    inis: dict[str, PgBouncerIni] = {}
    confs: dict[str, RedisConf] = {}

    def take(path: str, kind: FileKind | None) -> None:
        if kind is FileKind.PGBOUNCER:
            p = loader.parse(path, kind)
            if isinstance(p, PgBouncerIni):
                inis[path] = p
        elif kind in (FileKind.SENTINEL, FileKind.REDIS):
            p = loader.parse(path, FileKind.SENTINEL)
            if isinstance(p, RedisConf):
                confs[path] = p
        elif kind is FileKind.ENV:
            p = loader.env(path)
            if p is not None and p not in env_files:
                env_files.append(p)
        else:
            return
        claimed.add(path)

    for target in sorted(referenced):
        if os.path.isfile(target):
            take(target, classify(target))
        elif os.path.isdir(target) and target != directory:
            try:
                names = sorted(os.listdir(target))
            except OSError:
                names = []
            for name in names:
                full = os.path.join(target, name)
                if os.path.isfile(full):
                    kind = classify(full)
                    if kind in (FileKind.PGBOUNCER, FileKind.SENTINEL, FileKind.REDIS):
                        take(full, kind)
    lone: list[EnvFile] = []
    for path, kind in sorted(group.files.items()):
        if kind is FileKind.COMPOSE:
            continue
        if path in claimed and group.compose:
            if kind is FileKind.ENV and path not in (e.path for e in env_files):
                pass
        take(path, kind)
        if kind is FileKind.ENV and not group.compose:
            env = loader.env(path)
            if env is not None:
                lone.append(env)
    if lone and any(not e.template for e in lone):
        lone = [e for e in lone if not e.template]

    variants = profile_variants(services, active)
    roots = sorted(
        {s.build_context for s in services if s.build_context and os.path.isdir(s.build_context)}
    )
    if not group.compose:
        roots = [directory]
    for root in roots:
        if root not in cache:
            from .app_source import read_app_facts

            cache[root] = read_app_facts(root)
        facts = cache[root]
        if facts.sources:
            options = options.with_facts(facts)
            break
    return [
        build_model(
            root=loader.display(directory) or ".",
            compose_files=compose_files,
            services=members,
            env_files=env_files,
            inis=inis,
            confs=confs,
            problems=[*loader.problems, *merge_problems],
            unresolved=unresolved,
            required_missing=required,
            missing_env=_of(missing, members),
            lone_env=lone,
            options=options,
            variant=variant,
            project_env_file=project_env_file,
            environment=group.name,
            mode=group.mode,
        )
        for variant, members in variants
    ]
