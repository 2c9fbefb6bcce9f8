"""The hooks a rule pack implements; built-in packs use exactly these."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .reporters import Reporter
    from .rule import Rule

PROJECT = "tel3sis_lint"
hookspec = pluggy.HookspecMarker(PROJECT)


@hookspec
def tel3sis_lint_rules() -> Sequence[Rule]:
    """Return the rules this plugin contributes.

    Each is a :class:`tel3sis_lint.rule.Rule` made with the ``@rule`` decorator. Codes and
    names must be unique across all loaded plugins; a clash is reported naming both
    plugins and stops the run (exit 2).
    """
    raise NotImplementedError


@hookspec
def tel3sis_lint_reporters() -> dict[str, Reporter]:
    """Return output formats this plugin contributes: ``{"name": reporter}``.

    A reporter is a plain function ``(result, stream) -> None``; the name becomes a
    ``--format`` choice.
    """
    raise NotImplementedError
