"""TL1xx: Celery workers and beat (guide: Celery Worker Pool, Scaling Notes)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..deployment import YScalar, YSeq
from ..diagnostics import Edit, Finding, Location, Severity
from ..model.topology import CeleryService
from ..plugins import hookimpl
from ..rule import Rule, RuleContext, rule, rules_of

GUIDE_POOL = "Celery Worker Pool; Scaling Notes"
CONCURRENCY_KEYS = (
    "CELERY_WORKER_CONCURRENCY",
    "CELERYD_CONCURRENCY",
    "AIRFLOW__CELERY__WORKER_CONCURRENCY",
)


def _where(c: CeleryService):  # type: ignore[no-untyped-def]
    return c.service.command_loc or c.service.loc


def _env_concurrency(c: CeleryService) -> tuple[str, object] | None:
    for key in CONCURRENCY_KEYS:
        s = c.service.env.get(key)
        if s is not None:
            return key, s
    return None


@dataclass(frozen=True)
class WorkerOptions:
    min_workers: int = field(default=2, metadata={"ge": 1})


@rule(
    "TL101",
    "single-celery-worker",
    Severity.ERROR,
    "Fewer than 2 Celery worker instances",
    options=WorkerOptions,
    guide=GUIDE_POOL,
    production_only=True,
)
def single_celery_worker(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Counts the Celery worker instances of the deployment: every service whose command
    runs `celery ... worker` (directly, through `sh -c`, or a configured wrapper), times
    its `deploy.replicas` or `scale` (default 1; `deploy.mode: global` counts as 2 or
    more). Fires when the total is below `min-workers`.

    ## Why
    The guide asks for at least two workers "so that one can take over if the other
    stops". With one worker, a crash, an OOM kill or a deploy stops every background
    task. A stack with no Celery worker at all is not reported.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/shop:1.4.2
        command:
          - sh
          - -c
          - python -m shop.wait_for_db && exec celery -A shop worker --loglevel=info ...
        deploy:
          replicas: 1  # <- TL101: the only worker instance

      beat:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop beat --loglevel=info
    ```

    Good:

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/shop:1.4.2
        command:
          - sh
          - -c
          - python -m shop.wait_for_db && exec celery -A shop worker --loglevel=info ...
        deploy:
          replicas: 2

      beat:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop beat --loglevel=info
    ```

    ## How to fix
    Set `deploy.replicas: 2` (or more) on the worker service, or run a second worker
    service.
    """
    workers = ctx.deployment.workers
    if not workers:
        return
    total = sum(w.service.instances for w in workers)
    if total >= ctx.options.min_workers:
        return
    first = workers[0].service
    parts = ", ".join(f"{w.service.name} x{w.service.instances}" for w in workers)
    yield Finding(
        first.replicas_loc or first.loc,
        f"{total} Celery worker instance{'s' if total != 1 else ''} in total ({parts}); "
        f"run at least {ctx.options.min_workers} so one can take over when another stops "
        "(deploy.replicas)",
        related=tuple(w.service.loc for w in workers[1:]),
        key="workers",
    )


