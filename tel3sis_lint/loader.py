"""Read and parse the files of one deployment; every failure is kept as a located problem."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Mapping

from .deployment import ComposeFile, EnvFile, FileKind, Located, ParsedFile, PgBouncerIni, RedisConf
from .diagnostics import Location
from .parsers import ParseError, decode
from .parsers.env import TEMPLATE_SUFFIXES, parse_env
from .parsers.interpolation import interpolate


class Loader:
    """Parses each file at most once and collects TL001 problems with their locations."""

    def __init__(self, display: Callable[[str], str], roots: tuple[str, ...] = ()) -> None:
        self.display = display
        # real paths of the linted trees: a symlink leading out of them is not followed
        self.roots = tuple(os.path.realpath(r) for r in roots)
        self.cache: dict[tuple[str, FileKind], ParsedFile | None] = {}
        self.problems: list[Located[str]] = []
        self.texts: dict[str, str] = {}
        self.seen: set[str] = set()

    def read(self, path: str) -> str | None:
        if path in self.texts:
            return self.texts[path]
        shown = self.display(path)
        self.seen.add(path)
        if self.roots and os.path.islink(path):
            target = os.path.realpath(path)
            if not any(
                target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in self.roots
            ):
                self.problems.append(
                    Located(
                        f"symbolic link to {target}, outside the linted tree; not followed",
                        Location(shown),
                    )
                )
                return None
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            self.problems.append(Located(f"cannot read file: {exc.strerror}", Location(shown)))
            return None
        try:
            text = decode(data, shown)
        except ParseError as exc:
            self.problems.append(Located(exc.message, exc.location))
            return None
        self.texts[path] = text
        return text

    def parse(
        self, path: str, kind: FileKind, env: Mapping[str, str] | None = None
    ) -> ParsedFile | None:
        key = (path, kind)
        if key in self.cache:
            return self.cache[key]
        result: ParsedFile | None = None
        text = self.read(path)
        if text is not None:
            shown = self.display(path)
            # The parsers allocate many small objects and free none of them; the cyclic
            # garbage collector would rescan them over and over (a 5 MB compose file
            # spends most of its time there), so it pauses while a file is parsed.
            paused = gc.isenabled()
            gc.disable()
            try:
                result = _parse(kind, text, shown, env or {})
            except ParseError as exc:
                self.problems.append(Located(exc.message, exc.location))
            except RecursionError:
                self.problems.append(Located("input nested too deeply to parse", Location(shown)))
            finally:
                if paused:
                    gc.enable()
            if result is not None:
                self.problems.extend(result.problems)
        self.cache[key] = result
        return result

    def env(self, path: str) -> EnvFile | None:
        parsed = self.parse(path, FileKind.ENV)
        return parsed if isinstance(parsed, EnvFile) else None

    def env_or_template(self, path: str) -> tuple[EnvFile | None, str | None]:
        """An env_file, or where it is missing, the template beside it (and its display path)."""
        if os.path.isfile(path):
            return self.env(path), None
        for suffix in TEMPLATE_SUFFIXES:
            candidate = path + suffix
            if os.path.isfile(candidate):
                return self.env(candidate), self.display(candidate)
        return None, ""


def _parse(kind: FileKind, text: str, shown: str, env: Mapping[str, str]) -> ParsedFile:
    if kind is FileKind.COMPOSE:
        from .parsers.compose import parse_compose

        return parse_compose(text, shown, env)
    if kind is FileKind.ENV:
        return parse_env(text, shown)
    if kind is FileKind.PGBOUNCER:
        from .parsers.pgbouncer import parse_pgbouncer

        return parse_pgbouncer(text, shown)
    from .parsers.redis_conf import parse_redis_conf

    return parse_redis_conf(text, shown)


def project_environment(
    env_file: EnvFile | None,
) -> tuple[dict[str, str], list[Located[str]], list[Located[str]]]:
    """The interpolation environment Compose builds from the project ``.env``.

    Compose interpolates ``.env`` values with the variables defined above them (single
    quotes keep text literal). Returns the values, the unresolved references and the
    unset ``${VAR:?}`` references, each located at its own token.
    """
    scope: dict[str, str] = {}
    unresolved: list[Located[str]] = []
    required: list[Located[str]] = []
    if env_file is None:
        return scope, unresolved, required
    from .parsers.interpolation import Miss

    for entry in env_file.entries:
        value = entry.value
        if value is None:
            continue
        if entry.quote != "'" and "$" in value:
            misses: list[Miss] = []
            try:
                value = interpolate(value, scope, misses)
            except ValueError:
                pass
            start = 0
            for m in misses:
                pos = entry.raw.find(m.token, start)
                loc = entry.loc
                if pos >= 0:
                    start = pos + len(m.token)
                    before = entry.raw[:pos]
                    line = entry.loc.line + before.count("\n")
                    col = pos - (before.rfind("\n") + 1) + 1
                    loc = Location(entry.loc.path, line, col)
                (required if m.required else unresolved).append(Located(m.name, loc))
        scope[entry.key] = value
    return scope, unresolved, required


__all__ = ["Loader", "project_environment", "ComposeFile", "PgBouncerIni", "RedisConf"]
