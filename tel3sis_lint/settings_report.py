"""``--show-settings``: the resolved settings of a run and where each value came from."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TextIO

from .plugins import Registry
from .settings import Settings

_CLI = {
    "select": "select",
    "extend_select": "extend-select",
    "ignore": "ignore",
    "fail_on": "fail-on",
    "no_respect_gitignore": "respect-gitignore",
}


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value) if isinstance(value, (frozenset, set)) else list(value)
        return "[" + ", ".join(_toml(v) for v in items) + "]"
    if isinstance(value, int):
        return str(value)
    if value is None:
        return '""'
    return '"' + str(value) + '"'


def show_settings(
    settings: Settings, args: argparse.Namespace, registry: Registry, out: TextIO
) -> None:
    from_file = settings.config_file or "(none)"
    out.write(f"# settings file: {from_file}\n")

    def source(key: str, cli_dest: str | None = None) -> str:
        if cli_dest and getattr(args, cli_dest, None) not in (None, [], False):
            return "command line"
        if key in settings.configured:
            return settings.config_file or "settings"
        return "default"

    rows: list[tuple[str, str, str]] = [
        ("select", _toml(settings.select), source("select", "select")),
        ("extend-select", _toml(settings.extend_select), source("extend-select", "extend_select")),
        ("ignore", _toml(settings.ignore), source("ignore", "ignore")),
        ("fail-on", _toml(settings.fail_on.label), source("fail-on", "fail_on")),
        ("exclude", _toml(settings.exclude), source("exclude")),
        (
            "respect-gitignore",
            _toml(settings.respect_gitignore),
            source("respect-gitignore", "no_respect_gitignore"),
        ),
        ("unsuppressible", _toml(settings.unsuppressible), source("unsuppressible")),
        (
            "require-suppression-reason",
            _toml(settings.require_suppression_reason),
            source("require-suppression-reason"),
        ),
    ]
    app = settings.app
    for field, key in (
        ("app", "profile"),
        ("required_settings", "required-settings"),
        ("routed_queues", "routed-queues"),
        ("redis_url_client", "redis-url-client"),
        ("require_pgbouncer", "require-pgbouncer"),
        ("pgbouncer_port", "pgbouncer-port"),
        ("celery_wrappers", "celery-wrappers"),
    ):
        rows.append((f"app.{key}", _toml(getattr(app, field)), source(f"app.{key}")))
    for spec in settings.environments:
        rows.append(
            (
                f"environments.{spec.name}",
                f"{spec.mode}: {', '.join(spec.compose)}",
                source("environments"),
            )
        )
    enabled = [r.code for r in registry.rules if settings.is_enabled(r.code)]
    rows.append(("(enabled rules)", " ".join(enabled), "select/ignore above"))
    for r in registry.rules:
        if r.code in settings.severity:
            rows.append(
                (
                    f"severity.{r.code}",
                    _toml(settings.severity[r.code].label),
                    source(f"severity.{r.code}"),
                )
            )
        options = settings.options_for(r)
        for f in dataclasses.fields(r.meta.options):
            value = getattr(options, f.name)
            where = "default"
            if r.code in settings._options:
                where = settings.config_file or "settings"
            rows.append((f"rules.{r.code}.{f.name.replace('_', '-')}", _toml(value), where))
    width = max(len(k) for k, _, _ in rows)
    for key, value, where in rows:
        out.write(f"{key:<{width}} = {value}    # {where}\n")
