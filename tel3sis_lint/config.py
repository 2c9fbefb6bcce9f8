"""Settings files: ``[tool.tel3sis-lint]`` in pyproject.toml or a ``.tel3sis-lint.toml``.

Found from the first linted path upwards (stopping at a repository root); validated by a
pydantic model whose error names the bad key. pydantic is imported only when a file exists.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from .diagnostics import Severity
from .environments import EnvironmentSpec
from .model.topology import ModelOptions
from .settings import ConfigError, Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".tel3sis-lint.toml", "tel3sis-lint.toml", "pyproject.toml")


def _read_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid UTF-8 (byte 0x{exc.object[exc.start]:02x})") from None


def _section(path: str, data: dict[str, Any]) -> dict[str, Any] | None:
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        if isinstance(tool, dict) and "tel3sis-lint" in tool:
            section = tool["tel3sis-lint"]
            return section if isinstance(section, dict) else {}
        return None
    return data


def find_config(start: str) -> str | None:
    cur = os.path.abspath(start)
    if os.path.isfile(cur):
        cur = os.path.dirname(cur)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(cur, name)
            if os.path.isfile(candidate):
                if name != "pyproject.toml":
                    return candidate
                data = _read_toml(candidate)
                if _section(candidate, data) is not None:
                    return candidate
        if os.path.exists(os.path.join(cur, ".git")):
            return None
        parent = os.path.dirname(cur)
        if parent == cur:
            return None
        cur = parent


def load_settings(config: str | None, start: str) -> Settings:
    """Settings from ``config`` (explicit) or the file found from ``start``; defaults if none."""
    path = config or find_config(start)
    if path is None:
        return Settings()
    data = _read_toml(path)
    section = _section(path, data)
    if section is None:
        if config:
            raise ConfigError(f"{path}: no [tool.tel3sis-lint] section")
        return Settings()
    return validate_section(section, path)


def _configured_keys(section: dict[str, Any]) -> frozenset[str]:
    """The keys a settings file set: top level, and `app.x` / `severity.x` / `rules.x`."""
    keys = set(section)
    for table in ("app", "severity", "rules"):
        if isinstance(section.get(table), dict):
            keys.update(f"{table}.{k}" for k in section[table])
    return frozenset(keys)


def validate_section(section: dict[str, Any], path: str) -> Settings:
    """Settings from the keys of ``[tool.tel3sis-lint]``; ``path`` names their source.

    The pydantic schema checks them (strictly: no value is converted, so what passes is
    used as written). A file that passed once is remembered by its content's hash in the
    user's cache folder, so later runs skip importing pydantic (a pre-commit hook's start
    time); ``TEL3SIS_LINT_NO_CACHE=1`` turns that off.
    """
    if os.path.basename(path) != "pyproject.toml" and "tool" in section:
        raise ConfigError(
            f"{path}: write the settings at the top level of this file, without a "
            "[tool.tel3sis-lint] table (that table belongs in pyproject.toml)"
        )
    marker = _validated_marker(path, section)
    validated = marker is not None and os.path.exists(marker)
    if not validated:
        _check(section, path)
        _remember(marker)
    settings = _build(section, path)
    settings.options_validated = validated
    return settings


def _check(section: dict[str, Any], path: str) -> None:
    from pydantic import ValidationError

    from ._config_model import ConfigFile

    try:
        ConfigFile.model_validate(section)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{path}: [tool.tel3sis-lint] {where}: {err['msg']}") from None


def _cache_dir() -> str | None:
    if os.environ.get("TEL3SIS_LINT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "tel3sis-lint")


def _validated_marker(path: str, section: dict[str, Any]) -> str | None:
    folder = _cache_dir()
    if folder is None:
        return None
    import hashlib
    import json

    from . import __version__

    raw = json.dumps([__version__, os.path.abspath(path), section], sort_keys=True, default=str)
    return os.path.join(folder, "valid-" + hashlib.sha256(raw.encode()).hexdigest()[:40])


def _remember(marker: str | None) -> None:
    if marker is None:
        return
    try:
        os.makedirs(os.path.dirname(marker), exist_ok=True)
        with open(marker, "w", encoding="utf-8") as fh:
            fh.write("validated\n")
    except OSError:
        pass  # a read-only home only costs the next run the check again


def _build(section: dict[str, Any], path: str) -> Settings:
    """Settings from a checked section (keys as written in the file, values as validated)."""
    app: dict[str, Any] = section.get("app", {})
    defaults = ModelOptions()
    user_set = frozenset(
        name
        for name, alias in (
            ("app", "profile"),
            ("required_settings", "required-settings"),
            ("routed_queues", "routed-queues"),
            ("redis_url_client", "redis-url-client"),
        )
        if alias in app
    )
    options = ModelOptions(
        user_set=user_set,
        app=app.get("profile", defaults.app),
        required_settings=tuple(app.get("required-settings", defaults.required_settings)),
        celery_wrappers=tuple(app.get("celery-wrappers", ())),
        pgbouncer_port=app.get("pgbouncer-port", defaults.pgbouncer_port),
        require_pgbouncer=app.get("require-pgbouncer", defaults.require_pgbouncer),
        redis_url_client=app.get("redis-url-client", defaults.redis_url_client),
        routed_queues=tuple(app.get("routed-queues", defaults.routed_queues)),
    )
    base = os.path.dirname(os.path.abspath(path))

    def resolve(rel: str) -> str:
        return os.path.normpath(os.path.join(base, rel))

    environments = tuple(
        EnvironmentSpec(
            name=name,
            compose=tuple(resolve(c) for c in env["compose"]),
            env_file=resolve(env["env-file"]) if env.get("env-file") else None,
            mode=env.get("mode", "production"),
            profiles=tuple(env["profiles"]) if env.get("profiles") is not None else None,
        )
        for name, env in section.get("environments", {}).items()
    )
    for spec in environments:
        for f in spec.compose:
            if not os.path.isfile(f):
                raise ConfigError(f"{path}: environments.{spec.name}: no compose file {f}")
    select = section.get("select")
    return Settings(
        select=tuple(s.upper() for s in select) if select is not None else ("ALL",),
        extend_select=tuple(s.upper() for s in section.get("extend-select", ())),
        ignore=tuple(s.upper() for s in section.get("ignore", ())),
        fail_on=Severity.parse(section.get("fail-on", "warning")),
        severity={k: Severity.parse(v) for k, v in section.get("severity", {}).items()},
        rule_options=dict(section.get("rules", {})),
        app=options,
        exclude=tuple(section.get("exclude", ())),
        respect_gitignore=section.get("respect-gitignore", True),
        config_file=path,
        environments=environments,
        configured=_configured_keys(section),
        unsuppressible=frozenset(
            s.upper() if s[:2].isalpha() and s[2:].isdigit() else s
            for s in section.get("unsuppressible", ())
        ),
        require_suppression_reason=section.get("require-suppression-reason", False),
    )
