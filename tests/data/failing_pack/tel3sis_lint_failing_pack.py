"""A rule pack whose rule raises: the run must report it by name and go on."""

from __future__ import annotations

from collections.abc import Iterator

from tel3sis_lint import Finding, RuleContext, Severity, hookimpl, rule


@rule("XF001", "always-crashes", Severity.ERROR, "A deliberately broken rule")
def always_crashes(ctx: RuleContext) -> Iterator[Finding]:
    """Raises on purpose."""
    raise RuntimeError("deliberate failure")
    yield  # pragma: no cover


@hookimpl
def tel3sis_lint_rules() -> list[object]:
    return [always_crashes]
