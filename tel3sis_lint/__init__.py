"""tel3sis-lint: one model of a whole Celery + Redis + PostgreSQL/PgBouncer deployment, checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

from .diagnostics import Diagnostic, Finding, Location, Severity  # noqa: E402
from .plugins import hookimpl  # noqa: E402
from .rule import Rule, RuleContext, rule  # noqa: E402

if TYPE_CHECKING:
    import os
    from collections.abc import Mapping, Sequence
    from typing import Any

    from .engine import LintResult
    from .settings import Settings


def lint(
    paths: Sequence[str | os.PathLike[str]] = (".",),
    settings: Settings | Mapping[str, Any] | None = None,
) -> LintResult:
    """Lint ``paths`` and return the result (see :func:`tel3sis_lint.api.lint`)."""
    from .api import lint as _lint

    return _lint(paths, settings)


__all__ = [
    "Diagnostic",
    "Finding",
    "Location",
    "Rule",
    "RuleContext",
    "Severity",
    "__version__",
    "hookimpl",
    "lint",
    "rule",
]
