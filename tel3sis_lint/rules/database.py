"""TL2xx: PostgreSQL through PgBouncer (guide: Database Connection Pooling)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import Finding, Location, Severity
from ..model.services import Setting
from ..model.topology import AppView, CeleryService, Deployment, PgBouncer, web_processes
from ..model.urls import Url, is_postgres, parse_url
from ..plugins import hookimpl
from ..rule import Rule, RuleContext, rule, rules_of

GUIDE = "Database Connection Pooling"


def database_urls(d: Deployment) -> Iterator[tuple[AppView, Setting, Url]]:
    """Each distinct DATABASE_URL setting the app's services see, parsed as SQLAlchemy does."""
    for view, s in d.distinct_settings("DATABASE_URL"):
        url = parse_url(s.value or "", "sqlalchemy")
        if url is not None:
            yield view, s, url


def _url_text(url: Url) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.host}{port}"


@rule(
    "TL201",
    "database-bypasses-pgbouncer",
    Severity.ERROR,
    "DATABASE_URL goes straight to PostgreSQL, not through PgBouncer",
    guide=GUIDE,
    production_only=True,
)
def database_bypasses_pgbouncer(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reads the app's `DATABASE_URL` as the web, worker and beat services see it and
    reports it when its host is not a PgBouncer of the deployment, while the deployment
    runs PgBouncer (or, for a TEL3SIS-style app, the policy requires it:
    `require-pgbouncer`). The judgement is by host, not port: some PgBouncer images
    listen on 5432. PgBouncer's own upstream setting (edoburu's image takes a
    `DATABASE_URL` that points at PostgreSQL) is not the app's URL and is not checked.

    ## Why
    Every Celery process and web worker keeps its own connections; without PgBouncer
    in between, PostgreSQL runs out of connection slots under load.

    ## Example

    Bad (`.env`):

    ```sh
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://shop:<password>@postgres:5432/shop  # <- TL201: PostgreSQL itself, not PgBouncer
    CELERY_BROKER_URL=amqp://shop:<password>@rabbitmq.internal:5672//
    ```

    Bad (`docker-compose.yml`, which runs PgBouncer):

    ```yaml
    services:
      pgbouncer:
        image: bitnami/pgbouncer:1.23.1
        environment:
          POSTGRESQL_HOST: postgres
          POSTGRESQL_DATABASE: shop
          PGBOUNCER_DATABASE: shop

      postgres:
        image: postgres:16
    ```

    Good (`.env`):

    ```sh
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://shop:<password>@pgbouncer:6432/shop
    CELERY_BROKER_URL=amqp://shop:<password>@rabbitmq.internal:5672//
    ```

    ## How to fix
    Point `DATABASE_URL` at the PgBouncer service:
    `postgresql://user:pass@pgbouncer:6432/dbname`.
    """
    d = ctx.deployment
    services = [p for p in d.pgbouncers if p.service is not None]
    if not services and not (d.tel3sis_app and d.options.require_pgbouncer and d.has_compose):
        return
    for _view, s, url in database_urls(d):
        if not is_postgres(url) or not url.host:
            continue
        if d.pgbouncer_for_host(url.host) is not None:
            continue
        target = d.service_for_host(url.host)
        what = f"the PostgreSQL service {target.name!r}" if target else f"host {url.host!r}"
        via = (
            f"PgBouncer ({', '.join(repr(p.service.name) for p in services if p.service)})"
            if services
            else "PgBouncer, which the guide requires and this deployment does not run"
        )
        yield Finding(
            s.loc,
            f"DATABASE_URL connects to {what} ({_url_text(url)}) directly, bypassing {via}",
            related=tuple(p.anchor for p in services),
            key="setting:DATABASE_URL",
        )


@rule(
    "TL202",
    "database-not-postgresql",
    Severity.ERROR,
    "DATABASE_URL is missing or not PostgreSQL",
    guide=GUIDE,
    production_only=True,
)
def database_not_postgresql(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    For a TEL3SIS-style app (see the `app.profile` setting), reports a `DATABASE_URL`
    that is missing, or that parses but names another database (sqlite, mysql, ...).
    `postgres://` is still PostgreSQL (TL406 covers that scheme). A URL that does not
    parse at all is TL404's.

    ## Why
    Without `DATABASE_URL`, TEL3SIS falls back to `sqlite:///tel3sis.db`: a file inside
    one container, lost on redeploy and not shared between the web service and the
    workers.

    ## Example

    Bad (`.env`):

    ```sh
    BASE_URL=https://voice.example.com
    SECRET_KEY=<secret-key>
    POSTGRES_PASSWORD=<password>
    REDIS_URL=rediss://:<password>@redis.prod.internal:6380/0
    CELERY_WORKER_CONCURRENCY=4
    # TL202: no DATABASE_URL, so TEL3SIS falls back to sqlite:///tel3sis.db
    ```

    Good:

    ```sh
    BASE_URL=https://voice.example.com
    SECRET_KEY=<secret-key>
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://tel3sis:<password>@pgbouncer:6432/tel3sis
    REDIS_URL=rediss://:<password>@redis.prod.internal:6380/0
    CELERY_WORKER_CONCURRENCY=4
    ```

    ## How to fix
    Set `DATABASE_URL=postgresql://user:pass@pgbouncer:6432/tel3sis`.
    """
    d = ctx.deployment
    if not d.tel3sis_app:
        return
    for view in d.app:
        s = view.get("DATABASE_URL")
        if s is None or (s.value == "" and not s.template):
            loc = view.anchor if s is None else s.loc
            yield Finding(
                loc,
                "DATABASE_URL is not set, so the app falls back to sqlite:///tel3sis.db "
                "(a file inside one container)",
                key="setting:DATABASE_URL",
            )
            continue
        if not s.value:
            continue
        url = parse_url(s.value, "sqlalchemy")
        if url is None or is_postgres(url):
            continue
        yield Finding(
            s.loc,
            f"DATABASE_URL uses {url.scheme}://, not PostgreSQL; production runs on PostgreSQL "
            "behind PgBouncer",
            key="setting:DATABASE_URL",
        )


