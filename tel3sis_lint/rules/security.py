"""TL5xx: credentials and exposure."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..diagnostics import Finding, Location, Severity
from ..model import roles
from ..model.services import Service, Setting
from ..model.urls import parse_url_list
from ..plugins import hookimpl
from ..rule import Rule, RuleContext, rule, rules_of

# A secret's name ends with what it is: POSTGRES_PASSWORD, SECRET_KEY, AUTH_TOKEN; a name
# that merely contains the word (VAULT_SECRET_MOUNT, TOKEN_TYPE) is not a secret.
_PASSWORD_KEY = re.compile(r"(?i)(PASSWORD|PASSWD|(^|_)PASS|SECRET|SECRET_KEY|TOKEN|API_KEY)$")
# The stack's own services' passwords: empty means no password at all.
_SERVICE_PASSWORD = re.compile(
    r"(?i)^(POSTGRES|POSTGRESQL|PG|DB|DATABASE|PGBOUNCER|REDIS|REDIS_MASTER|REDIS_SENTINEL|"
    r"SENTINEL|VALKEY|MASTER)_PASS(WORD)?$"
)


@dataclass(frozen=True)
class WeakOptions:
    weak_passwords: tuple[str, ...] = field(
        default=("pass", "password", "postgres", "changeme", "secret", "")
    )


def _all_settings(ctx: RuleContext) -> Iterator[tuple[Setting, Service | None]]:
    seen: set[Location] = set()
    d = ctx.deployment
    for svc in d.services:
        for s in svc.env.values():
            if s.loc not in seen:
                seen.add(s.loc)
                yield s, svc
    for view in d.app:
        for s in view.settings.values():
            if s.loc not in seen:
                seen.add(s.loc)
                yield s, None


@rule(
    "TL501",
    "weak-credentials",
    Severity.ERROR,
    "A well-known default or placeholder password",
    options=WeakOptions,
    production_only=True,
)
def weak_credentials(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a password that is a well-known default or placeholder (the
    `weak-passwords` option: `pass`, `password`, `postgres`, `changeme`, `secret`, and
    empty): in a connection URL (`redis://:@redis:6379/0`,
    `postgresql://app:postgres@db/app`), in a password or secret setting
    (`POSTGRES_PASSWORD`, `SECRET_KEY`, `REDIS_PASSWORD`), or through
    `ALLOW_EMPTY_PASSWORD=yes` (bitnami images). Template files (`.env.example`,
    `.env.sample`, `.env.template`) hold placeholders by design and are not read.
    An empty value counts only for password settings and URLs, not for tokens or keys
    left blank.

    ## Why
    These are the first passwords anyone tries; a Redis or PostgreSQL reachable from
    the network with one of them is open.

    ## Example

    Bad (`.env`):

    ```sh
    # Copied from .env.example; only the app secrets were filled in
    DATABASE_URL=postgresql://tel3sis:@pgbouncer:6432/tel3sis  # <- TL501: empty password
    REDIS_URL=rediss://:changeme@tel3sis-redis.internal.example.com:6380/0  # <- TL501: a default password
    ```

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      postgres:
        image: bitnami/postgresql:16.4.0
        environment:
          POSTGRESQL_USERNAME: tel3sis
          POSTGRESQL_DATABASE: tel3sis
          ALLOW_EMPTY_PASSWORD: "yes"  # <- TL501: runs with no password
    ```

    Good (`.env`):

    ```sh
    # Not in git; generated with `openssl rand -hex 16`
    TEL3SIS_DB_PASSWORD=<password>
    DATABASE_URL=postgresql://tel3sis:<password>@pgbouncer:6432/tel3sis
    REDIS_URL=rediss://:<password>@tel3sis-redis.internal.example.com:6380/0
    ```

    Good (`docker-compose.yml`):

    ```yaml
    services:
      postgres:
        image: bitnami/postgresql:16.4.0
        environment:
          POSTGRESQL_USERNAME: tel3sis
          POSTGRESQL_DATABASE: tel3sis
          POSTGRESQL_PASSWORD: ${TEL3SIS_DB_PASSWORD}
    ```

    ## How to fix
    Generate a long random password and keep it out of git (an untracked `.env` or a
    secret store).
    """
    weak = {w.lower() for w in ctx.options.weak_passwords}
    for s, _svc in _all_settings(ctx):
        if s.template or s.value is None:
            continue
        value = s.value.strip()
        if s.key.upper() == "ALLOW_EMPTY_PASSWORD" and value.lower() in ("yes", "true", "1"):
            if "" in weak:
                yield Finding(
                    s.loc,
                    "ALLOW_EMPTY_PASSWORD is on: the service runs with an empty password",
                    key=f"weak:{s.key}",
                )
            continue
        if "://" in value:
            for url in parse_url_list(value) or []:
                if url.password is not None and url.password.lower() in weak:
                    what = (
                        "an empty password" if not url.password else "a well-known default password"
                    )
                    yield Finding(s.loc, f"{s.key} carries {what}", key=f"weak:{s.key}")
                    break
            continue
        # A blank setting is "not set" (often an unresolved ${VAR}: TL002's finding), not weak.
        if not value and "" in weak and _SERVICE_PASSWORD.match(s.key):
            yield Finding(
                s.loc, f"{s.key} is empty: the service runs without a password", key=f"weak:{s.key}"
            )
            continue
        if value and _PASSWORD_KEY.search(s.key) and value.lower() in weak:
            yield Finding(
                s.loc, f"{s.key} is a well-known default or placeholder", key=f"weak:{s.key}"
            )
    yield from _weak_redis_passwords(ctx, weak)


