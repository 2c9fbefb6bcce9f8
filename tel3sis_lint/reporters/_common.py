"""What several formats share: masked source excerpts, fix hints, rule lookup, level names."""

from __future__ import annotations

import functools
import os
import re
from typing import TYPE_CHECKING

from ..masking import mask_text

if TYPE_CHECKING:
    from ..diagnostics import Location
    from ..engine import LintResult
    from ..rule import RuleMeta

TAB = "    "
# C0 and C1 control characters except tab: a hostile file must not drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_MARK = "\x00"  # stands in for the reported column while the line is masked


def rules_by_code(result: LintResult) -> dict[str, RuleMeta]:
    return {meta.code: meta for meta in result.rules}


def source_line(result: LintResult, loc: Location) -> str | None:
    """The reported line's text, masked, or None when the run did not keep it."""
    text = result.sources.get(loc.path, {}).get(loc.line)
    return None if text is None else mask_text(text)


def printable(text: str) -> str:
    """``text`` with tabs expanded and control characters shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text.replace("\t", TAB))


def excerpt(result: LintResult, loc: Location) -> tuple[str, int] | None:
    """The masked, printable source line and the caret's offset in it, or None.

    Masking can shorten the text before the column (a password before the reported
    host), so the column is marked in the raw line and found again after masking.
    """
    raw = result.sources.get(loc.path, {}).get(loc.line)
    if raw is None:
        return None
    masked = mask_text(raw)
    col = max(loc.column, 1) - 1
    marked = mask_text(raw[:col] + _MARK + raw[col:])
    at = marked.find(_MARK)
    if at < 0:  # the column fell inside a masked value: point at the mask
        at = min(col, len(os.path.commonprefix([raw, masked])))
    return printable(masked), len(printable(masked[:at]))


def doc_section(doc: str, title: str) -> str:
    """The body of the ``## title`` section of a rule's Markdown doc, or ''."""
    lines = doc.splitlines()
    for i, line in enumerate(lines):
        if line.strip().lower() == f"## {title}".lower():
            body = []
            for rest in lines[i + 1 :]:
                if rest.startswith("## "):
                    break
                body.append(rest)
            return "\n".join(body).strip()
    return ""


def first_sentence(text: str) -> str:
    """The first sentence of a Markdown paragraph; a full stop inside `code` does not end it."""
    flat = " ".join(text.split())
    in_code = False
    for i, ch in enumerate(flat):
        if ch == "`":
            in_code = not in_code
        elif ch in ".!?" and not in_code and (i + 1 == len(flat) or flat[i + 1] == " "):
            return flat[: i + 1]
    return flat


def fix_hint(meta: RuleMeta | None) -> str:
    """The first sentence of the rule's "How to fix" section, or ''."""
    if meta is None:
        return ""
    return _hint(meta.doc)


@functools.lru_cache(maxsize=256)
def _hint(doc: str) -> str:
    return first_sentence(doc_section(doc, "How to fix"))


def sarif_level(label: str) -> str:
    """SARIF and GitHub say "note" where we say "info"."""
    return "note" if label == "info" else label
