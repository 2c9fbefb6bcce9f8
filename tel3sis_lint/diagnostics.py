"""Severity, locations, findings (what rules yield) and diagnostics (what users see)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple


class Severity(IntEnum):
    """Ordered so that "fail at or above" is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


class Location(NamedTuple):
    """A 1-based position in a file; ``path`` is relative to the linted root (POSIX form).

    A named tuple rather than a dataclass: the parsers make one for every YAML node, and
    a tuple is several times cheaper to build.
    """

    path: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Edit:
    """A line-based text edit a safe fix makes.

    Within lines ``start``..``end`` (1-based, inclusive) of ``path``, the first match of the
    regular expression ``pattern`` is replaced by ``replacement``; when ``replacement`` is
    None, the whole line holding the match is deleted. Edits touch nothing else: not the
    comments, order, quoting or line endings of any other line.
    """

    path: str
    start: int
    end: int
    pattern: str
    replacement: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: where, what, and the other places a cross-file finding involves.

    ``key`` names the thing the finding is about (a service, a setting, a section) so that
    a finding keeps its identity when unrelated lines move. ``severity`` overrides the
    rule's configured severity for this one finding (TL303 reports a too-small quorum as
    a warning, a too-large one as an error).
    """

    location: Location
    message: str
    related: tuple[Location, ...] = ()
    key: str = ""
    severity: Severity | None = None
    fix: tuple[Edit, ...] = ()  # a safe fix: applying these edits resolves the finding


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding stamped with the rule's identity and effective severity."""

    location: Location
    code: str
    name: str
    severity: Severity
    message: str
    related: tuple[Location, ...] = ()
    key: str = ""
    fix: tuple[Edit, ...] = ()

    @property
    def fingerprint(self) -> str:
        """A finding's identity that survives edits elsewhere in the file.

        Rule, file and the named thing the finding is about (``key``); the line only when a
        rule gives no key. Baselines, SARIF partialFingerprints and GitLab reports use it.
        """
        import hashlib

        what = self.key or f"line:{self.location.line}:{self.message}"
        raw = f"{self.code}\x1f{self.location.path}\x1f{what}"
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    @property
    def sort_key(self) -> tuple[str, int, str, int, str]:
        loc = self.location
        return (loc.path, loc.line, self.code, loc.column, self.message)
