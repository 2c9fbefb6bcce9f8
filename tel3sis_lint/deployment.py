"""Located values and the parsed-file types every parser returns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

from .diagnostics import Location

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Located(Generic[T]):
    """A value with the place it was written."""

    value: T
    loc: Location


class FileKind(Enum):
    COMPOSE = "compose"
    ENV = "env"
    PGBOUNCER = "pgbouncer"
    SENTINEL = "sentinel"
    REDIS = "redis"


# ---------------------------------------------------------------- YAML (compose)


@dataclass(frozen=True, slots=True)
class YScalar:
    """A YAML scalar. ``value`` is interpolated text (None for null), ``raw`` the text as written.

    Scalars keep their source text: Compose reads YAML 1.2, so ``22:22`` and ``yes`` are
    strings, and the model decides what a field's text means.
    """

    value: str | None
    loc: Location
    raw: str | None = None
    plain: bool = True
    tag: str | None = None  # non-core tags such as !reset / !override
    unresolved: bool = False  # interpolation met a variable with no value (TL002)

    @property
    def text(self) -> str:
        return "" if self.value is None else self.value


@dataclass(frozen=True, slots=True)
class YSeq:
    items: tuple[YNode, ...]
    loc: Location
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class YMap:
    """A mapping with merge keys applied; ``keys`` holds each key's own location."""

    entries: Mapping[str, YNode]
    loc: Location
    keys: Mapping[str, Location] = field(default_factory=dict)
    tag: str | None = None

    def get(self, key: str) -> YNode | None:
        return self.entries.get(key)

    def key_loc(self, key: str) -> Location:
        return self.keys.get(key, self.loc)

    def items(self) -> Iterator[tuple[str, YNode]]:
        return iter(self.entries.items())


YNode = YScalar | YSeq | YMap


@dataclass(frozen=True, slots=True)
class ComposeFile:
    path: str
    root: YMap
    unresolved: tuple[Located[str], ...] = ()  # ${VAR} with no value and no default
    required_missing: tuple[Located[str], ...] = ()  # ${VAR:?msg} / ${VAR?msg} unset
    problems: tuple[Located[str], ...] = ()  # recoverable parse problems (TL001)


# ---------------------------------------------------------------- .env


@dataclass(frozen=True, slots=True)
class EnvEntry:
    key: str
    value: str | None  # as python-dotenv reads it, before interpolation; None: `KEY` alone
    loc: Location  # the key
    raw: str  # the whole source line(s)
    quote: str = ""  # "'", '"' or "" for the value's quoting
    colon: bool = False  # `KEY: value`: Compose reads it, python-dotenv cannot


@dataclass(frozen=True, slots=True)
class EnvFile:
    path: str
    entries: tuple[EnvEntry, ...]
    line_count: int
    template: bool = False
    problems: tuple[Located[str], ...] = ()
    ends_with_newline: bool = True

    @property
    def append_line(self) -> int:
        """The last line of the file: a missing setting is added after it.

        (A line past the end would be more literal, but editors, code-scanning viewers and
        `ignore[...]` comments all need a line that exists.)
        """
        return max(1, self.line_count)


# ---------------------------------------------------------------- INI / conf


@dataclass(frozen=True, slots=True)
class IniSetting:
    key: str  # lower-cased
    value: str  # everything after '=' (stripped): PgBouncer keeps inline comments
    loc: Location  # the key
    value_loc: Location


@dataclass(frozen=True, slots=True)
class IniSection:
    name: str  # lower-cased
    loc: Location
    settings: tuple[IniSetting, ...]

    def get(self, key: str) -> IniSetting | None:
        found = None
        for s in self.settings:
            if s.key == key:
                found = s  # the last one wins, as in PgBouncer
        return found


@dataclass(frozen=True, slots=True)
class PgBouncerIni:
    path: str
    sections: tuple[IniSection, ...]
    line_count: int
    problems: tuple[Located[str], ...] = ()

    def section(self, name: str) -> IniSection | None:
        for s in self.sections:
            if s.name == name:
                return s
        return None


@dataclass(frozen=True, slots=True)
class ConfDirective:
    name: str  # lower-cased first word
    args: tuple[str, ...]
    loc: Location


@dataclass(frozen=True, slots=True)
class SentinelMonitor:
    master: str
    host: str
    port: int
    quorum: int
    loc: Location


@dataclass(frozen=True, slots=True)
class RedisConf:
    """A redis.conf or sentinel.conf: directives in order, plus the Sentinel bits decoded."""

    path: str
    directives: tuple[ConfDirective, ...]
    line_count: int
    monitors: tuple[SentinelMonitor, ...] = ()
    problems: tuple[Located[str], ...] = ()

    def get(self, name: str) -> ConfDirective | None:
        found = None
        for d in self.directives:
            if d.name == name:
                found = d
        return found

    def sentinel(self, sub: str) -> tuple[ConfDirective, ...]:
        return tuple(
            d
            for d in self.directives
            if d.name == "sentinel" and d.args and d.args[0].lower() == sub
        )

    @property
    def is_sentinel(self) -> bool:
        return bool(self.monitors) or any(d.name == "sentinel" for d in self.directives)


ParsedFile = ComposeFile | EnvFile | PgBouncerIni | RedisConf
