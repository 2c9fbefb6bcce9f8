"""TL0xx: problems with the input itself."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Finding, Severity
from ..plugins import hookimpl
from ..rule import Rule, RuleContext, rule, rules_of


@rule("TL001", "parse-error", Severity.ERROR, "A config file cannot be parsed")
def parse_error(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports a file that cannot be read as its kind: invalid YAML in a compose file, a
    line python-dotenv cannot parse in a `.env`, a broken line in `pgbouncer.ini`, a
    `sentinel monitor` line with missing or non-numeric fields, an unreadable,
    binary or non-UTF-8 file. The finding points at the offending line.

    ## Why
    The service that reads the file refuses to start, or silently skips the line.
    The rest of the deployment is still linted; the broken file drops out of the model,
    so rules that need it stay quiet rather than guess.

    ## Example

    Bad (`docker-compose.override.yml`):

    ```yaml
    services:
      web:
        environment:
          SHOP_DEBUG: "true"
         LOG_LEVEL: debug  # <- TL001: one space short of its sibling's indentation
    ```

    Bad (`.env`):

    ```sh
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://shop:${POSTGRES_PASSWORD}@pgbouncer:6432/shop
    EMAIL_FROM='Acme Shop' <noreply@shop.example>  # <- TL001: text after the closing quote
    ```

    Bad (`pgbouncer/pgbouncer.ini`):

    ```ini
    pool_mode = transaction
    default_pool_size = 20
    max_client_conn = 200
    ; TL001 (next line): no '=' between key and value
    ignore_startup_parameters extra_float_digits
    ```

    Good (`docker-compose.override.yml`):

    ```yaml
    services:
      web:
        environment:
          SHOP_DEBUG: "true"
          LOG_LEVEL: debug
    ```

    Good (`.env`):

    ```sh
    POSTGRES_PASSWORD=<password>
    DATABASE_URL=postgresql://shop:${POSTGRES_PASSWORD}@pgbouncer:6432/shop
    EMAIL_FROM="Acme Shop <noreply@shop.example>"
    ```

    Good (`pgbouncer/pgbouncer.ini`):

    ```ini
    pool_mode = transaction
    default_pool_size = 20
    max_client_conn = 200
    ignore_startup_parameters = extra_float_digits
    ```

    ## How to fix
    Correct the line the message names.
    """
    for problem in ctx.deployment.problems:
        yield Finding(problem.loc, problem.value, key=f"parse:{problem.loc}")


