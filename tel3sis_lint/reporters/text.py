"""``path:line:col: CODE [name] message`` lines and a one-line summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from ..masking import mask_text

if TYPE_CHECKING:
    from ..engine import LintResult


def summary(result: LintResult) -> str:
    counts = result.counts()
    total = sum(counts.values())
    if total == 0:
        files = result.files_checked
        return f"All clear: {files} file{'s' if files != 1 else ''} checked, no problems found."
    parts = [f"{n} {label}{'s' if n != 1 else ''}" for label, n in counts.items() if n]
    files = result.files_checked
    return (
        f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
        f"in {files} file{'s' if files != 1 else ''}."
    )


def report(result: LintResult, stream: TextIO) -> None:
    for d in result.diagnostics:
        loc = d.location
        stream.write(
            f"{loc.path}:{loc.line}:{loc.column}: {d.code} [{d.name}] {mask_text(d.message)}\n"
        )
    for err in result.internal_errors:
        stream.write(f"internal error: {mask_text(err)}\n")
    stream.write(summary(result) + "\n")
