"""Walk the tree, skip what users never want linted, classify files, group them by directory."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .deployment import FileKind

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        "site-packages",
        ".eggs",
        ".idea",
        ".vscode",
    }
)
PRIMARY_COMPOSE = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_COMPOSE_NAME = re.compile(r"^(docker-)?compose(\.[^/]+)?\.ya?ml$")
_OVERRIDE = re.compile(r"^(docker-)?compose\.override\.ya?ml$")
_ENV_NAME = re.compile(r"^\.env(\..+)?$")
_SENTINEL_NAME = re.compile(r"^sentinel.*\.conf$")
_REDIS_NAME = re.compile(r"^redis.*\.conf$")
SNIFF_BYTES = 1 << 20


def classify_name(name: str) -> FileKind | None:
    """The kind a file name alone says (None: not ours, or the content must decide)."""
    if _COMPOSE_NAME.match(name):
        return FileKind.COMPOSE
    if _ENV_NAME.match(name):
        return FileKind.ENV
    if name == "pgbouncer.ini":
        return FileKind.PGBOUNCER
    if _SENTINEL_NAME.match(name):
        return FileKind.SENTINEL
    if _REDIS_NAME.match(name):
        return FileKind.REDIS
    return None


def classify(path: str) -> FileKind | None:
    """Name first, then content for ``*.ini`` ([pgbouncer]) and ``*.conf`` (sentinel monitor)."""
    name = os.path.basename(path)
    kind = classify_name(name)
    if kind is not None or not (name.endswith(".ini") or name.endswith(".conf")):
        return kind
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    if name.endswith(".ini"):
        return FileKind.PGBOUNCER if re.search(r"(?mi)^\s*\[pgbouncer\]", head) else None
    if re.search(r"(?mi)^\s*sentinel\s+monitor\s", head):
        return FileKind.SENTINEL
    return None


def compose_projects(names: Iterable[str]) -> list[tuple[str, ...]]:
    """Group a directory's compose file names into projects (each: main file, then override).

    The primary file takes its override (``compose.override.yaml`` beside
    ``compose.yaml``); every other variant (``docker-compose.prod.yml``) is a project of
    its own. An override without a primary is linted on its own.
    """
    names = sorted(n for n in names if _COMPOSE_NAME.match(n))
    primary = next((p for p in PRIMARY_COMPOSE if p in names), None)
    projects: list[tuple[str, ...]] = []
    overrides = [n for n in names if _OVERRIDE.match(n)]
    if primary:
        stem = "docker-compose" if primary.startswith("docker-") else "compose"
        mine = [o for o in overrides if o.startswith(stem + ".")]
        projects.append((primary, *mine))
        used = {primary, *mine}
    else:
        used = set()
    for n in names:
        if n not in used and n not in PRIMARY_COMPOSE:
            projects.append((n,))
    return projects


@dataclass
class _Ignore:
    base: str
    spec: object


@dataclass
class Discovered:
    """Files found under the roots, by directory (absolute paths), and what went wrong."""

    by_dir: dict[str, dict[str, FileKind]] = field(default_factory=dict)
    explicit: set[str] = field(default_factory=set)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    problems: list[tuple[str, str]] = field(default_factory=list)  # files we would read but cannot

    def add(self, path: str, kind: FileKind) -> None:
        self.by_dir.setdefault(os.path.dirname(path), {})[path] = kind


def _load_gitignore(directory: str) -> object | None:
    path = os.path.join(directory, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(stack: list[_Ignore], path: str, is_dir: bool) -> bool:
    for item in stack:
        rel = os.path.relpath(path, item.base).replace(os.sep, "/")
        if is_dir:
            rel += "/"
        if item.spec.match_file(rel):  # type: ignore[attr-defined]
            return True
    return False


def _walk(root: str, found: Discovered, use_gitignore: bool, exclude: object | None) -> None:
    stack: list[_Ignore] = [_Ignore(root, exclude)] if exclude is not None else []
    visited: set[tuple[int, int]] = set()
    root_real = os.path.realpath(root)

    def visit(directory: str, depth: int) -> None:
        try:
            st = os.stat(directory)
        except OSError as exc:
            found.warnings.append((directory, f"cannot read directory: {exc.strerror}"))
            return
        ident = (st.st_dev, st.st_ino)
        if ident in visited:
            return
        visited.add(ident)
        pushed = False
        if use_gitignore:
            spec = _load_gitignore(directory)
            if spec is not None:
                stack.append(_Ignore(directory, spec))
                pushed = True
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            found.warnings.append((directory, f"cannot read directory: {exc.strerror}"))
            entries = []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                continue
            if is_link or not (is_dir or is_file):
                _special(entry, root_real, found, stack)
                continue
            if is_dir:
                if entry.name in SKIP_DIRS or os.path.exists(
                    os.path.join(entry.path, "pyvenv.cfg")
                ):
                    continue
                if stack and _ignored(stack, entry.path, True):
                    continue
                visit(entry.path, depth + 1)
            elif is_file:
                kind = classify(entry.path)
                if kind is None:
                    continue
                if stack and _ignored(stack, entry.path, False):
                    continue
                found.add(entry.path, kind)
        if pushed:
            stack.pop()

    visit(root, 0)


def _special(
    entry: os.DirEntry[str], root_real: str, found: Discovered, stack: list[_Ignore]
) -> None:
    """Symlinks and non-regular files whose names we would lint.

    A link to a regular file inside the linted tree is followed; a link that leaves the
    tree, a broken link, or a FIFO or device under a config file's name is reported and
    not read. Links to folders are never followed (the real folder is walked where it
    lies inside the tree), which also makes link loops harmless.
    """
    name_kind = classify_name(entry.name)
    if name_kind is None and not entry.name.endswith((".ini", ".conf")):
        return
    if stack and _ignored(stack, entry.path, False):
        return
    try:
        is_link = entry.is_symlink()
    except OSError:
        is_link = False
    if is_link:
        target = os.path.realpath(entry.path)
        if not os.path.exists(target):
            if name_kind is not None:
                found.problems.append((entry.path, "broken symbolic link; not read"))
            return
        if os.path.isdir(target):
            return
        inside = target == root_real or target.startswith(root_real.rstrip(os.sep) + os.sep)
        if not inside:
            if name_kind is not None:
                found.problems.append(
                    (
                        entry.path,
                        f"symbolic link to {target}, outside the linted tree; not followed",
                    )
                )
            return
        if os.path.isfile(target):
            kind = classify(entry.path)
            if kind is not None:
                found.add(entry.path, kind)
            return
    if name_kind is not None:
        found.problems.append(
            (entry.path, "not a regular file (a FIFO, socket or device); not read")
        )


def _git_root(path: str) -> str | None:
    cur = os.path.abspath(path)
    while True:
        if os.path.exists(os.path.join(cur, ".git")):
            return cur
        parent = os.path.dirname(cur)
        if parent == cur:
            return None
        cur = parent


def _owning_dir(path: str, stop: str | None) -> str:
    """The nearest directory at or above ``path``'s folder that holds a compose file."""
    start = os.path.dirname(path)
    cur = start
    while True:
        try:
            names = os.listdir(cur)
        except OSError:
            names = []
        if any(_COMPOSE_NAME.match(n) for n in names):
            return cur
        if stop is None or cur == stop or os.path.dirname(cur) == cur:
            return start
        cur = os.path.dirname(cur)


