"""Human output: ``path:line:col: CODE [name] message``, the source line, a fix hint, a summary.

The first line of each diagnostic is the stable part (tests, editors and the README rely
on it); the lines under it are indented, so a reader of the output can tell them apart.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from typing import TYPE_CHECKING, TextIO

from ..masking import mask_text
from ._common import excerpt, fix_hint, rules_by_code

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..engine import LintResult

INDENT = "    "
_RESET = "\x1b[0m"
_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "info": "\x1b[1;36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"


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


def use_colour(stream: TextIO) -> bool:
    """Colour for a terminal, or anywhere FORCE_COLOR is set; never with NO_COLOR, never in a file."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        if stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return False
    except (AttributeError, OSError, ValueError):  # io.StringIO and other in-memory streams
        pass
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def headline(d: Diagnostic, colour: bool = False) -> str:
    """``path:line:col: CODE [name] message``: the line every text consumer parses."""
    loc = d.location
    code = _paint(d.code, _STYLE[d.severity.label], colour)
    return f"{_paint(f'{loc}:', _BOLD, colour)} {code} [{d.name}] {mask_text(d.message)}"


def details(result: LintResult, d: Diagnostic, colour: bool = False) -> list[str]:
    """The indented lines under a diagnostic: source and caret, help, related locations."""
    lines = []
    shown = excerpt(result, d.location)
    if shown is not None:
        text, offset = shown
        caret = _paint("^", _STYLE[d.severity.label], colour)
        lines += [f"{INDENT}{text}".rstrip(), f"{INDENT}{' ' * offset}{caret}"]
    hint = fix_hint(rules_by_code(result).get(d.code))
    if hint:
        lines.append(f"  {_paint('= help:', _DIM, colour)} {hint}")
    for loc in d.related:
        lines.append(f"  {_paint('= related:', _DIM, colour)} {loc}")
    return lines


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{style}{text}{_RESET}" if colour else text


def statistics(result: LintResult, stream: TextIO) -> None:
    """A count per rule, most frequent first: ``   3  TL101  single-celery-worker``."""
    counts = Counter((d.code, d.name) for d in result.diagnostics)
    if not counts:
        return
    width = max(len(code) for code, _ in counts)
    for (code, name), n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        stream.write(f"{n:>4}  {code:<{width}}  {name}\n")


def render(
    result: LintResult, stream: TextIO, *, quiet: bool = False, show_statistics: bool = False
) -> None:
    """The text report; ``quiet`` keeps only the diagnostic lines."""
    colour = use_colour(stream)
    for d in result.diagnostics:
        stream.write(headline(d, colour) + "\n")
        if not quiet:
            for line in details(result, d, colour):
                stream.write(line + "\n")
            stream.write("\n")  # a blank line closes each diagnostic's block
    if show_statistics:
        statistics(result, stream)
        if result.diagnostics and not quiet:
            stream.write("\n")
    if quiet:
        return
    for err in result.internal_errors:
        stream.write(f"internal error: {mask_text(err)}\n")
    stream.write(summary(result) + "\n")


def report(result: LintResult, stream: TextIO) -> None:
    render(result, stream)
