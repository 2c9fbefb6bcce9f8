"""One JSON object per line (the ``json`` format's objects), for streaming consumers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from .json import as_dict

if TYPE_CHECKING:
    from ..engine import LintResult


def report(result: LintResult, stream: TextIO) -> None:
    for d in result.diagnostics:
        stream.write(json.dumps(as_dict(d)) + "\n")