_PORT_VARIABLE = {"bitnami": "PGBOUNCER_PORT", "edoburu": "LISTEN_PORT"}


def _listen_port(pgb: PgBouncer, default: int) -> tuple[int, str]:
    """The port PgBouncer listens on, and where it comes from, named as the user wrote it."""
    if pgb.port_loc is None:
        if pgb.ini is not None:
            # A mounted pgbouncer.ini replaces the one the image would write (edoburu only
            # writes its own, with listen_port 5432, when none exists): PgBouncer's default.
            return default, "PgBouncer's default; the mounted pgbouncer.ini sets no listen_port"
        return pgb.port, f"the {pgb.flavor} image's default"
    if pgb.ini is not None and pgb.port_loc.path == pgb.ini.path:
        return pgb.port, f"listen_port in {pgb.ini.path}"
    return pgb.port, _PORT_VARIABLE.get(pgb.flavor, "listen_port")


@rule(
    "TL203",
    "pgbouncer-port-mismatch",
    Severity.ERROR,
    "DATABASE_URL's port is not the port PgBouncer listens on",
    guide=GUIDE,
)
def pgbouncer_port_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    When `DATABASE_URL` names a PgBouncer host, compares its port (5432 when absent)
    with the port that PgBouncer listens on: `listen_port` in the pgbouncer.ini the
    service mounts, else the image's setting (`PGBOUNCER_PORT` for bitnami,
    `LISTEN_PORT` for edoburu), else the image default (6432 for PgBouncer and bitnami,
    5432 for edoburu).

    ## Why
    The app gets "connection refused" on every connection.

    ## Example

    Bad (`.env`):

    ```sh
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://shop:<password>@pgbouncer:6432/shop  # <- TL203: PgBouncer listens on 5432
    CELERY_BROKER_URL=amqp://shop:<password>@rabbitmq.internal:5672//
    ```

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      # edoburu/pgbouncer writes its own pgbouncer.ini from these variables and
      # listens on 5432 unless LISTEN_PORT says otherwise. Its DATABASE_URL is the
      # upstream PostgreSQL, not the app's URL.
      pgbouncer:
        image: edoburu/pgbouncer:v1.23.1-p2
        environment:
          DATABASE_URL: postgresql://shop:${POSTGRES_PASSWORD}@postgres:5432/shop
          AUTH_TYPE: scram-sha-256
          POOL_MODE: transaction
          DEFAULT_POOL_SIZE: "25"
          MAX_CLIENT_CONN: "400"
    ```

    Good (`docker-compose.yml`; `.env` unchanged):

    ```yaml
    services:
      # edoburu/pgbouncer writes its own pgbouncer.ini from these variables and
      # listens on 5432 unless LISTEN_PORT says otherwise. Its DATABASE_URL is the
      # upstream PostgreSQL, not the app's URL.
      pgbouncer:
        image: edoburu/pgbouncer:v1.23.1-p2
        environment:
          DATABASE_URL: postgresql://shop:${POSTGRES_PASSWORD}@postgres:5432/shop
          AUTH_TYPE: scram-sha-256
          POOL_MODE: transaction
          DEFAULT_POOL_SIZE: "25"
          MAX_CLIENT_CONN: "400"
          LISTEN_PORT: "6432"
    ```

    ## How to fix
    Use PgBouncer's port in the URL (`@pgbouncer:6432`), or change `listen_port`.
    """
    d = ctx.deployment
    for _view, s, url in database_urls(d):
        if not is_postgres(url):
            continue
        pgb = d.pgbouncer_for_host(url.host)
        if pgb is None:
            continue
        port = url.port or 5432
        listen, source = _listen_port(pgb, d.options.pgbouncer_port)
        if port != listen:
            yield Finding(
                s.loc,
                f"DATABASE_URL uses port {port} but PgBouncer {url.host!r} listens on "
                f"{listen} ({source})",
                related=(pgb.port_loc,) if pgb.port_loc else (pgb.anchor,),
                key="setting:DATABASE_URL",
            )


_SIZES = ("default_pool_size", "max_client_conn")


def _insert_loc(pgb: PgBouncer) -> Location:
    """Where a missing [pgbouncer] setting would be added: after the section's last line
    (the finding points at that line, which exists, for editors and suppressions)."""
    if pgb.ini is not None:
        section = pgb.ini.section("pgbouncer")
        if section is not None:
            last = section.settings[-1].loc.line if section.settings else section.loc.line
            return Location(pgb.ini.path, last, 1)
    if pgb.service is not None:
        return pgb.service.environment_loc or pgb.service.loc
    return pgb.anchor


@rule(
    "TL204",
    "pgbouncer-pool-untuned",
    Severity.WARNING,
    "default_pool_size or max_client_conn left at the built-in default",
    guide=GUIDE,
    production_only=True,
)
def pgbouncer_pool_untuned(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a PgBouncer whose configuration does not set `default_pool_size` or
    `max_client_conn`, read from pgbouncer.ini or, for the bitnami and edoburu images
    without a mounted file, from their environment variables
    (`PGBOUNCER_DEFAULT_POOL_SIZE`/`DEFAULT_POOL_SIZE`, ...).

    ## Why
    The guide says to tune both "based on expected concurrency". The built-in defaults
    (20 server connections per pool, 100 clients) are far from what a replicated
    Celery deployment opens; clients beyond `max_client_conn` are refused.

    ## Example

    Bad (`pgbouncer.ini`):

    ```ini
    [pgbouncer]
    listen_addr = 0.0.0.0
    listen_port = 6432
    auth_type = scram-sha-256
    auth_file = /etc/pgbouncer/userlist.txt
    pool_mode = transaction
    max_client_conn = 500
    ; TL204: no default_pool_size, so each pool keeps the built-in 20 server connections
    ```

    Good:

    ```ini
    [pgbouncer]
    listen_addr = 0.0.0.0
    listen_port = 6432
    auth_type = scram-sha-256
    auth_file = /etc/pgbouncer/userlist.txt
    pool_mode = transaction
    default_pool_size = 30
    max_client_conn = 500
    ```

    ## How to fix
    Set both in the `[pgbouncer]` section (or the image's variables), sized from your
    worker count times concurrency.
    """
    for pgb in ctx.deployment.pgbouncers:
        if pgb.ini is None and pgb.flavor not in ("bitnami", "edoburu"):
            continue
        if pgb.ini is not None and pgb.ini.section("pgbouncer") is None:
            continue
        missing = [k for k in _SIZES if k not in pgb.settings]
        if not missing or (pgb.ini is not None and pgb.ini.problems):
            continue  # a file with unparseable lines is TL001's until it reads cleanly
        name = f"PgBouncer {pgb.service.name!r}" if pgb.service else "pgbouncer.ini"
        yield Finding(
            _insert_loc(pgb),
            f"{name} leaves {' and '.join(missing)} at the built-in default"
            f"{'s' if len(missing) > 1 else ''}; size {'them' if len(missing) > 1 else 'it'} for the "
            "deployment's concurrency",
            key=f"pgbouncer:{pgb.anchor.path}:{pgb.service.name if pgb.service else ''}:pool",
        )


@rule(
    "TL206",
    "pgbouncer-database-missing",
    Severity.ERROR,
    "The database in DATABASE_URL has no [databases] entry",
    guide=GUIDE,
)
def pgbouncer_database_missing(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    When `DATABASE_URL` goes through a PgBouncer whose pgbouncer.ini is known, checks
    that the database name in the URL has an entry in `[databases]` or that a `*`
    fallback entry exists.

    ## Why
    PgBouncer answers "no such database" to every connection.

    ## Example

    Bad (`.env`):

    ```sh
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://shop:<password>@pgbouncer:6432/shop_production  # <- TL206: not in [databases]
    CELERY_BROKER_URL=amqp://shop:<password>@rabbitmq.internal:5672//
    ```

    Bad (`pgbouncer.ini`):

    ```ini
    [databases]
    shop = host=postgres port=5432 dbname=shop_production

    [pgbouncer]
    listen_addr = 0.0.0.0
    listen_port = 6432
    ```

    Good (`.env`, naming the `[databases]` entry; `pgbouncer.ini` unchanged):

    ```sh
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://shop:<password>@pgbouncer:6432/shop
    CELERY_BROKER_URL=amqp://shop:<password>@rabbitmq.internal:5672//
    ```

    ## How to fix
    Add `dbname = host=postgres port=5432 dbname=dbname` to `[databases]`, or a `*`
    entry.
    """
    d = ctx.deployment
    for _view, s, url in database_urls(d):
        pgb = d.pgbouncer_for_host(url.host)
        if pgb is None or pgb.databases is None or pgb.wildcard or not url.database:
            continue
        if url.database in pgb.databases:
            continue
        section = pgb.ini.section("databases") if pgb.ini else None
        yield Finding(
            s.loc,
            f"database {url.database!r} has no entry in [databases] of {pgb.ini.path if pgb.ini else 'pgbouncer.ini'}"
            " and there is no '*' fallback",
            related=(section.loc,) if section else (),
            key="setting:DATABASE_URL",
        )


_INSECURE_AUTH = {
    "trust": "lets anyone who reaches the port in without a password",
    "any": "lets anyone in as any user without a password",
    "plain": "sends passwords in clear text",
}


@rule(
    "TL207",
    "pgbouncer-insecure-auth",
    Severity.ERROR,
    "auth_type is trust, any or plain",
    guide=GUIDE,
    production_only=True,
)
def pgbouncer_insecure_auth(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports PgBouncer's `auth_type` (from pgbouncer.ini, or the bitnami
    `PGBOUNCER_AUTH_TYPE` / edoburu `AUTH_TYPE` variables) when it is `trust`, `any` or
    `plain`.

    ## Why
    `trust` and `any` let anyone who can reach the port connect as any user;
    `plain` keeps and sends passwords in clear text.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      pgbouncer:
        image: bitnami/pgbouncer:1.23.1
        environment:
          - POSTGRESQL_HOST=postgres
          - POSTGRESQL_USERNAME=shop
          - POSTGRESQL_PASSWORD=${POSTGRES_PASSWORD}
          - PGBOUNCER_DATABASE=shop
          # only the containers on the compose network can reach it
          - PGBOUNCER_AUTH_TYPE=trust  # <- TL207: no password asked
          - PGBOUNCER_POOL_MODE=transaction
    ```

    Good:

    ```yaml
    services:
      pgbouncer:
        image: bitnami/pgbouncer:1.23.1
        environment:
          - POSTGRESQL_HOST=postgres
          - POSTGRESQL_USERNAME=shop
          - POSTGRESQL_PASSWORD=${POSTGRES_PASSWORD}
          - PGBOUNCER_DATABASE=shop
          - PGBOUNCER_AUTH_TYPE=scram-sha-256
          - PGBOUNCER_POOL_MODE=transaction
    ```

    ## How to fix
    Use `auth_type = scram-sha-256` (or `md5` for old servers) with an `auth_file` or
    `auth_query`.
    """
    for pgb in ctx.deployment.pgbouncers:
        auth = pgb.settings.get("auth_type")
        if auth is None:
            continue
        value = auth.value.strip().lower()
        if value in _INSECURE_AUTH:
            yield Finding(
                auth.loc,
                f"PgBouncer auth_type is {value!r}, which {_INSECURE_AUTH[value]}",
                key=f"pgbouncer:{pgb.anchor.path}:auth",
            )


@rule(
    "TL208",
    "pgbouncer-no-tcp-listener",
    Severity.ERROR,
    "listen_addr is unset, so PgBouncer accepts only Unix sockets",
    guide=GUIDE,
)
def pgbouncer_no_tcp_listener(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a pgbouncer.ini whose `[pgbouncer]` section has no `listen_addr`. Images
    that write their own config (bitnami, edoburu) listen on all addresses by default
    and are not reported.

    ## Why
    Without `listen_addr`, PgBouncer listens only on its Unix socket; the app in
    another container cannot reach it over TCP.

    ## Example

    Bad (`pgbouncer/pgbouncer.ini`):

    ```ini
    [databases]
    shop = host=postgres port=5432 dbname=shop

    [pgbouncer]
    ; TL208: no listen_addr, so PgBouncer listens only on its Unix socket
    listen_port = 6432
    unix_socket_dir = /tmp
    auth_type = scram-sha-256
    ```

    Good:

    ```ini
    [databases]
    shop = host=postgres port=5432 dbname=shop

    [pgbouncer]
    listen_addr = 0.0.0.0
    listen_port = 6432
    unix_socket_dir = /tmp
    auth_type = scram-sha-256
    ```

    ## How to fix
    Add `listen_addr = 0.0.0.0` (or the container's address).
    """
    for pgb in ctx.deployment.pgbouncers:
        if pgb.ini is None or pgb.ini.section("pgbouncer") is None:
            continue
        addr = pgb.settings.get("listen_addr")
        if addr is not None and addr.value.strip():
            continue
        # An empty listen_addr means the same to PgBouncer as none at all.
        state, fix = ("empty", "set") if addr is not None else ("not set", "add")
        yield Finding(
            addr.loc if addr is not None else _insert_loc(pgb),
            f"listen_addr is {state}, so PgBouncer accepts only Unix-socket connections; "
            f"{fix} listen_addr = 0.0.0.0",
            key=f"pgbouncer:{pgb.anchor.path}:listen",
        )


