"""Baselines: record today's findings, then report only new ones.

A finding's identity is its rule, its file and the named thing it is about (service,
setting, section: the diagnostic's fingerprint), never its line, so edits elsewhere in
a file do not bring old findings back, and an old finding in one file never hides a new
one in another. Identities are counted: a third duplicate of a setting that had two in
the baseline is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .diagnostics import Diagnostic
from .fixes import write_atomically

VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read (exit 2)."""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    code: str
    path: str
    message: str
    count: int


def _entries(diagnostics: Iterable[Diagnostic]) -> list[Entry]:
    counts: Counter[str] = Counter()
    first: dict[str, Diagnostic] = {}
    for d in diagnostics:
        counts[d.fingerprint] += 1
        first.setdefault(d.fingerprint, d)
    return sorted(
        (Entry(fp, d.code, d.location.path, d.message, counts[fp]) for fp, d in first.items()),
        key=lambda e: (e.path, e.code, e.fingerprint),
    )


def write_baseline(path: str, diagnostics: Iterable[Diagnostic]) -> int:
    """Write the baseline (atomically); returns the number of findings recorded."""
    from .masking import mask_text

    entries = _entries(diagnostics)
    data = {
        "tool": "tel3sis-lint",
        "version": VERSION,
        "findings": [
            {
                "fingerprint": e.fingerprint,
                "code": e.code,
                "path": e.path,
                "count": e.count,
                "message": mask_text(e.message),
            }
            for e in entries
        ],
    }
    text = json.dumps(data, indent=2) + "\n"
    if os.path.exists(path):
        write_atomically(path, text)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return sum(e.count for e in entries)


def read_baseline(path: str) -> dict[str, Entry]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: not a tel3sis-lint baseline (invalid JSON: {exc})") from None
    if (
        not isinstance(data, dict)
        or data.get("tool") != "tel3sis-lint"
        or data.get("version") != VERSION
    ):
        raise BaselineError(f"{path}: not a tel3sis-lint baseline (version {VERSION})")
    out: dict[str, Entry] = {}
    try:
        for item in data["findings"]:
            out[item["fingerprint"]] = Entry(
                item["fingerprint"],
                item["code"],
                item["path"],
                item.get("message", ""),
                int(item["count"]),
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise BaselineError(f"{path}: malformed baseline entry ({exc})") from None
    return out


def apply_baseline(
    diagnostics: list[Diagnostic], baseline: dict[str, Entry]
) -> tuple[list[Diagnostic], list[Entry]]:
    """(diagnostics not in the baseline, baseline entries that no longer occur)."""
    left = {fp: e.count for fp, e in baseline.items()}
    new: list[Diagnostic] = []
    for d in diagnostics:
        if left.get(d.fingerprint, 0) > 0:
            left[d.fingerprint] -= 1
        else:
            new.append(d)
    stale = [baseline[fp] for fp, n in left.items() if n == baseline[fp].count]
    stale.sort(key=lambda e: (e.path, e.code))
    return new, stale
