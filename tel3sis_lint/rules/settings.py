"""TL4xx: the application's settings (.env and container environment)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..deployment import EnvEntry
from ..diagnostics import Edit, Finding, Severity
from ..masking import MASK
from ..model.urls import parse_url, valid_url
from ..plugins import hookimpl
from ..rule import Rule, RuleContext, rule, rules_of

GUIDE = "Example Environment Settings"
_BREAKS = re.compile(r"\r\n|\r|\n")
URL_KEYS = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")


@rule(
    "TL401",
    "base-url-not-https",
    Severity.ERROR,
    "BASE_URL is missing, empty or not https://",
    guide=GUIDE,
    overrides=("TL402",),
    production_only=True,
)
def base_url_not_https(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    For a TEL3SIS-style app, reports `BASE_URL` when it is missing, empty, or does not
    start with `https://`. A template's empty value is a placeholder and is not
    reported.

    ## Why
    TEL3SIS gives `BASE_URL` to Twilio as its webhook address; the service runs behind
    a load balancer with TLS, and Twilio's signature check fails when the scheme is
    wrong.

    ## Example

    Bad (`.env`):

    ```sh
    SECRET_KEY=<secret-key>
    # Public address Twilio calls back; TLS ends at the load balancer
    BASE_URL=http://voice.tel3sis.example.com  # <- TL401: not https://
    ```

    Good:

    ```sh
    SECRET_KEY=<secret-key>
    # Public address Twilio calls back; TLS ends at the load balancer
    BASE_URL=https://voice.tel3sis.example.com
    ```

    ## How to fix
    `BASE_URL=https://tel3sis.example.com`.
    """
    d = ctx.deployment
    if not d.tel3sis_app:
        return
    for view in d.app:
        s = view.get("BASE_URL")
        if s is None and "BASE_URL" not in d.options.required_settings:
            continue  # an app whose code does not read BASE_URL
        if s is None:
            yield Finding(
                view.anchor,
                "BASE_URL is not set; the app needs its public https:// address",
                key=f"setting:BASE_URL:{view.anchor.path}",
            )
        elif s.value is None:
            continue
        elif not s.value.strip():
            yield Finding(
                s.loc,
                "BASE_URL is empty; set the public https:// address",
                key=f"setting:BASE_URL:{view.anchor.path}",
            )
        elif not re.match(r"(?i)https://[^/\s]+", s.value.strip()):
            what = (
                "has no host"
                if s.value.strip().lower().startswith("https://")
                else "is not https://"
            )
            yield Finding(
                s.loc,
                f"BASE_URL {s.value.strip()!r} {what}",
                key=f"setting:BASE_URL:{view.anchor.path}",
            )