@rule("TL002", "unresolved-variable", Severity.WARNING, "A ${VAR} has no value and no default")
def unresolved_variable(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports `${VAR}` or `$VAR` in a compose file (or a `.env` value) when `VAR` is set
    neither in the project `.env` beside the compose file nor has a default
    (`${VAR:-default}`, `${VAR-default}`). `${VAR:?message}` and `${VAR?message}` without a
    value are reported too: Compose refuses to start on them. `$$` is an escape, and
    Compose's own variables (`COMPOSE_PROJECT_NAME`) always count as set.

    ## Why
    Compose substitutes an empty string and only warns, so an image tag, a password
    or a user id silently becomes empty.

    ## Example

    Bad (`docker-compose.yml`):

    ```yaml
    services:
      web:
        image: ghcr.io/acme/shop:${SHOP_TAG}  # <- TL002: SHOP_TAG is not set
      worker:
        image: ghcr.io/acme/shop:${SHOP_TAG}  # <- TL002: SHOP_TAG is not set
      rabbitmq:
        image: rabbitmq:3.13-management
        environment:
          RABBITMQ_DEFAULT_USER: shop
          RABBITMQ_DEFAULT_PASS: ${RABBITMQ_PASSWORD:?set RABBITMQ_PASSWORD in .env}  # <- TL002: unset
    ```

    Bad (`.env`):

    ```sh
    SENTRY_ENVIRONMENT=production
    SENTRY_RELEASE=shop@${RELEASE}  # <- TL002: RELEASE is not set
    ```

    Good (`.env`; `docker-compose.yml` unchanged):

    ```sh
    SHOP_TAG=1.4.2
    RABBITMQ_PASSWORD=<password>
    RELEASE=1.4.2
    SENTRY_ENVIRONMENT=production
    SENTRY_RELEASE=shop@${RELEASE}
    ```

    ## How to fix
    Set the variable in `.env`, or give it a default: `${VAR:-value}`. Write `$$` for a
    dollar sign that the container's shell should see.
    """
    d = ctx.deployment
    for var in d.unresolved:
        yield Finding(
            var.loc,
            f"variable {var.value} is not set and has no default; Compose substitutes an empty string",
            key=f"var:{var.value}:{var.loc.path}",
        )
    # ${VAR:?message} is not substituted: Compose stops with the message instead.
    for var in d.required_missing:
        yield Finding(
            var.loc,
            f"variable {var.value} is marked required but not set; Compose refuses to start",
            key=f"var:{var.value}:{var.loc.path}",
        )


@rule(
    "TL003", "invalid-suppression", Severity.WARNING, "An inline suppression is unknown or unused"
)
def invalid_suppression(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports an inline suppression (`# tel3sis-lint: ignore[...]` or `ignore-file[...]`)
    that names no rule or an unknown one, that suppresses nothing (the rule ran and
    found nothing there), that tries to silence a rule the settings lock down
    (`unsuppressible = ["TL207"]`), or that gives no reason while the settings require
    one (`require-suppression-reason = true`). A reason is the text after the bracket:
    `# tel3sis-lint: ignore[TL101] staging runs one worker on purpose`.

    The engine checks suppressions after all rules have run (this rule's own function
    has nothing to look at); select or ignore it like any other rule.

    ## Why
    A stale suppression hides the next real finding on that line; a mistyped one hides
    nothing while looking as if it did.

    ## Example

    Bad (`.env`):

    ```sh
    DATABASE_URL=postgresql://reports:<password>@pgbouncer:6432/reports
    # TL003 (next line): `ignore` without [CODE] names no rule
    CELERY_BROKER_URL=amqp://reports:<password>@rabbitmq.internal:5672//  # tel3sis-lint: ignore (RabbitMQ, not Redis)
    # TL003 (next line): TL403 finds nothing here to suppress
    # tel3sis-lint: ignore[TL403] left over from the 1.8 migration
    CELERY_WORKER_CONCURRENCY=2
    ```

    Bad (`pgbouncer.ini`):

    ```ini
    pool_mode = transaction
    ; TL003 (next line): TL2O4 (letter O) is no rule
    ; tel3sis-lint: ignore[TL2O4] pool sizes agreed with the platform team
    default_pool_size = 20
    max_client_conn = 200
    ```

    Good (`.env`):

    ```sh
    DATABASE_URL=postgresql://reports:<password>@pgbouncer:6432/reports
    CELERY_BROKER_URL=amqp://reports:<password>@rabbitmq.internal:5672//
    CELERY_WORKER_CONCURRENCY=2
    ```

    Good (`pgbouncer.ini`):

    ```ini
    pool_mode = transaction
    ; pool sizes agreed with the platform team
    default_pool_size = 20
    max_client_conn = 200
    ```

    ## How to fix
    Delete the suppression, or correct the code or name it gives.
    """
    return iter(())


@rule("TL004", "env-file-missing", Severity.WARNING, "A compose env_file does not exist")
def env_file_missing(ctx: RuleContext) -> Iterator[Finding]:
    """
    ## What it does
    Reports an `env_file` entry of a service whose file does not exist (unless the entry
    says `required: false`). Where a template sits beside it (`.env.example`,
    `.env.sample`, `.env.template`), the linter reads the template in its place: its keys
    count as set, its empty values as unknown, and the message says so.

    ## Why
    `docker compose up` refuses to start when an env file is missing. Teams keep `.env`
    out of git and commit a template, so on a fresh clone this is the normal state; the
    finding tells you what the rest of the report assumed.

    ## Example

    Bad (`docker-compose.yml`, with only `app.env.example` beside it):

    ```yaml
    services:
      web:
        image: ghcr.io/acme/shop:1.4.2
        env_file: app.env  # <- TL004: app.env does not exist
      worker:
        image: ghcr.io/acme/shop:1.4.2
        env_file:
          - app.env  # <- TL004: app.env does not exist
          - worker.env  # <- TL004: worker.env does not exist
          - path: local.env
            required: false
    ```

    Good (`app.env`, copied from `app.env.example` and filled in; `docker-compose.yml` unchanged):

    ```sh
    SHOP_ENV=production
    SENTRY_DSN=<sentry-dsn>
    ```

    Good (`worker.env`):

    ```sh
    CELERY_WORKER_MAX_TASKS_PER_CHILD=200
    ```

    ## How to fix
    Create the file (copy the template and fill it in), or mark the entry
    `required: false` if the service can run without it.
    """
    for svc, ref, stand_in in ctx.deployment.missing_env_files:
        extra = (
            f"; linting with {stand_in} as a stand-in (its empty values unknown)"
            if stand_in
            else ""
        )
        yield Finding(
            ref.loc,
            f"env_file {ref.value} of service {svc.name!r} does not exist, so Compose refuses to start{extra}",
            key=f"env_file:{svc.name}:{ref.value}",
        )


@hookimpl
def tel3sis_lint_rules() -> list[Rule]:
    return rules_of(globals())
