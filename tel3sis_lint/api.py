"""The Python API for tools that embed the linter."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from .engine import LintResult
from .engine import lint as _lint
from .plugins import Registry, load_registry, make_plugin_manager
from .settings import Settings

_REGISTRY: Registry | None = None


def _registry() -> Registry:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = load_registry(make_plugin_manager())
    return _REGISTRY


def settings_from(values: Mapping[str, Any], source: str = "<api>") -> Settings:
    """Settings from a mapping with the keys of ``[tool.tel3sis-lint]`` (validated)."""
    from .config import validate_section

    return validate_section(dict(values), source)


def lint(
    paths: Sequence[str | os.PathLike[str]] = (".",),
    settings: Settings | Mapping[str, Any] | None = None,
) -> LintResult:
    """Lint ``paths`` as the command line does and return the result.

    ``settings`` is a :class:`~tel3sis_lint.settings.Settings`, a mapping with the keys of
    ``[tool.tel3sis-lint]`` (``{"select": ["TL1"], "app": {"profile": "tel3sis"}}``), or
    None to read the settings file found from the first path, as the CLI does. Raises
    :class:`~tel3sis_lint.settings.ConfigError` for bad settings. The result's
    ``diagnostics`` are sorted by path, line and code; ``result.exit_code(...)`` gives the
    CLI's exit code.
    """
    names = [os.fspath(p) for p in paths] or ["."]
    if settings is None:
        from .config import load_settings

        resolved = load_settings(None, names[0])
    elif isinstance(settings, Settings):
        resolved = settings
    else:
        resolved = settings_from(settings)
    registry = _registry()
    return _lint(names, resolved.bind(registry), registry)
