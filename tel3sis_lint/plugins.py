"""The plugin manager factory and a typed facade that flattens and checks hook results."""

from __future__ import annotations

import importlib
import os
import re
import sys
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


def entry_points(group: str) -> list[tuple[str, str]]:
    """``(name, "module:attr")`` for every installed distribution's entry points in ``group``.

    Reads the distributions' ``entry_points.txt`` files directly, in ``sys.path`` order,
    the first copy of a distribution winning (as importlib.metadata does). Building
    importlib.metadata's view of every installed package costs more than linting a small
    deployment, and a pre-commit hook pays it on every commit.
    """
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    header = f"[{group}]"
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            dist = re.sub(r"[-_.]+", "-", name.rsplit(".", 1)[0].split("-")[0]).lower()
            if dist in seen:
                continue
            seen.add(dist)
            try:
                with open(
                    os.path.join(entry or ".", name, "entry_points.txt"), encoding="utf-8"
                ) as fh:
                    text = fh.read()
            except OSError:
                continue
            if header in text:
                found.extend(_section(text, header))
    return found


def _section(text: str, header: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            inside = line == header
        elif inside and "=" in line and not line.startswith(("#", ";")):
            name, _, value = line.partition("=")
            out.append((name.strip(), value.split("[", 1)[0].strip()))
    return out


def _resolve(target: str) -> object:
    module, _, attr = target.partition(":")
    obj: object = importlib.import_module(module.strip())
    for part in filter(None, attr.strip().split(".")):
        obj = getattr(obj, part)
    return obj


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
        for name, target in entry_points(ENTRY_POINT_GROUP):
            if pm.get_plugin(name) is not None or pm.is_blocked(name):
                continue  # a built-in pack, already registered under its entry-point name
            try:
                pm.register(_resolve(target), name=name)
            except Exception as exc:  # a broken third-party pack must not crash us
                raise PluginError(
                    f"cannot load the {ENTRY_POINT_GROUP} plugin {name!r} ({target}): {exc}"
                ) from None
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
