"""``path:line:col: CODE message``, one line per diagnostic and nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from ..masking import mask_text

if TYPE_CHECKING:
    from ..engine import LintResult


def report(result: LintResult, stream: TextIO) -> None:
    for d in result.diagnostics:
        stream.write(f"{d.location}: {d.code} {mask_text(d.message)}\n")
