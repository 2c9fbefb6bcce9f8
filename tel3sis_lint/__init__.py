"""tel3sis-lint: one model of a whole Celery + Redis + PostgreSQL/PgBouncer deployment, checked."""

from __future__ import annotations

__version__ = "0.1.0"

from .diagnostics import Diagnostic, Finding, Location, Severity  # noqa: E402
from .plugins import hookimpl  # noqa: E402
from .rule import Rule, RuleContext, rule  # noqa: E402

__all__ = [
    "Diagnostic",
    "Finding",
    "Location",
    "Rule",
    "RuleContext",
    "Severity",
    "__version__",
    "hookimpl",
    "rule",
]
