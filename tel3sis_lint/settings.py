"""The resolved settings a run uses (plain data: the default path never imports pydantic)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .diagnostics import Severity
from .environments import EnvironmentSpec
from .model.topology import ModelOptions

if TYPE_CHECKING:
    from .plugins import Registry
    from .rule import Rule


class ConfigError(Exception):
    """Bad settings: one line for the user, exit 2."""


_SELECTOR = re.compile(r"^(ALL|[A-Z]{1,5}[0-9]{0,4})$")


@dataclass
class Settings:
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    severity: dict[str, Severity] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    app: ModelOptions = field(default_factory=ModelOptions)
    exclude: tuple[str, ...] = ()
    environments: tuple[EnvironmentSpec, ...] = ()
    unsuppressible: frozenset[str] = frozenset()  # codes inline comments may not silence
    require_suppression_reason: bool = False
    configured: frozenset[str] = frozenset()  # keys the settings file set ("app.profile", ...)
    options_validated: bool = False  # the file passed pydantic before (cached): skip it
    respect_gitignore: bool = True
    config_file: str | None = None
    _options: dict[str, Any] = field(default_factory=dict, repr=False)
    _codes: frozenset[str] = field(default_factory=frozenset, repr=False)

    def model_options(self) -> ModelOptions:
        return self.app

    # ---- selection (ruff-style prefixes; the longest matching prefix decides) ----

    def is_enabled(self, code: str) -> bool:
        if code == "TL001":
            # like a compiler's syntax errors: shown whatever is selected, unless named
            return "TL001" not in self.ignore
        best_on = max(
            (_match_len(s, code) for s in (*self.select, *self.extend_select)), default=-1
        )
        best_off = max((_match_len(s, code) for s in self.ignore), default=-1)
        return best_on >= 0 and best_on > best_off

    def severity_for(self, rule: Rule) -> Severity:
        return self.severity.get(rule.code, rule.meta.severity)

    def options_for(self, rule: Rule) -> Any:
        opts = self._options.get(rule.code)
        return opts if opts is not None else rule.default_options()

    def bind(self, registry: Registry) -> Settings:
        """Check every code and option against the loaded rules; raises ConfigError."""
        codes = {r.code for r in registry.rules}
        for sel in (*self.select, *self.extend_select, *self.ignore):
            if not _SELECTOR.match(sel) or (
                sel != "ALL" and not any(c.startswith(sel) for c in codes)
            ):
                raise ConfigError(
                    f"unknown rule selector {sel!r} (expected a code or prefix such as TL1)"
                )
        severity: dict[str, Severity] = {}
        for key, sev in self.severity.items():
            r = registry.find(key)
            if r is None:
                raise ConfigError(f"severity: unknown rule {key!r}")
            severity[r.code] = sev
        options: dict[str, Any] = {}
        for key, raw in self.rule_options.items():
            r = registry.find(key)
            if r is None:
                raise ConfigError(f"rules: unknown rule {key!r}")
            if r.code in options:
                raise ConfigError(f"rules: {r.code} ({r.name}) is configured twice")
            options[r.code] = validate_options(r, raw, checked=self.options_validated)
        locked: set[str] = set()
        for key in self.unsuppressible:
            r = registry.find(key)
            if r is None:
                raise ConfigError(f"unsuppressible: unknown rule {key!r}")
            locked.add(r.code)
        return replace(
            self,
            severity=severity,
            _options=options,
            _codes=frozenset(codes),
            unsuppressible=frozenset(locked),
        )


def _match_len(selector: str, code: str) -> int:
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1


def validate_options(rule: Rule, raw: dict[str, Any], checked: bool = False) -> Any:
    """Build a rule's options from user values, validated with pydantic (lazily imported)."""
    import dataclasses

    fields = {f.name for f in dataclasses.fields(rule.meta.options)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name not in fields:
            known = ", ".join(sorted(f.replace("_", "-") for f in fields)) or "none"
            raise ConfigError(
                f"rules.{rule.code}: unknown option {key!r} for {rule.name} (options: {known})"
            )
        values[name] = tuple(value) if isinstance(value, list) else value
    if checked and rule.plugin.startswith("builtin-"):
        # this settings file passed the strict check before: the values are as validated
        checked_values = dict(values)
    else:
        checked_values = _strict(rule, values)
    for f in dataclasses.fields(rule.meta.options):
        low = f.metadata.get("ge")
        if f.name in checked_values and low is not None and checked_values[f.name] < low:
            raise ConfigError(
                f"rules.{rule.code}: option {f.name.replace('_', '-')!r}: must be at least {low}"
            )
    return dataclasses.replace(rule.meta.options(), **checked_values)


def _strict(rule: Rule, values: dict[str, Any]) -> dict[str, Any]:
    import dataclasses
    import typing

    from pydantic import ConfigDict, ValidationError, create_model

    hints = typing.get_type_hints(rule.meta.options, include_extras=True)
    schema = create_model(  # type: ignore[call-overload]
        f"{rule.meta.options.__name__}Settings",
        # strict: true is not a number and "3" is not an integer in a settings file
        __config__=ConfigDict(strict=True, extra="forbid"),
        **{
            f.name: (hints[f.name], ...)
            for f in dataclasses.fields(rule.meta.options)
            if f.name in values
        },
    )
    try:
        checked = dict(schema.model_validate(values))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]).replace("_", "-")
        raise ConfigError(f"rules.{rule.code}: option {where!r}: {err['msg']}") from None
    return checked
