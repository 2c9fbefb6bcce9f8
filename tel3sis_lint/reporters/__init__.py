"""Output formats: each a plain function ``(result, stream) -> None``, found through a hook.

A format's module is imported only when that format is used, so the CLI's start-up does
not pay for XML or SARIF when it prints text.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, TextIO

from ..plugins import hookimpl

if TYPE_CHECKING:
    from ..engine import LintResult

Reporter = Callable[["LintResult", TextIO], None]

# format name -> module in this package that defines ``report(result, stream)``
BUILTIN_FORMATS = {
    "text": "text",
    "concise": "concise",
    "json": "json",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}


def _lazy(module: str) -> Reporter:
    def report(result: LintResult, stream: TextIO) -> None:
        import_module(f"{__name__}.{module}").report(result, stream)

    report.__name__ = report.__qualname__ = f"report_{module}"
    return report


@hookimpl
def tel3sis_lint_reporters() -> dict[str, Reporter]:
    return {fmt: _lazy(module) for fmt, module in BUILTIN_FORMATS.items()}
