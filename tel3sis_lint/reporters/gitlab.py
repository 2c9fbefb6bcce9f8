"""A GitLab Code Quality report: a JSON array of issues (``artifacts:reports:codequality``)."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, TextIO

from ..masking import mask_text

if TYPE_CHECKING:
    from ..engine import LintResult

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def issues(result: LintResult) -> list[dict[str, Any]]:
    out = []
    seen: set[str] = set()
    for d in result.diagnostics:
        # GitLab keeps one issue per fingerprint: two findings of one rule about one thing
        # (rare) get distinct ones, derived in order so that they stay stable too
        fingerprint = d.fingerprint
        n = 1
        while fingerprint in seen:
            n += 1
            fingerprint = hashlib.sha256(f"{d.fingerprint}:{n}".encode()).hexdigest()[:32]
        seen.add(fingerprint)
        out.append(
            {
                "description": f"{d.code} [{d.name}] {mask_text(d.message)}",
                "check_name": f"{d.code}-{d.name}",
                "fingerprint": fingerprint,
                "severity": SEVERITIES[d.severity.label],
                "location": {"path": d.location.path, "lines": {"begin": d.location.line}},
            }
        )
    return out


def report(result: LintResult, stream: TextIO) -> None:
    json.dump(issues(result), stream, indent=2)
    stream.write("\n")