_INT_SETTINGS = frozenset(
    {
        "listen_port",
        "default_pool_size",
        "min_pool_size",
        "reserve_pool_size",
        "max_client_conn",
        "max_db_connections",
        "max_user_connections",
        "max_prepared_statements",
        "reserve_pool_timeout",
        "server_lifetime",
        "server_idle_timeout",
        "server_connect_timeout",
        "server_login_retry",
        "query_timeout",
        "query_wait_timeout",
        "client_idle_timeout",
        "client_login_timeout",
        "idle_transaction_timeout",
        "pkt_buf",
        "sbuf_loopcnt",
        "tcp_keepcnt",
        "tcp_keepidle",
        "tcp_keepintvl",
        "max_packet_size",
        "listen_backlog",
        "stats_period",
        "autodb_idle_timeout",
        "dns_max_ttl",
        "dns_nxdomain_ttl",
        "dns_zone_check_period",
        "unix_socket_mode",
        "server_reset_query_always",
        "log_connections",
        "log_disconnections",
        "log_pooler_errors",
        "log_stats",
        "verbose",
        "server_round_robin",
        "disable_pqexec",
        "application_name_add_host",
        "server_check_delay",
        "cancel_wait_timeout",
        "peer_id",
        "so_reuseport",
    }
)
_POOL_MODES = frozenset({"session", "transaction", "statement"})
_AUTH_TYPES = frozenset(
    {"cert", "md5", "scram-sha-256", "plain", "trust", "any", "hba", "pam", "ldap"}
)
_QUERY_SETTINGS = frozenset(
    {"server_reset_query", "server_check_query", "connect_query", "auth_query"}
)
_INLINE = re.compile(r"\s[;#]")


