"""`tel3sis-lint show`: what the linter took each deployment to be, so users can see why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from .masking import mask_value, scrub, secret_values
from .model.services import Service
from .model.topology import Deployment, app_urls

URL_KEYS = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "BASE_URL")


def _role(d: Deployment, svc: Service) -> str:
    for c in d.celery:
        if c.service is svc:
            if c.is_worker:
                conc = c.concurrency or "unset (one per CPU)"
                queues = ",".join(c.call.queues) if c.call.queues else "the default queue"
                beat = ", embedded beat (-B)" if c.call.embedded_beat else ""
                return f"celery worker, concurrency {conc}, queues {queues}{beat}"
            return "celery beat"
    for p in d.pgbouncers:
        if p.service is svc:
            return f"pgbouncer ({p.flavor} image)"
    if any(s is svc for s in d.postgres):
        return "postgresql"
    for n in d.redis_nodes:
        if n.service is svc:
            master = d.master_of(svc)
            kind = f"redis replica of {n.primary}" if n.primary else "redis primary"
            return kind + (f" (master {master!r})" if master else "")
    for s in d.sentinels:
        if s.service is svc:
            return "redis sentinel"
    if any(c is svc for c in d.cluster_nodes):
        return "redis cluster node"
    if any(v.service is svc for v in d.app):
        return "app" + (" (one-off job)" if any(v.service is svc and v.job for v in d.app) else "")
    return "other"


def _files(d: Deployment) -> Iterable[str]:
    seen: list[str] = []
    for group in (d.compose_files, d.env_files, d.pgbouncer_files, d.conf_files):
        for f in group:
            if f.path not in seen:
                seen.append(f.path)
    return seen


def describe(d: Deployment, stream: TextIO) -> None:
    """Write the summary, with the deployment's secret values scrubbed wherever they occur."""
    import io

    buffer = io.StringIO()
    _describe(d, buffer)
    stream.write(scrub(buffer.getvalue(), secret_values(d.secrets())))


def _describe(d: Deployment, out: TextIO) -> None:
    env = d.environment or "default"
    extra = f", profile {d.variant!r}" if d.variant else ""
    out.write(f"Deployment {d.root} (environment {env}, {d.mode} policy{extra})\n")
    out.write("  Files:\n")
    for path in _files(d):
        out.write(f"    {path}\n")
    for svc, ref, stand_in in d.missing_env_files:
        note = f", read {stand_in} in its place" if stand_in else ""
        out.write(f"    (missing: {ref.value}, env_file of {svc.name}{note})\n")
    if d.services:
        width = max(len(s.name) for s in d.services)
        out.write("  Services:\n")
        for svc in d.services:
            image = svc.image or ("build " + (svc.build_context or "?").rsplit("/", 1)[-1])
            out.write(f"    {svc.name:<{width}}  x{svc.instances}  {_role(d, svc)}  [{image}]\n")
    workers = d.workers
    if d.celery:
        total = sum(w.service.instances for w in workers)
        procs = []
        for w in workers:
            n = w.concurrency if w.concurrency and w.concurrency.isdigit() else "?"
            procs.append(f"{w.service.instances} x {n}")
        beats = sum(c.service.instances for c in d.celery if c.is_beat)
        out.write(
            f"  Celery: {total} worker instance{'s' if total != 1 else ''}"
            f" ({' + '.join(procs) or 'none'} processes), {beats} beat\n"
        )
    for p in d.pgbouncers:
        name = p.service.name if p.service else (p.ini.path if p.ini else "pgbouncer")
        settings = ", ".join(
            f"{k} {p.settings[k].value}"
            for k in ("pool_mode", "default_pool_size", "max_client_conn", "auth_type")
            if k in p.settings
        )
        out.write(
            f"  PgBouncer: {name} listens on {p.port}"
            + (f"; {settings}" if settings else "")
            + "\n"
        )
    if d.sentinels:
        masters = sorted(d.master_names()) or ["?"]
        quorums = sorted({m.quorum for s in d.sentinels for m in s.monitors})
        replicas = sum(1 for n in d.redis_nodes if n.primary)
        out.write(
            f"  Redis: Sentinel, {d.sentinel_count} sentinel(s) monitoring {', '.join(masters)}"
            f" (quorum {', '.join(map(str, quorums)) or '?'}), {replicas} replica(s)\n"
        )
    elif d.cluster_nodes:
        out.write(f"  Redis: Cluster, {d.cluster_count} node(s)\n")
    elif d.redis_nodes:
        names = ", ".join(n.service.name for n in d.redis_nodes)
        out.write(f"  Redis: standalone ({names}), no Sentinel or Cluster\n")
    if d.app:
        kind = "TEL3SIS-style" if d.tel3sis_app else "generic"
        out.write(f"  App ({kind}):\n")
        if d.options.facts_from:
            out.write(f"    read from its code: {', '.join(d.options.facts_from)}\n")
            out.write(
                f"    required settings {', '.join(d.options.required_settings) or 'none'}; "
                f"routed queues {', '.join(d.options.routed_queues) or 'none'}; "
                f"REDIS_URL read with {d.options.redis_url_client}\n"
            )
        seen_by: dict[str, list[str]] = {}
        for view in d.app:
            who = view.service.name if view.service else view.anchor.path
            effective = app_urls(view, d.tel3sis_app)
            for key in URL_KEYS:
                setting = view.get(key)
                via = ""
                if setting is None and key in effective:
                    setting, src = effective[key]
                    via = f" (falls back to {src})"
                if setting is None:
                    continue
                value = "<unknown>" if setting.value is None else mask_value(key, setting.value)
                line = f"{key} = {value}{via}   [{setting.loc.path}:{setting.loc.line}]"
                seen_by.setdefault(line, []).append(who)
        for line, viewers in seen_by.items():
            out.write(f"    {line}   (seen by {', '.join(viewers)})\n")
    out.write("\n")
