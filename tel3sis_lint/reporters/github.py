"""GitHub Actions workflow commands: an ``::error``/``::warning``/``::notice`` annotation each.

Chosen by default when ``GITHUB_ACTIONS=true`` and no ``--format`` is given. Paths are
relative to where the linter ran, so run it from the repository root for the
annotations to land on the right files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from ..masking import mask_text

if TYPE_CHECKING:
    from ..engine import LintResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message after ``::``: ``%``, CR and LF are percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property: as data, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report(result: LintResult, stream: TextIO) -> None:
    for d in result.diagnostics:
        loc = d.location
        props = [("file", loc.path), ("line", str(loc.line)), ("col", str(loc.column))]
        if loc.end_line is not None:
            props.append(("endLine", str(loc.end_line)))
        if loc.end_column is not None:
            props.append(("endColumn", str(loc.end_column)))
        props.append(("title", f"{d.code} {d.name}"))
        joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
        stream.write(
            f"::{COMMANDS[d.severity.label]} {joined}::{escape_data(mask_text(d.message))}\n"
        )
    for err in result.internal_errors:
        stream.write(
            f"::error title={escape_property('tel3sis-lint internal error')}::"
            f"{escape_data(mask_text(err))}\n"
        )