def discover(
    paths: Iterable[str], use_gitignore: bool = True, exclude: Iterable[str] = ()
) -> Discovered:
    """Directories are walked; a file names the deployment it belongs to (as pre-commit passes).

    ``exclude`` holds gitignore-style patterns relative to each walked root.
    """
    found = Discovered()
    patterns = list(exclude)
    spec = None
    if patterns:
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    for raw in paths:
        path = os.path.abspath(raw)
        if os.path.isdir(path):
            _walk(path, found, use_gitignore, spec)
        elif os.path.isfile(path):
            if spec is not None and _ignored([_Ignore(os.getcwd(), spec)], path, False):
                continue  # `exclude` applies to named files too (as pre-commit names them)
            owner = _owning_dir(path, _git_root(path) or os.getcwd())
            for name in os.listdir(owner):
                full = os.path.join(owner, name)
                if os.path.isfile(full):
                    kind = classify(full)
                    if kind is not None:
                        found.add(full, kind)
            kind = classify(path) or _guess_kind(path)
            if kind is not None:
                found.add(path, kind)
                found.explicit.add(path)
        elif not os.path.exists(path):
            found.warnings.append((raw, "no such file or directory"))
    return found


def _guess_kind(path: str) -> FileKind | None:
    """Explicitly named files with other names (``backend.env``, ``app.yml``)."""
    name = os.path.basename(path)
    if name.endswith(".env"):
        return FileKind.ENV
    if name.endswith((".yml", ".yaml")):
        return FileKind.COMPOSE
    return None


def iter_dirs(found: Discovered) -> Iterator[tuple[str, dict[str, FileKind]]]:
    for directory in sorted(found.by_dir):
        yield directory, found.by_dir[directory]
