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
    """Settings from the keys of ``[tool.tel3sis-lint]``; ``path`` names their source."""
    from pydantic import ValidationError

    from ._config_model import ConfigFile

    if os.path.basename(path) != "pyproject.toml" and "tool" in section:
        raise ConfigError(
            f"{path}: write the settings at the top level of this file, without a "
            "[tool.tel3sis-lint] table (that table belongs in pyproject.toml)"
        )
    try:
        cfg = ConfigFile.model_validate(section)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{path}: [tool.tel3sis-lint] {where}: {err['msg']}") from None
    app = cfg.app
    defaults = ModelOptions()
    user_set = frozenset(
        name
        for name, alias in (
            ("app", "profile"),
            ("required_settings", "required-settings"),
            ("routed_queues", "routed-queues"),
            ("redis_url_client", "redis-url-client"),
        )
        if isinstance(section.get("app"), dict) and alias in section["app"]
    )
    options = ModelOptions(
        user_set=user_set,
        app=app.profile,
        required_settings=tuple(app.required_settings)
        if app.required_settings is not None
        else defaults.required_settings,
        celery_wrappers=tuple(app.celery_wrappers),
        pgbouncer_port=app.pgbouncer_port,
        require_pgbouncer=app.require_pgbouncer,
        redis_url_client=app.redis_url_client,
        routed_queues=tuple(app.routed_queues)
        if app.routed_queues is not None
        else defaults.routed_queues,
    )
    base = os.path.dirname(os.path.abspath(path))

    def resolve(rel: str) -> str:
        return os.path.normpath(os.path.join(base, rel))

    environments = tuple(
        EnvironmentSpec(
            name=name,
            compose=tuple(resolve(c) for c in env.compose),
            env_file=resolve(env.env_file) if env.env_file else None,
            mode=env.mode,
            profiles=tuple(env.profiles) if env.profiles is not None else None,
        )
        for name, env in cfg.environments.items()
    )
    for spec in environments:
        for f in spec.compose:
            if not os.path.isfile(f):
                raise ConfigError(f"{path}: environments.{spec.name}: no compose file {f}")
    return Settings(
        select=tuple(s.upper() for s in cfg.select) if cfg.select is not None else ("ALL",),
        extend_select=tuple(s.upper() for s in cfg.extend_select),
        ignore=tuple(s.upper() for s in cfg.ignore),
        fail_on=Severity.parse(cfg.fail_on),
        severity={k: Severity.parse(v) for k, v in cfg.severity.items()},
        rule_options=dict(cfg.rules),
        app=options,
        exclude=tuple(cfg.exclude),
        respect_gitignore=cfg.respect_gitignore,
        config_file=path,
        environments=environments,
        configured=_configured_keys(section),
        unsuppressible=frozenset(
            s.upper() if s[:2].isalpha() and s[2:].isdigit() else s for s in cfg.unsuppressible
        ),
        require_suppression_reason=cfg.require_suppression_reason,
    )