_PASSWORD_FLAGS = ("--requirepass", "--masterauth")


def _weak_redis_passwords(ctx: RuleContext, weak: set[str]) -> Iterator[Finding]:
    """Redis passwords given on a command line or in a redis/sentinel config file."""
    d = ctx.deployment
    services = [n.service for n in d.redis_nodes] + [s.service for s in d.sentinels if s.service]
    for svc in [*services, *d.cluster_nodes]:
        argv = list(svc.all_argv())
        flags = []
        for i, word in enumerate(argv):
            flag, eq, inline = word.partition("=")
            if flag not in _PASSWORD_FLAGS:
                continue
            value = inline if eq else (argv[i + 1] if i + 1 < len(argv) else None)
            if value and value.lower() in weak:
                flags.append(flag)
        if flags:
            yield Finding(
                svc.command_loc or svc.loc,
                f"{svc.name!r} runs with {' and '.join(flags)} set to a well-known default or "
                "placeholder password",
                key=f"weak:{svc.name}:command",
            )
    for conf in d.conf_files:
        for directive in conf.directives:
            name = directive.name
            args = directive.args
            if name in ("requirepass", "masterauth") and args:
                value = args[0]
            elif name == "sentinel" and len(args) >= 3 and args[0].lower() == "auth-pass":
                value, name = args[2], "sentinel auth-pass"
            else:
                continue
            if value and value.lower() in weak:
                yield Finding(
                    directive.loc,
                    f"{name} is a well-known default or placeholder",
                    key=f"weak:{conf.path}:{name}",
                )


def _conf_has_password(svc: Service, ctx: RuleContext) -> bool:
    for conf in ctx.deployment.conf_files:
        for mount in svc.mounts:
            if mount.source and _mounts_conf(mount.source, conf.path):
                directive = conf.get("requirepass")
                if directive is not None and directive.args and directive.args[0]:
                    return True
    return False


def _mounts_conf(source: str, conf_path: str) -> bool:
    """Whether a bind mount's source is the conf file or the folder holding it.

    ``source`` is absolute, ``conf_path`` the shown (relative) path, so their tails are
    compared: a folder mount (``./redis:/usr/local/etc/redis``) counts as well as a file mount.
    """
    rel = conf_path.replace("\\", "/")
    while rel.startswith("../"):
        rel = rel[3:]
    src = source.replace("\\", "/").rstrip("/")
    parent = rel.rpartition("/")[0]
    return src.endswith("/" + rel) or (bool(parent) and src.endswith("/" + parent))


