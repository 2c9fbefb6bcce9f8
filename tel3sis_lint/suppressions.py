"""Inline suppressions, with reasons: ``# tel3sis-lint: ignore[TL101] reason``.

``ignore[...]`` covers its own line and the line below it; ``ignore-file[...]`` the whole
file. Codes may be written as codes (``TL101``) or rule names (``single-celery-worker``),
comma-separated. The text after the bracket is the reason. Each use is recorded, so that
TL003 can report suppressions that name unknown rules or suppress nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .diagnostics import Location

_MARK = re.compile(
    r"(?:#|;)\s*tel3sis-lint:\s*(?P<kind>ignore-file|ignore)\b\s*(?:\[(?P<codes>[^\]]*)\])?(?P<reason>[^#;\r\n]*)"
)


@dataclass
class Suppression:
    loc: Location  # the comment
    codes: tuple[str, ...]  # as written; codes and names resolve in any case
    reason: str
    whole_file: bool
    used: set[str] = field(default_factory=set)  # resolved codes it hid a finding of


@dataclass
class FileSuppressions:
    items: list[Suppression] = field(default_factory=list)

    def match(
        self,
        code: str,
        line: int,
        resolve: Callable[[str], str | None],
        skip: Suppression | None = None,
    ) -> Suppression | None:
        """The suppression (other than ``skip``) that covers ``code`` on ``line``, if any."""
        for s in self.items:
            if s is skip:
                continue
            if not s.whole_file and line not in (s.loc.line, s.loc.line + 1):
                continue
            if any(resolve(c) == code for c in s.codes):
                return s
        return None


def scan(text: str, path: str) -> FileSuppressions:
    result = FileSuppressions()
    if "tel3sis-lint" not in text:
        return result
    for idx, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if "tel3sis-lint" not in line:
            continue
        for m in _MARK.finditer(line):
            raw = m["codes"] or ""
            codes = tuple(c.strip() for c in raw.split(",") if c.strip())
            result.items.append(
                Suppression(
                    Location(path, idx, m.start() + 1),
                    codes,
                    m["reason"].strip(),
                    m["kind"] == "ignore-file",
                )
            )
    return result
