"""Celery started behind a wrapper: an image's own CLI, a start script, a repo entrypoint.

Many stacks never write `celery ... worker` in their compose file: Sentry runs
`sentry run worker`, authentik `worker`, cookiecutter-django `/start-celeryworker`,
DefectDojo `/entrypoint-celery-worker.sh`. The linter recognises the widely used
ones by image and command, scripts whose names say what they start, and scripts found in
the service's build context that exec Celery. Users add their own patterns with the
`app.celery-wrappers` setting.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from .commands import CeleryCall, find_celery, split_command
from .services import Service


@dataclass(frozen=True)
class _Known:
    image: re.Pattern[str]  # matched against the image's repository (registry dropped)
    argv: tuple[str, ...]  # the command's first words
    call: CeleryCall
    concurrency_env: str | None = None  # the image's own concurrency setting
    concurrency_default: str | None = None  # what it defaults to (not the CPU count)


_KNOWN = (
    # Sentry's `run worker` is a Celery worker (its healthcheck imports sentry.celery);
    # `run cron` is Celery beat. `run taskworker` is Sentry's newer non-Celery system.
    _Known(re.compile(r"(^|/)sentry([-_][\w-]*)?$"), ("run", "worker"), CeleryCall("worker")),
    _Known(re.compile(r"(^|/)sentry([-_][\w-]*)?$"), ("run", "cron"), CeleryCall("beat")),
    # authentik's `worker` runs Celery with the scheduler embedded (authentik#6815);
    # its concurrency is AUTHENTIK_WORKER__CONCURRENCY, default 2, not the CPU count.
    _Known(
        re.compile(r"goauthentik/server$|(^|/)authentik$"),
        ("worker",),
        CeleryCall("worker", embedded_beat=True),
        "AUTHENTIK_WORKER__CONCURRENCY",
        "2",
    ),
)
# Airflow's worker reads [celery] worker_concurrency, default 16 (not the CPU count).
_AIRFLOW = re.compile(r"(^|/)airflow$")
_SCRIPT_ROLE = re.compile(r"celery[-_]?(?P<sub>worker|beat)\b", re.IGNORECASE)
_MAX_SCRIPT = 64 * 1024


@dataclass(frozen=True)
class Wrapped:
    call: CeleryCall
    concurrency_env: str | None = None
    concurrency_default: str | None = None


def _words(svc: Service) -> list[str]:
    return list(svc.argv) or list(svc.entrypoint)


def known_wrapper(svc: Service) -> Wrapped | None:
    """A Celery worker or beat started through a recognised image CLI or start script."""
    argv = _words(svc)
    for known in _KNOWN:
        if known.image.search(svc.image_repo) and tuple(argv[: len(known.argv)]) == known.argv:
            return Wrapped(known.call, known.concurrency_env, known.concurrency_default)
    # a start script named for what it starts, possibly behind wait-for-it.sh ... --
    for word in (*svc.entrypoint, *svc.argv):
        m = _SCRIPT_ROLE.search(os.path.basename(word))
        if m and ("/" in word or word.endswith(".sh") or word.startswith("start")):
            return Wrapped(CeleryCall(m["sub"].lower()))
    return _from_script(svc)


def airflow_defaults(svc: Service) -> tuple[str, str] | None:
    """Airflow's worker: its concurrency setting and default."""
    if _AIRFLOW.search(svc.image_repo) or "airflow" in svc.image_repo:
        return "AIRFLOW__CELERY__WORKER_CONCURRENCY", "16"
    return None


def _from_script(svc: Service) -> Wrapped | None:
    """An entrypoint or command script in the build context that execs Celery."""
    if not svc.build_context or not os.path.isdir(svc.build_context):
        return None
    for word in (*svc.entrypoint[:1], *svc.argv[:1]):
        if "/" not in word and not word.endswith(".sh"):
            continue
        script = _find(svc.build_context, word)
        if script is None:
            continue
        try:
            with open(script, encoding="utf-8", errors="replace") as fh:
                text = fh.read(_MAX_SCRIPT)
        except OSError:
            continue
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith("#") or "celery" not in stripped:
                continue
            call = find_celery(split_command(stripped))
            if call is not None and call.subcommand in ("worker", "beat"):
                return Wrapped(call)
    return None


def _find(context: str, word: str) -> str | None:
    """The script ``word`` names, looked up in the build context (shallowly)."""
    rel = word.lstrip("./")
    direct = os.path.join(context, rel)
    if os.path.isfile(direct):
        return direct
    name = os.path.basename(word)
    for dirpath, dirnames, filenames in os.walk(context):
        depth = os.path.relpath(dirpath, context).count(os.sep)
        if depth >= 3:
            dirnames[:] = []
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "node_modules"]
        if name in filenames:
            return os.path.join(dirpath, name)
    return None