@rule(
    "TL402",
    "required-setting-missing",
    Severity.ERROR,
    "A setting the app cannot start without is missing or empty",
    guide=GUIDE,
)
def required_setting_missing(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    For a TEL3SIS-style app, reports each required setting (the `app.required-settings`
    list; default `SECRET_KEY`, `BASE_URL`, `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN`)
    that the app's services do not get, or get empty. In a template
    (`.env.example`), a key that is present with an empty value is a placeholder and
    is not reported; a key absent from the template is.

    The app counts as TEL3SIS-style when `app.profile = "tel3sis"`, or (the default
    `auto`) when its environment mentions at least two of the required settings.

    ## Why
    The app's pydantic settings refuse to start without them.

    ## Example

    Bad (`.env`):

    ```sh
    # TEL3SIS production settings (read by the app through python-dotenv)
    SECRET_KEY=  # <- TL402: empty
    BASE_URL=https://voice.tel3sis.example.com
    TWILIO_ACCOUNT_SID=<account-sid>
    # TL402: no TWILIO_AUTH_TOKEN
    ```

    Good:

    ```sh
    # TEL3SIS production settings (read by the app through python-dotenv)
    SECRET_KEY=<secret-key>
    BASE_URL=https://voice.tel3sis.example.com
    TWILIO_ACCOUNT_SID=<account-sid>
    TWILIO_AUTH_TOKEN=<auth-token>
    ```

    ## How to fix
    Add the setting to the env file the services read (the message names it).
    """
    d = ctx.deployment
    if not d.tel3sis_app:
        return
    for view in d.app:
        for key in d.options.required_settings:
            s = view.get(key)
            if s is None:
                yield Finding(
                    view.anchor,
                    f"{key} is required by the app but not set (add it to {view.anchor.path})",
                    key=f"setting:{key}:{view.anchor.path}",
                )
            elif s.value is not None and not s.value.strip():
                yield Finding(
                    s.loc,
                    f"{key} is required by the app but empty",
                    key=f"setting:{key}:{view.anchor.path}",
                )


@rule(
    "TL403",
    "duplicate-key",
    Severity.WARNING,
    "A key is set twice in one .env file",
    fixable=True,
)
def duplicate_key(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a key that appears more than once in one `.env` file, at the later
    occurrence, with the earlier one as a related location.

    ## Why
    The later value silently wins; whoever edits the first one sees no effect.

    ## Example

    Bad (`.env`):

    ```sh
    # Celery
    CELERY_WORKER_CONCURRENCY=4
    LOG_LEVEL=info

    # Raised for the spring campaign (ops ticket 4127)
    CELERY_WORKER_CONCURRENCY=8  # <- TL403: set again; this value wins

    # local debugging (also sourced by scripts/shell.sh)
    export LOG_LEVEL=debug  # <- TL403: set again; this value wins
    ```

    Good:

    ```sh
    # Celery
    # Raised for the spring campaign (ops ticket 4127)
    CELERY_WORKER_CONCURRENCY=8
    LOG_LEVEL=info

    # local debugging: run `LOG_LEVEL=debug scripts/shell.sh` instead of editing this file
    ```

    ## How to fix
    Delete the line you did not mean. `--fix` deletes the earlier, overridden line (the
    value the app runs with stays the same) when it is a single line.
    """
    for env in ctx.deployment.env_files:
        earlier: dict[str, EnvEntry] = {}
        for entry in env.entries:
            before = earlier.get(entry.key)
            earlier[entry.key] = entry
            if before is None:
                continue
            single = _BREAKS.search(before.raw.rstrip("\r\n")) is None
            pattern = rf"^[ \t]*(export[ \t]+)?{re.escape(before.key)}[ \t]*[=:]"
            fix = (
                (Edit(env.path, before.loc.line, before.loc.line, pattern, None),) if single else ()
            )
            yield Finding(
                entry.loc,
                f"{entry.key} is already set on line {before.loc.line}; this later value wins",
                related=(before.loc,),
                key=f"dup:{env.path}:{entry.key}",
                fix=fix,
            )


@rule(
    "TL404",
    "malformed-url",
    Severity.ERROR,
    "A connection URL does not parse as a URL of a known scheme",
    overrides=("TL201", "TL203", "TL206"),  # judged on a misread host, port or database
)
def malformed_url(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Parses `DATABASE_URL`, `REDIS_URL`, `CELERY_BROKER_URL` and `CELERY_RESULT_BACKEND`
    and reports one that is not `scheme://[user[:password]@]host[:port][/path]` with a
    scheme its client knows: SQLAlchemy dialects for `DATABASE_URL` (`postgresql`,
    `postgresql+asyncpg`, `sqlite`, ...), `redis`/`rediss`/`sentinel` for Redis, and
    Celery's transports and `db+` result backends for the Celery URLs.

    ## Why
    The client raises at start-up, or, worse, connects somewhere else.

    ## Example

    Bad (`.env`):

    ```sh
    # password generated by the vault, pasted as is
    # TL404 (next line): the '@' in the password is not percent-encoded
    DATABASE_URL=postgresql://tel3sis:<pass@word>@tel3sis-pgbouncer.internal.example.com:6432/tel3sis

    REDIS_URL=rediss://:<password>@tel3sis-redis.internal.example.com:6380/0
    # copied from the REDIS_HOST/REDIS_PORT of the old deployment
    CELERY_BROKER_URL=tel3sis-redis.internal.example.com:6380  # <- TL404: no scheme
    # TL404 (next line): "rediss//" lacks its ':'
    CELERY_RESULT_BACKEND=rediss//:<password>@tel3sis-redis.internal.example.com:6380/1?ssl_cert_reqs=required
    ```

    Good:

    ```sh
    # password generated by the vault, percent-encoded ('@' is %40)
    DATABASE_URL=postgresql://tel3sis:<pass%40word>@tel3sis-pgbouncer.internal.example.com:6432/tel3sis

    REDIS_URL=rediss://:<password>@tel3sis-redis.internal.example.com:6380/0
    CELERY_BROKER_URL=rediss://:<password>@tel3sis-redis.internal.example.com:6380/0?ssl_cert_reqs=required
    CELERY_RESULT_BACKEND=rediss://:<password>@tel3sis-redis.internal.example.com:6380/1?ssl_cert_reqs=required
    ```

    ## How to fix
    Correct the URL; percent-encode special characters in passwords (`@` is `%40`).
    """
    for key in URL_KEYS:
        for _view, s in ctx.deployment.distinct_settings(key):
            if s.value is None or "$" in s.value:
                continue  # interpolated at run time by a shell; not ours to judge
            value = s.value.strip()
            if key == "DATABASE_URL" and _unencoded_at(value):
                yield Finding(
                    s.loc,
                    "DATABASE_URL has an '@' in its password that is not percent-encoded (write "
                    "%40): SQLAlchemy ends the password at the first '@' and reads what follows "
                    f"as the host: {_shown(value)!r}",
                    key=f"setting:{key}",
                )
            elif (
                key == "REDIS_URL"
                and ctx.deployment.tel3sis_app
                and ctx.deployment.options.redis_url_client == "from_url"
                and value.lower().startswith(("sentinel://", "sentinels://"))
            ):
                yield Finding(
                    s.loc,
                    "REDIS_URL uses sentinel://, which redis-py's Redis.from_url (how the app reads "
                    "REDIS_URL) refuses; read it with a Sentinel client and set "
                    'app.redis-url-client = "sentinel"',
                    key=f"setting:{key}",
                )
            elif not valid_url(key, value):
                yield Finding(
                    s.loc,
                    f"{key} is not a valid {_kind(key)} URL: {_shown(value)!r}",
                    key=f"setting:{key}",
                )


def _kind(key: str) -> str:
    return {"DATABASE_URL": "database", "REDIS_URL": "Redis"}.get(key, "Celery broker/backend")


# How SQLAlchemy splits a URL: the user name may hold '@' (Azure's user@server), the
# password ends at the first '@' (redis-py and kombu split at the last one instead).
_SQLALCHEMY_URL = re.compile(r"^[\w+]+://(?:[^:/]*(?::[^@]*)?@)?(?P<rest>[^?]*)")


def _unencoded_at(value: str) -> bool:
    """Whether SQLAlchemy finds an '@' in host, port or database: one left in the password."""
    m = _SQLALCHEMY_URL.match(value)
    return m is not None and not value.lower().startswith("sqlite") and "@" in m["rest"]


_SCHEME_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9+._\-]*:?/+")


def _shown(text: str) -> str:
    """A URL as a TL404 message may show it.

    The reporters' masking expects well-formed URLs; a malformed one may carry its password
    after a broken scheme (``postgresql//app:pw@db``) or hold an '@' in it, so everything
    between the user name and the last '@' is hidden here.
    """
    parts = []
    for part in text.split(";"):
        head, at, tail = part.rpartition("@")
        if at:
            prefix = _SCHEME_PREFIX.match(head)
            start = prefix.end() if prefix else 0
            user, sep, _ = head[start:].partition(":")
            if sep:
                part = f"{head[:start]}{user}:{MASK}@{tail}"
        parts.append(part)
    return ";".join(parts)


_UNBRACED = re.compile(r"(?<!\$)\$[A-Za-z_]")
_DASH_DEFAULT = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*-")
_COLON_DEFAULT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):-")


def _divergence(entry: EnvEntry, scope: dict[str, str]) -> str | None:
    """How Compose and python-dotenv read this .env entry differently (None: the same)."""
    value = entry.value or ""
    if entry.colon:
        return (
            "the 'KEY: value' form (Compose's YAML style): python-dotenv cannot parse it, "
            f"so the app never sees {entry.key}"
        )
    if entry.quote == "'":
        if "${" in value:
            return "${...} inside single quotes: Compose keeps it literal, python-dotenv interpolates it"
        return None
    if "$$" in value:
        return "$$: Compose reads an escaped '$', python-dotenv keeps '$$'"
    if _UNBRACED.search(value):
        return "$VAR without braces: Compose interpolates it, python-dotenv keeps it literal"
    if _DASH_DEFAULT.search(value):
        return "${VAR-default}: python-dotenv knows only ${VAR:-default} and reads no value"
    for name in _COLON_DEFAULT.findall(value):
        if scope.get(name) == "":
            return (
                f"a ':-' default for {name}, which is set but empty: Compose uses the default, "
                "python-dotenv keeps the empty value"
            )
    return None


@rule(
    "TL405",
    "dotenv-reader-divergence",
    Severity.WARNING,
    "A .env value that Compose and python-dotenv read differently",
)
def dotenv_reader_divergence(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    For a `.env` file that both Compose (project `.env` or `env_file`) and the app's
    python-dotenv read, reports values the two read differently: `$VAR` without
    braces (Compose interpolates, python-dotenv does not), `${VAR}` inside single
    quotes (the other way round), `$$` escapes, `${VAR-default}` (python-dotenv knows
    only `:-`), `${VAR:-default}` with `VAR` set but empty (Compose takes the default,
    python-dotenv the empty value), and `KEY: value` lines (Compose accepts them,
    python-dotenv cannot parse them).

    The app reads a `.env` with python-dotenv when no compose file runs it, or, for a
    TEL3SIS-style app (pydantic settings with `env_file=".env"`), when one of its
    services bind-mounts the folder holding the `.env` (as TEL3SIS's own compose file
    does with `.:/app`). A file only Compose reads is not reported.

    ## Why
    The worker started by Compose and the app reading its settings file then run with
    different values, and nothing says so.

    ## Example

    Bad (`docker-compose.yml`: Compose reads `.env`, and the app reads it through the bind mount):

    ```yaml
    services:
      web:
        image: ghcr.io/acme/tel3sis:2.3.0
        env_file: .env
        volumes:
          - .:/app
    ```

    Bad (`.env`):

    ```sh
    POSTGRES_USER=tel3sis
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://$POSTGRES_USER:${POSTGRES_PASSWORD}@pgbouncer:6432/tel3sis  # <- TL405: no braces
    CELERY_WORKER_CONCURRENCY=4
    LOG_LEVEL: info  # <- TL405: python-dotenv cannot parse `KEY: value`

    DEPLOY_ENV=production
    SENTRY_ENVIRONMENT='${DEPLOY_ENV}'  # <- TL405: only python-dotenv expands it in single quotes
    SENTRY_RELEASE=${GIT_SHA-unknown}  # <- TL405: python-dotenv knows only `:-`

    # left empty on purpose: the default below should apply
    WEBHOOK_TIMEOUT=
    TWILIO_WEBHOOK_TIMEOUT=${WEBHOOK_TIMEOUT:-15}  # <- TL405: set but empty
    ```

    Good (`.env`; `docker-compose.yml` unchanged):

    ```sh
    POSTGRES_USER=tel3sis
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@pgbouncer:6432/tel3sis
    CELERY_WORKER_CONCURRENCY=4
    LOG_LEVEL=info

    DEPLOY_ENV=production
    SENTRY_ENVIRONMENT=${DEPLOY_ENV}
    SENTRY_RELEASE=${GIT_SHA:-unknown}

    # WEBHOOK_TIMEOUT stays unset (not empty), so both readers take the default below
    TWILIO_WEBHOOK_TIMEOUT=${WEBHOOK_TIMEOUT:-15}
    ```

    ## How to fix
    Write the value so both read it alike: `${VAR}` with braces, no interpolation in
    single quotes, `${VAR:-default}` with `VAR` unset rather than empty, `KEY=value`.
    """
    d = ctx.deployment
    both = d.compose_read & d.dotenv_read
    for env in d.env_files:
        if env.path not in both:
            continue
        scope: dict[str, str] = {}
        for entry in env.entries:
            problem = _divergence(entry, scope)
            if entry.value is not None:
                scope[entry.key] = entry.value
            if problem:
                # not "KEY: problem": the reporters mask what follows a secret name and a colon
                yield Finding(
                    entry.loc, f"{entry.key} uses {problem}", key=f"diverge:{env.path}:{entry.key}"
                )


@rule(
    "TL406",
    "database-url-legacy-scheme",
    Severity.ERROR,
    "DATABASE_URL uses postgres://, which SQLAlchemy 1.4+ refuses",
)
def database_url_legacy_scheme(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    For a TEL3SIS-style app (SQLAlchemy), reports a `DATABASE_URL` with the
    `postgres://` scheme. It is still PostgreSQL, so TL202 does not fire.

    ## Why
    SQLAlchemy 1.4 removed the `postgres` dialect alias: the app fails at start with
    `NoSuchModuleError`. (Django and some hosting providers still accept it.)

    ## Example

    Bad (`.env`):

    ```sh
    # connection string as shown in the hosting provider's dashboard
    # TL406 (next line): SQLAlchemy 1.4+ has no postgres:// dialect
    DATABASE_URL=postgres://tel3sis:<password>@tel3sis-pgbouncer.internal.example.com:6432/tel3sis
    REDIS_URL=rediss://:<password>@tel3sis-redis.internal.example.com:6380/0
    ```

    Good:

    ```sh
    # the provider shows postgres://; SQLAlchemy 1.4+ needs postgresql://
    DATABASE_URL=postgresql://tel3sis:<password>@tel3sis-pgbouncer.internal.example.com:6432/tel3sis
    REDIS_URL=rediss://:<password>@tel3sis-redis.internal.example.com:6380/0
    ```

    ## How to fix
    Write `postgresql://` (or `postgresql+psycopg://`).
    """
    d = ctx.deployment
    if not d.tel3sis_app:
        return
    for _view, s in d.distinct_settings("DATABASE_URL"):
        url = parse_url(s.value or "", "sqlalchemy")
        if url is not None and url.base_scheme == "postgres":
            yield Finding(
                s.loc,
                "DATABASE_URL uses postgres://, which SQLAlchemy 1.4+ refuses; write postgresql://",
                key="setting:DATABASE_URL",
            )


@hookimpl
def tel3sis_lint_rules() -> list[Rule]:
    return rules_of(globals())