@rule(
    "TL502",
    "redis-exposed-without-auth",
    Severity.ERROR,
    "A Redis or Sentinel port is published with no password",
    production_only=True,
)
def redis_exposed_without_auth(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a Redis, Sentinel or Cluster service that publishes a port to the host
    (`ports:`; `expose:` is internal and fine, and so is a port bound to `127.0.0.1`)
    while no password is set: no `--requirepass`, no `requirepass` in its mounted
    config, no `REDIS_PASSWORD` (an empty one counts as none).

    ## Why
    Redis without a password on a reachable port is taken over within hours by
    scanners (the Kinsing malware spreads exactly this way); it can write files and
    load modules.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      redis:
        image: redis:7.2
        command: redis-server --appendonly yes
        # published so we can run redis-cli from the bastion
        ports:
          - "6379:6379"  # <- TL502: on the host, no requirepass

      sentinel:
        image: bitnami/redis-sentinel:7.2
        deploy:
          replicas: 3
        ports:
          - target: 26379  # <- TL502: on a random host port, no password
            protocol: tcp
    ```

    Good:

    ```yaml
    services:
      redis:
        image: redis:7.2
        command: redis-server --appendonly yes
        # not published: use `docker compose exec redis redis-cli` from the bastion

      sentinel:
        image: bitnami/redis-sentinel:7.2
        deploy:
          replicas: 3
        expose:
          - "26379"
    ```

    ## How to fix
    Remove the `ports:` entry (services reach Redis over the compose network), or bind
    it to 127.0.0.1 and set `requirepass`.
    """
    d = ctx.deployment
    candidates = [n.service for n in d.redis_nodes] + [s.service for s in d.sentinels if s.service]
    candidates += list(d.cluster_nodes)
    for svc in candidates:
        exposed = [p for p in svc.ports if p.host_ip not in ("127.0.0.1", "::1", "localhost")]
        if not exposed or roles.has_password(svc) or _conf_has_password(svc, ctx):
            continue
        p = exposed[0]
        where = (
            f"host port {p.published}"
            if p.published
            else f"container port {p.target} on a random host port"
        )
        yield Finding(
            p.loc,
            f"{svc.name!r} publishes {where} with no password (requirepass/REDIS_PASSWORD)",
            key=f"exposed:{svc.name}",
        )


@rule(
    "TL503",
    "database-port-published",
    Severity.WARNING,
    "PostgreSQL's port is published to the host",
    production_only=True,
)
def database_port_published(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a PostgreSQL service (postgres, postgis, timescaledb, bitnami postgresql
    images) with a `ports:` entry that other hosts can reach. A port bound to the
    loopback address (`127.0.0.1:5432:5432`) is not reported, and neither is PgBouncer's
    own published port.

    ## Why
    Clients on the host or network reach PostgreSQL directly, bypassing PgBouncer's
    pooling and limits, and the database is exposed to anyone who reaches the host.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      postgres:
        image: postgres:16
        # opened for the BI tool and for psql from laptops
        ports:
          - "5432:5432"  # <- TL503: PostgreSQL on every address of the host
        volumes:
          - pgdata:/var/lib/postgresql/data
    ```

    Good:

    ```yaml
    services:
      postgres:
        image: postgres:16
        # psql from the host only (ssh tunnel); the BI tool goes through PgBouncer
        ports:
          - target: 5432
            published: "5432"
            host_ip: 127.0.0.1
        volumes:
          - pgdata:/var/lib/postgresql/data
    ```

    ## How to fix
    Remove the `ports:` entry; for local debugging bind it to `127.0.0.1:`.
    """
    for svc in ctx.deployment.postgres:
        for p in svc.ports:
            if p.host_ip in ("127.0.0.1", "::1", "localhost"):
                continue
            yield Finding(
                p.loc,
                f"PostgreSQL service {svc.name!r} publishes port "
                f"{p.published or p.target} to the host, bypassing PgBouncer from outside",
                key=f"pg-port:{svc.name}",
            )
            break


@rule(
    "TL504",
    "postgres-trust-auth",
    Severity.ERROR,
    "PostgreSQL runs with POSTGRES_HOST_AUTH_METHOD=trust",
    production_only=True,
)
def postgres_trust_auth(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a PostgreSQL service whose environment sets
    `POSTGRES_HOST_AUTH_METHOD=trust`.

    ## Why
    The official image then accepts every connection from any host without a
    password: any container on the network (or anyone reaching a published port) is a
    superuser.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      postgres:
        image: postgres:16
        environment:
          - POSTGRES_USER=tel3sis
          - POSTGRES_DB=tel3sis
          # "password authentication failed" after the PgBouncer switch; this made it go away
          - POSTGRES_HOST_AUTH_METHOD=trust  # <- TL504: no password asked of anyone
    ```

    Good:

    ```yaml
    services:
      postgres:
        image: postgres:16
        environment:
          - POSTGRES_USER=tel3sis
          - POSTGRES_PASSWORD=<password>
          - POSTGRES_DB=tel3sis
    ```

    ## How to fix
    Remove it and set `POSTGRES_PASSWORD` (the image defaults to `scram-sha-256`).
    """
    for svc in ctx.deployment.postgres:
        s = svc.env.get("POSTGRES_HOST_AUTH_METHOD")
        if s is not None and (s.value or "").strip().lower() == "trust":
            yield Finding(
                s.loc,
                f"PostgreSQL service {svc.name!r} sets POSTGRES_HOST_AUTH_METHOD=trust: every "
                "connection is accepted without a password",
                key=f"pg-trust:{svc.name}",
            )


@hookimpl
def tel3sis_lint_rules() -> list[Rule]:
    return rules_of(globals())
