"""Inline suppressions: ``# tel3sis-lint: ignore[TL101]`` (line or line above) and ``ignore-file``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MARK = re.compile(
    r"(?:#|;)\s*tel3sis-lint:\s*(?P<kind>ignore-file|ignore)\s*\[(?P<codes>[^\]]*)\]"
)


@dataclass
class FileSuppressions:
    by_line: dict[int, set[str]] = field(default_factory=dict)  # line of the comment -> codes
    whole_file: set[str] = field(default_factory=set)

    def suppresses(self, code: str, line: int) -> bool:
        if _matches(code, self.whole_file):
            return True
        for candidate in (line, line - 1):
            codes = self.by_line.get(candidate)
            if codes and _matches(code, codes):
                return True
        return False


def _matches(code: str, codes: set[str]) -> bool:
    return "*" in codes or "ALL" in codes or code in codes


def scan(text: str) -> FileSuppressions:
    result = FileSuppressions()
    if "tel3sis-lint" not in text:
        return result
    for idx, line in enumerate(text.splitlines(), start=1):
        if "tel3sis-lint" not in line:
            continue
        for m in _MARK.finditer(line):
            codes = {c.strip().upper() for c in m["codes"].split(",") if c.strip()}
            if m["kind"] == "ignore-file":
                result.whole_file |= codes
            else:
                result.by_line.setdefault(idx, set()).update(codes)
    return result