@rule(
    "TL102",
    "worker-concurrency-unset",
    Severity.WARNING,
    "A worker has neither --concurrency nor CELERY_WORKER_CONCURRENCY",
    guide=GUIDE_POOL,
    production_only=True,
)
def worker_concurrency_unset(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a Celery worker started without `--concurrency`/`-c` (or `--autoscale`)
    whose container environment does not set `CELERY_WORKER_CONCURRENCY`.

    ## Why
    Without it Celery forks one process per CPU of whatever host the container lands
    on: 2 on a laptop, 64 on a large node, and each process opens its own database and
    Redis connections. The guide sizes workers with `--concurrency` and makes it
    overridable through `CELERY_WORKER_CONCURRENCY`.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker --loglevel=info  # <- TL102: one process per CPU
        deploy:
          replicas: 2

      worker-media:
        image: ghcr.io/acme/shop:1.4.2
        command: ["celery", "-A", "shop", "worker", "-Q", "media", "--loglevel=info"]  # <- TL102: no --concurrency
        environment:
          CELERY_TASK_ACKS_LATE: "true"
    ```

    Good:

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker --loglevel=info --concurrency=${CELERY_WORKER_CONCURRENCY:-4}
        deploy:
          replicas: 2

      worker-media:
        image: ghcr.io/acme/shop:1.4.2
        command: ["celery", "-A", "shop", "worker", "-Q", "media", "--loglevel=info"]
        environment:
          CELERY_TASK_ACKS_LATE: "true"
          CELERY_WORKER_CONCURRENCY: "2"
    ```

    ## How to fix
    Start the worker with `--concurrency=${CELERY_WORKER_CONCURRENCY:-4}` and set the
    variable per environment.
    """
    for w in ctx.deployment.workers:
        if w.call.concurrency is not None or w.call.autoscale or _env_concurrency(w):
            continue
        if w.image_concurrency:
            continue  # the image sizes its own pool (authentik, Airflow), not by CPU count
        if w.call.pool == "solo":
            continue  # the solo pool runs one task at a time in one process
        yield Finding(
            _where(w),
            f"Celery worker {w.service.name!r} sets no --concurrency and CELERY_WORKER_CONCURRENCY "
            "is not set for it, so it forks one process per CPU of its host",
            key=f"concurrency:{w.service.name}",
        )


@rule(
    "TL103",
    "worker-concurrency-hardcoded",
    Severity.INFO,
    "--concurrency is a literal number",
    guide="Example Environment Settings",
    fixable=True,
    production_only=True,
)
def worker_concurrency_hardcoded(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a worker command that fixes `--concurrency=N` (or `-c N`) as a literal
    number in the compose file.

    ## Why
    The guide asks that concurrency can be changed per worker "without changing the
    image" through `CELERY_WORKER_CONCURRENCY`. A literal needs a compose edit for every
    environment.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker --concurrency=4 --loglevel=info  # <- TL103: literal 4
        deploy:
          replicas: 2

      worker-reports:
        image: ghcr.io/acme/shop:1.4.2
        command: ["celery", "-A", "shop", "worker", "-Q", "reports", "-c", "2"]  # <- TL103: literal 2
    ```

    Good:

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker --concurrency=${CELERY_WORKER_CONCURRENCY:-4} --loglevel=info
        deploy:
          replicas: 2

      worker-reports:
        image: ghcr.io/acme/shop:1.4.2
        command: ["celery", "-A", "shop", "worker", "-Q", "reports", "--concurrency=${CELERY_WORKER_CONCURRENCY:-2}"]
    ```

    ## How to fix
    Write `--concurrency=${CELERY_WORKER_CONCURRENCY:-N}` (keeps `N` as the default).
    `--fix` does it for a string command (`--concurrency=N`, `--concurrency N`, `-c N`)
    and for a list item `"--concurrency=N"`.
    """
    for w in ctx.deployment.workers:
        conc = w.concurrency
        # A literal 0 is TL104's finding, not a default worth keeping.
        if w.literal_concurrency and conc and conc.isdigit() and int(conc) > 0:
            yield Finding(
                _where(w),
                f"Celery worker {w.service.name!r} fixes --concurrency={w.concurrency}; write "
                f"--concurrency=${{CELERY_WORKER_CONCURRENCY:-{w.concurrency}}} so each "
                "environment can override it",
                key=f"concurrency-literal:{w.service.name}",
                fix=_concurrency_fix(w, conc),
            )


def _concurrency_fix(w: CeleryService, value: str) -> tuple[Edit, ...]:
    """Replace the literal in the command's own lines (string form, or one list item)."""
    node = w.service.node.get("command")
    if isinstance(node, YScalar) and node.raw is not None:
        start = node.loc.line
        end = start + len(re.findall(r"\r\n|\r|\n", node.raw)) + 1
        pattern = rf"(--concurrency[= ]|-c ?){value}\b"
    elif isinstance(node, YSeq):
        items = [
            i for i in node.items if isinstance(i, YScalar) and i.value == f"--concurrency={value}"
        ]
        if len(items) != 1:
            return ()
        start = end = items[0].loc.line
        pattern = rf"--concurrency={value}\b"
    else:
        return ()
    return (
        Edit(
            node.loc.path,
            start,
            end,
            pattern,
            f"--concurrency=${{CELERY_WORKER_CONCURRENCY:-{value}}}",
        ),
    )


def _positive_int(text: str) -> bool:
    return re.fullmatch(r"\s*\+?\d+\s*", text) is not None and int(text) > 0


@rule(
    "TL104",
    "invalid-worker-concurrency",
    Severity.ERROR,
    "Concurrency is not a positive integer",
    guide=GUIDE_POOL,
    overrides=("TL102",),
)
def invalid_worker_concurrency(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a `--concurrency`/`-c` value or a `CELERY_WORKER_CONCURRENCY` setting that is
    not a positive integer (`0`, `-2`, `four`, `4.5`, empty).

    ## Why
    Celery refuses to start the worker (or, for 0, starts one that runs nothing).

    ## Example

    Bad (`.env`):

    ```sh
    SHOP_ENV=production
    CELERY_WORKER_CONCURRENCY=four  # <- TL104: not a number
    ```

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker --loglevel=info
        env_file: .env

      worker-media:
        image: ghcr.io/acme/shop:1.4.2
        # TL104 (next line): the default is 0 processes
        command: celery -A shop worker -Q media --loglevel=info --concurrency=${MEDIA_CONCURRENCY:-0}
        env_file: .env
    ```

    Good (`.env`):

    ```sh
    SHOP_ENV=production
    CELERY_WORKER_CONCURRENCY=4
    ```

    Good (`docker-compose.yml`):

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker --loglevel=info
        env_file: .env

      worker-media:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker -Q media --loglevel=info --concurrency=${MEDIA_CONCURRENCY:-2}
        env_file: .env
    ```

    ## How to fix
    Use a whole number of processes, 1 or more.
    """
    seen: set[object] = set()
    # One bad value read by several workers is one fault: group them by where it is set.
    bad: dict[Location, list[CeleryService]] = {}
    for w in ctx.deployment.workers:
        if w.call.concurrency is not None and w.concurrency is not None:
            if not _positive_int(w.concurrency):
                bad.setdefault(w.concurrency_source or _where(w), []).append(w)
            continue
        found = _env_concurrency(w)
        if found is None:
            continue
        key, setting = found
        value = getattr(setting, "value", None)
        if value is None or setting in seen:
            continue
        seen.add(setting)
        if not _positive_int(value):
            yield Finding(
                setting.loc,  # type: ignore[attr-defined]
                f"{key}={value!r} is not a positive integer (worker {w.service.name!r})",
                key=f"concurrency:{w.service.name}",
            )
    for loc, workers in bad.items():
        names = ", ".join(repr(w.service.name) for w in workers)
        value = workers[0].concurrency
        plural = "s" if len(workers) > 1 else ""
        message = (
            f"{value!r} set here is not a positive integer; it is the --concurrency of Celery "
            f"worker{plural} {names}"
            if workers[0].concurrency_source
            else f"Celery worker {names}: --concurrency {value!r} is not a positive integer"
        )
        yield Finding(loc, message, key=f"concurrency:{workers[0].service.name}")
    # Settings files without a worker in sight (a lone .env) still carry the value.
    if not ctx.deployment.workers:
        for view in ctx.deployment.app:
            s = view.get("CELERY_WORKER_CONCURRENCY")
            if s is not None and s.value is not None and not _positive_int(s.value):
                yield Finding(
                    s.loc,
                    f"CELERY_WORKER_CONCURRENCY={s.value!r} is not a positive integer",
                    key="concurrency:env",
                )


@rule(
    "TL105",
    "multiple-beat-schedulers",
    Severity.ERROR,
    "More than one celery beat instance",
    guide=GUIDE_POOL,
)
def multiple_beat_schedulers(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Counts `celery beat` instances: beat services times their replicas, plus workers
    started with `-B`/`--beat` times theirs. Fires when there is more than one.

    ## Why
    Each beat sends every periodic task on its own schedule, so with two beats each
    task runs twice: two reminder calls, two billing runs.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      worker:  # <- TL105: -B runs a beat in each of its 2 replicas, besides the beat service
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker -B --loglevel=info --concurrency=${CELERY_WORKER_CONCURRENCY:-4}
        deploy:
          replicas: 2

      beat:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop beat --loglevel=info
    ```

    Good:

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop worker --loglevel=info --concurrency=${CELERY_WORKER_CONCURRENCY:-4}
        deploy:
          replicas: 2

      beat:
        image: ghcr.io/acme/shop:1.4.2
        command: celery -A shop beat --loglevel=info
    ```

    ## How to fix
    Run exactly one beat: a dedicated service with `replicas: 1`, and no `-B` on
    replicated workers.
    """
    beats = [c for c in ctx.deployment.celery if c.is_beat]
    total = sum(b.service.instances for b in beats)
    if total <= 1:
        return
    parts = ", ".join(
        f"{b.service.name} x{b.service.instances}{' (worker -B)' if b.is_worker else ''}"
        for b in beats
    )
    first = beats[0].service
    yield Finding(
        first.replicas_loc if len(beats) == 1 and first.replicas_loc else first.loc,
        f"{total} celery beat instances ({parts}); every periodic task would run {total} times",
        related=tuple(b.service.loc for b in beats[1:]),
        key="beat",
    )


@rule(
    "TL106",
    "worker-queues-uncovered",
    Severity.WARNING,
    "A queue that tasks are routed to has no worker",
    guide=GUIDE_POOL,
)
def worker_queues_uncovered(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Compares the queues the app sends tasks to (the `routed-queues` app setting; for
    TEL3SIS, `default`, where its Celery app routes `server.tasks.*`) with the queues
    the workers consume: `-Q`/`--queues`, or without it only the default queue
    (`celery`, or `CELERY_TASK_DEFAULT_QUEUE`). Applies to TEL3SIS-style apps.

    ## Why
    A task sent to a queue no worker consumes waits for ever; nothing errors.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/tel3sis:2.1.0
        # TL106 (next line): no -Q, so it consumes only "celery"; TEL3SIS routes its tasks to "default"
        command: celery -A server.celery_app worker --loglevel=info ...
        env_file: .env

      worker-calls:
        image: ghcr.io/acme/tel3sis:2.1.0
        command: ["celery", "-A", "server.celery_app", "worker", "-Q", "calls", ...]
        env_file: .env
    ```

    Good:

    ```yaml
    services:
      worker:
        image: ghcr.io/acme/tel3sis:2.1.0
        command: celery -A server.celery_app worker -Q default,celery --loglevel=info ...
        env_file: .env

      worker-calls:
        image: ghcr.io/acme/tel3sis:2.1.0
        command: ["celery", "-A", "server.celery_app", "worker", "-Q", "calls", ...]
        env_file: .env
    ```

    ## How to fix
    Start a worker with `-Q default` (or `-Q default,celery`), or route the tasks to a
    queue a worker consumes.
    """
    d = ctx.deployment
    if not d.tel3sis_app or not d.workers:
        return
    consumed: set[str] = set()
    for w in d.workers:
        if w.call.queues is not None:
            consumed.update(w.call.queues)
        else:
            dq = w.service.env.get("CELERY_TASK_DEFAULT_QUEUE")
            consumed.add(
                dq.value if dq is not None and dq.value else d.options.default_queue or "celery"
            )
    for queue in d.options.routed_queues:
        if queue not in consumed:
            w = d.workers[0]
            yield Finding(
                _where(w),
                f"tasks are routed to queue {queue!r} but no worker consumes it (workers consume: "
                f"{', '.join(sorted(consumed))}); add -Q {queue} to a worker",
                key=f"queue:{queue}",
            )


@hookimpl
def tel3sis_lint_rules() -> list[Rule]:
    return rules_of(globals())
