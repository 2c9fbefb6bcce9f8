"""How a rule is declared: metadata, options schema, and the function that yields findings."""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Finding, Severity
from .model.topology import Deployment

CODE_RE = re.compile(r"^[A-Z]{1,5}[0-9]{3,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class NoOptions:
    """A rule without options."""


@dataclass(frozen=True)
class RuleContext:
    """What a rule sees: the deployment model and its own options. Nothing else."""

    deployment: Deployment
    options: Any


RuleFunc = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True)
class RuleMeta:
    """A rule's identity and documentation.

    ``doc`` is the rule's catalogue page body (Markdown): what, why, how to fix; the rule
    function's docstring. ``options`` is a dataclass whose fields and defaults are the
    option schema (validated with pydantic when a user sets any).
    """

    code: str
    name: str
    summary: str
    severity: Severity
    doc: str
    options: type = NoOptions
    guide: str = ""  # the production-guide section the rule enforces
    fixable: bool = False
    overrides: tuple[str, ...] = ()  # codes whose finding on the same key this one replaces
    production_only: bool = False  # off in environments marked development


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    check: RuleFunc = field(compare=False)
    plugin: str = ""

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def name(self) -> str:
        return self.meta.name

    def default_options(self) -> Any:
        return self.meta.options()

    def option_fields(self) -> list[dataclasses.Field[Any]]:
        return list(dataclasses.fields(self.meta.options))


def rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    *,
    options: type = NoOptions,
    guide: str = "",
    fixable: bool = False,
    overrides: tuple[str, ...] = (),
    production_only: bool = False,
) -> Callable[[RuleFunc], Rule]:
    """Declare a rule; the decorated function's docstring is its documentation."""

    def wrap(func: RuleFunc) -> Rule:
        if not CODE_RE.match(code):
            raise ValueError(f"rule code {code!r} must look like TL123")
        if not NAME_RE.match(name):
            raise ValueError(f"rule name {name!r} must be kebab-case")
        doc = inspect.cleandoc(func.__doc__ or "")
        meta = RuleMeta(
            code, name, summary, severity, doc, options, guide, fixable, overrides, production_only
        )
        return Rule(meta, func, plugin=func.__module__)

    return wrap


def rules_of(namespace: dict[str, Any]) -> list[Rule]:
    """Every Rule object defined in a module namespace (for a pack's hook implementation)."""
    return [v for v in namespace.values() if isinstance(v, Rule)]
