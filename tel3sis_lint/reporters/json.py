"""A JSON array of diagnostics, sorted by path, line, code."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from ..masking import mask_text

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..engine import LintResult


def as_dict(d: Diagnostic) -> dict[str, Any]:
    loc = d.location
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": mask_text(d.message),
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "related": [{"path": r.path, "line": r.line, "column": r.column} for r in d.related],
    }


def report(result: LintResult, stream: TextIO) -> None:
    json.dump([as_dict(d) for d in result.diagnostics], stream, indent=2)
    stream.write("\n")
