"""The plugin manager factory and a typed facade that flattens and checks hook results."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import pluggy

from . import hookspecs

if TYPE_CHECKING:
    from .reporters import Reporter
    from .rule import Rule

hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT)
ENTRY_POINT_GROUP = "tel3sis_lint"

# Registered first, under the same names their entry points carry, so the entry-point
# pass skips them when the package is installed and finds them when it is not.
BUILTIN_PLUGINS = (
    ("builtin-linter", "tel3sis_lint.rules.linter"),
    ("builtin-celery", "tel3sis_lint.rules.celery"),
    ("builtin-database", "tel3sis_lint.rules.database"),
    ("builtin-redis", "tel3sis_lint.rules.redis"),
    ("builtin-settings", "tel3sis_lint.rules.settings"),
    ("builtin-security", "tel3sis_lint.rules.security"),
    ("builtin-compose", "tel3sis_lint.rules.compose"),
    ("builtin-reporters", "tel3sis_lint.reporters"),
)


class PluginError(Exception):
    """A plugin failed to load or clashes with another (exit 2)."""


def make_plugin_manager(
    extra: Iterable[object] = (), load_entry_points: bool = True
) -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name, module in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(module), name=name)
    if load_entry_points:
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as exc:  # a broken third-party pack must not crash us
            raise PluginError(f"cannot load a {ENTRY_POINT_GROUP} plugin: {exc}") from None
    for plugin in extra:
        pm.register(plugin)
    return pm


def _plugin_name(pm: pluggy.PluginManager, plugin: object) -> str:
    name = pm.get_name(plugin)
    if name:
        return name
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    return type(plugin).__name__


@dataclass(frozen=True)
class Registry:
    """Rules and reporters from every plugin, sorted by code, duplicates rejected."""

    rules: tuple[Rule, ...]
    reporters: dict[str, Reporter]

    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.rules}

    def find(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        for r in self.rules:
            if r.code == key.upper() or r.name == key.lower():
                return r
        return None


def load_registry(pm: pluggy.PluginManager) -> Registry:
    from .rule import CODE_RE, Rule

    rules: dict[str, tuple[Rule, str]] = {}
    names: dict[str, str] = {}
    for impl in pm.hook.tel3sis_lint_rules.get_hookimpls():
        owner = _plugin_name(pm, impl.plugin)
        try:
            contributed: Any = impl.function()
        except Exception as exc:
            raise PluginError(f"plugin {owner!r} failed to list its rules: {exc}") from None
        for r in contributed or ():
            if not isinstance(r, Rule) or not CODE_RE.match(r.code):
                raise PluginError(f"plugin {owner!r} returned something that is not a rule: {r!r}")
            if r.code in rules:
                raise PluginError(
                    f"rule code {r.code} is defined by both {rules[r.code][1]!r} and {owner!r}"
                )
            if r.name in names:
                raise PluginError(
                    f"rule name {r.name!r} is defined by both {names[r.name]!r} and {owner!r}"
                )
            rules[r.code] = (r, owner)
            names[r.name] = owner
    reporters: dict[str, Reporter] = {}
    for impl in pm.hook.tel3sis_lint_reporters.get_hookimpls():
        contributed_reporters: dict[str, Reporter] = cast(
            "dict[str, Reporter]", impl.function() or {}
        )
        for fmt, func in contributed_reporters.items():
            reporters.setdefault(fmt, func)
    ordered = tuple(Rule(r.meta, r.check, owner) for _, (r, owner) in sorted(rules.items()))
    return Registry(ordered, reporters)