def _invalid(key: str, value: str) -> str | None:
    if key not in _QUERY_SETTINGS and _INLINE.search(value):
        return (
            f"{key} = {value.split(';')[0].split('#')[0].strip()} is followed by an inline comment; PgBouncer "
            "has no inline comments, so the comment becomes part of the value"
        )
    if key in _INT_SETTINGS and not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return f"{key} must be a number, not {value!r}"
    if key == "pool_mode" and value.lower() not in _POOL_MODES:
        return f"pool_mode {value!r} is not one of session, transaction, statement"
    if key == "auth_type" and value.lower() not in _AUTH_TYPES:
        return f"auth_type {value!r} is not an auth type PgBouncer knows"
    return None


@rule(
    "TL209",
    "pgbouncer-invalid-value",
    Severity.ERROR,
    "A pgbouncer.ini value PgBouncer would reject",
    guide=GUIDE,
)
def pgbouncer_invalid_value(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Checks the `[pgbouncer]` section's values as PgBouncer reads them: numbers where
    numbers are required, a known `pool_mode` and `auth_type`, and no trailing
    `; comment` or `# comment`. PgBouncer treats `;` and `#` as comments only at the
    start of a line; later on the line they are part of the value. Query settings
    (`server_reset_query`, `connect_query`, ...) may legitimately contain `;`.

    ## Why
    PgBouncer refuses to start on an invalid value (`default_pool_size = 100 ; max`
    is not a number), or runs with a value nobody meant.

    ## Example

    Bad (`pgbouncer.ini`):

    ```ini
    [pgbouncer]
    pool_mode = transaction
    default_pool_size = 30
    ; TL209 (next line): the "; ..." is part of the value, not a comment
    max_client_conn = 500 ; 3 workers x 8 processes + 4 web workers, with headroom
    ```

    Good:

    ```ini
    [pgbouncer]
    pool_mode = transaction
    default_pool_size = 30
    ; 3 workers x 8 processes + 4 web workers, with headroom
    max_client_conn = 500
    ```

    ## How to fix
    Move the comment to a line of its own, starting with `;`.
    """
    for ini in ctx.deployment.pgbouncer_files:
        section = ini.section("pgbouncer")
        if section is None:
            continue
        for s in section.settings:
            problem = _invalid(s.key, s.value)
            if problem:
                yield Finding(s.value_loc, problem, key=f"ini:{ini.path}:{s.key}")


@dataclass(frozen=True)
class CapacityOptions:
    # SQLAlchemy's default engine pool: pool_size 5 + max_overflow 10
    connections_per_process: int = 15


def _clients(d: Deployment) -> list[tuple[PgBouncer, set[str]]]:
    """Each PgBouncer the app's DATABASE_URL names, with the services that connect through it."""
    found: dict[Location, tuple[PgBouncer, set[str]]] = {}
    for view in d.app:
        s = view.get("DATABASE_URL")
        if view.service is None or s is None or not s.value:
            continue
        url = parse_url(s.value)
        pgb = d.pgbouncer_for_host(url.host) if url is not None and url.host else None
        if pgb is not None:
            found.setdefault(pgb.anchor, (pgb, set()))[1].add(view.service.name)
    return list(found.values())


# Pools whose threads or greenlets share one process, and so one SQLAlchemy engine pool
_ONE_PROCESS_POOLS = frozenset({"solo", "threads", "gevent", "eventlet"})


def _worker_processes(c: CeleryService) -> int | None:
    """Processes (each with its own engine pool) one worker instance runs; None: unknown."""
    if c.call.pool in _ONE_PROCESS_POOLS:
        return 1
    text = c.concurrency
    if text is None:
        # the app reads CELERY_WORKER_CONCURRENCY when the command gives no --concurrency
        env = c.service.env.get("CELERY_WORKER_CONCURRENCY")
        text = env.value if env is not None else None
    return int(text.strip()) if text is not None and text.strip().isdigit() else None


@rule(
    "TL205",
    "pgbouncer-client-capacity",
    Severity.WARNING,
    "max_client_conn is below the connections the deployment can open",
    options=CapacityOptions,
    guide=GUIDE,
    production_only=True,
)
def pgbouncer_client_capacity(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Adds up the client connections the app can open to the PgBouncer its
    `DATABASE_URL` names: every Celery worker instance times its concurrency, every
    beat, and every web instance times its processes (uvicorn/gunicorn `--workers`, or
    `WEB_CONCURRENCY`), each process times `connections-per-process` (default 15,
    SQLAlchemy's default pool: 5 connections plus 10 overflow). Fires when
    `max_client_conn` is below the total; the message shows the arithmetic. Only the
    services whose `DATABASE_URL` goes through that PgBouncer count; a worker on the
    `solo`, `threads`, `gevent` or `eventlet` pool is one process whatever its
    concurrency. When a worker's concurrency (`--concurrency`, else
    `CELERY_WORKER_CONCURRENCY`) is unknown the total cannot be known and nothing is
    reported.

    ## Why
    PgBouncer refuses clients beyond `max_client_conn` ("no more connections
    allowed"); under load, tasks and requests fail although PostgreSQL is idle.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      web:
        command: gunicorn shop.wsgi:application --bind 0.0.0.0:8000 --workers 4
        env_file: .env
      worker:
        command: celery -A shop worker --loglevel=info --concurrency=${CELERY_WORKER_CONCURRENCY:-8}
        env_file: .env
        deploy:
          replicas: 4
      beat:
        command: celery -A shop beat --loglevel=info
        env_file: .env
    ```

    Bad (`pgbouncer.ini`):

    ```ini
    [pgbouncer]
    pool_mode = transaction
    default_pool_size = 40
    ; sized for the original two workers
    ; TL205 (next line): (4x8 + 1 + 4) processes x 15 connections = 555 clients
    max_client_conn = 400
    ```

    Good (`pgbouncer.ini`; `docker-compose.yml` unchanged):

    ```ini
    [pgbouncer]
    pool_mode = transaction
    default_pool_size = 40
    ; 4 workers x 8 + beat + web 4 = 37 processes x 15 connections = 555, plus headroom
    max_client_conn = 800
    ```

    ## How to fix
    Raise `max_client_conn` above the total (it costs PgBouncer little), or lower the
    app's pool size per process.
    """
    d = ctx.deployment
    per = ctx.options.connections_per_process
    for pgb, clients in _clients(d):
        limit = pgb.settings.get("max_client_conn")
        if limit is None or not limit.value.strip().isdigit():
            continue
        counted = _processes(d, clients)
        if counted is None:
            continue
        processes, parts = counted
        total = processes * per
        maximum = int(limit.value.strip())
        if total > maximum:
            yield Finding(
                limit.loc,
                f"max_client_conn {maximum} is below the {total} client connections the deployment "
                f"can open: ({' + '.join(parts)}) = {processes} processes x {per} connections each",
                key=f"pgbouncer:{pgb.anchor.path}:capacity",
            )


def _processes(d: Deployment, clients: set[str]) -> tuple[int, list[str]] | None:
    """Processes the ``clients`` services run in all, and the terms of the sum."""
    parts: list[str] = []
    processes = 0
    for c in d.celery:
        if c.service.name not in clients:
            continue
        n = _worker_processes(c) if c.is_worker else 1
        if n is None:
            return None
        processes += c.service.instances * n
        parts.append(f"{c.service.name} {c.service.instances}x{n}")
    celery_names = {c.service.name for c in d.celery}
    for view in d.app:
        svc = view.service
        if svc is None or svc.name not in clients or svc.name in celery_names or view.job:
            continue
        n_web = web_processes(svc)
        if n_web is None:
            continue
        processes += svc.instances * n_web
        parts.append(f"{svc.name} {svc.instances}x{n_web}")
    return processes, parts


_PREPARING_DRIVERS = ("postgresql+asyncpg", "postgresql+psycopg", "postgresql+psycopg_async")
_CACHE_OFF = re.compile(
    r"(?i)(prepared_statement_cache_size|statement_cache_size)=0\b|prepare_threshold=none\b"
)


def _pgbouncer_version(pgb: PgBouncer) -> tuple[int, int] | None:
    if pgb.service is None:
        return None
    tag = pgb.service.image.split("@", 1)[0].rpartition(":")[2]
    m = re.match(r"v?(\d+)\.(\d+)", tag)
    return (int(m.group(1)), int(m.group(2))) if m else None


@rule(
    "TL210",
    "prepared-statements-through-transaction-pool",
    Severity.WARNING,
    "Driver prepared statements through a transaction pool without support",
    guide=GUIDE,
)
def prepared_statements_through_transaction_pool(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a `DATABASE_URL` whose driver prepares statements (`postgresql+asyncpg`,
    psycopg 3 as `postgresql+psycopg`) when it goes through a PgBouncer in
    `transaction` or `statement` pool mode that does not support prepared statements
    (`max_prepared_statements` 0, or unset on PgBouncer older than 1.24, as read from
    the image tag), and the URL does not switch the driver's statement cache off
    (`prepared_statement_cache_size=0` for asyncpg, `prepare_threshold=None` for
    psycopg). An image tag without a version (`latest`) is taken to be recent.

    ## Why
    In transaction mode consecutive statements of one client run on different server
    connections; a statement prepared on one is missing on the next, and the app fails
    with "prepared statement ... does not exist" under load.

    ## Example

    Bad (`.env`):

    ```sh
    POSTGRES_PASSWORD=<password>
    # SQLAlchemy async engine (asyncpg)
    DATABASE_URL=postgresql+asyncpg://ledger:<password>@pgbouncer:6432/ledger  # <- TL210: prepares statements
    ```

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      pgbouncer:
        image: edoburu/pgbouncer:1.22.1
        volumes:
          - ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro
    ```

    Bad (`pgbouncer.ini`):

    ```ini
    [pgbouncer]
    pool_mode = transaction
    default_pool_size = 25
    max_client_conn = 400
    ; TL210: no max_prepared_statements, which PgBouncer 1.22 takes as 0
    ```

    Good (`pgbouncer.ini`; `.env` and `docker-compose.yml` unchanged):

    ```ini
    [pgbouncer]
    pool_mode = transaction
    default_pool_size = 25
    max_client_conn = 400
    ; asyncpg prepares every statement: let PgBouncer track them across server connections
    max_prepared_statements = 100
    ```

    ## How to fix
    Set `max_prepared_statements = 100` (PgBouncer 1.21+), or add
    `?prepared_statement_cache_size=0` to the asyncpg URL.
    """
    d = ctx.deployment
    for _view, s, url in database_urls(d):
        if url.scheme not in _PREPARING_DRIVERS or _CACHE_OFF.search(url.query):
            continue
        pgb = d.pgbouncer_for_host(url.host)
        if pgb is None:
            continue
        mode = pgb.settings.get("pool_mode")
        if mode is None or mode.value.strip().lower() not in ("transaction", "statement"):
            continue
        limit = pgb.settings.get("max_prepared_statements")
        if limit is not None:
            if limit.value.strip().isdigit() and int(limit.value.strip()) > 0:
                continue
            why = f"max_prepared_statements = {limit.value.strip()}"
        else:
            version = _pgbouncer_version(pgb)
            if version is None or version >= (1, 24):
                continue
            why = (
                f"max_prepared_statements is unset, which means 0 before PgBouncer 1.24, and the "
                f"image is {version[0]}.{version[1]}"
            )
        driver = url.scheme.split("+", 1)[1]
        name = f"PgBouncer {pgb.service.name!r}" if pgb.service else "PgBouncer"
        yield Finding(
            s.loc,
            f"DATABASE_URL uses {driver}, which prepares statements, through {name} in "
            f"{mode.value.strip()} mode without prepared-statement support ({why}); set "
            "max_prepared_statements or turn the driver's statement cache off in the URL",
            related=(mode.loc,) if limit is None else (mode.loc, limit.loc),
            key="setting:DATABASE_URL:prepared",
        )


@hookimpl
def tel3sis_lint_rules() -> list[Rule]:
    return rules_of(globals())
