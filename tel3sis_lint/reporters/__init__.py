"""Output formats: each a plain function ``(result, stream) -> None``, found through a hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ..plugins import hookimpl

if TYPE_CHECKING:
    from ..engine import LintResult

Reporter = Callable[["LintResult", TextIO], None]


def _text(result: LintResult, stream: TextIO) -> None:
    from .text import report

    report(result, stream)


def _json(result: LintResult, stream: TextIO) -> None:
    from .json import report

    report(result, stream)


@hookimpl
def tel3sis_lint_reporters() -> dict[str, Reporter]:
    return {"text": _text, "json": _json}
