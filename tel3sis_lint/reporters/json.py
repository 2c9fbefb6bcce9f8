"""A JSON array of diagnostics, sorted by path, line, code.

Each object carries ``schema_version`` (1). Fields are only ever added, never renamed or
removed, and a field's meaning never changes within a schema version, so a consumer that
ignores fields it does not know keeps working.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from ..masking import mask_text

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..engine import LintResult

SCHEMA_VERSION = 1


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
        "fingerprint": d.fingerprint,
        "schema_version": SCHEMA_VERSION,
    }


def report(result: LintResult, stream: TextIO) -> None:
    json.dump([as_dict(d) for d in result.diagnostics], stream, indent=2)
    stream.write("\n")
