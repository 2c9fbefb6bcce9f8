"""One fault at a time: the guide's deployment plus a single mistake gives that mistake's code.

``tests/data/guide`` is the TEL3SIS production deployment built as the production guide
describes it. Its only finding is TL309 on ``REDIS_URL=redis://mymaster/0``: the guide's
own Sentinel example, which redis-py's ``Redis.from_url`` (what TEL3SIS uses) reads as a
host name. Each case copies the deployment, applies one fault by text replacement and
pins the exact ``(path, line, code)`` list: the guide's TL309 plus the fault's code. A
fault that yields an extra, unrelated code is a linter bug (one fault, one diagnostic);
those cases keep the strict expectation and are marked ``xfail(strict=True)``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tel3sis_lint.testing import run_cli, triples

GUIDE = Path(__file__).parent / "data" / "guide"
REDIS_PW = "Hc4tZ8wQm2Lp7Xv9Rk3Ny6Bs"
DB_PW = "q7Vx2mKc9RtLw4ZpN8sHb3Jd"
GUIDE_TL309 = (".env", 11, "TL309")

Triple = tuple[str, int, str]


@dataclass(frozen=True)
class Edit:
    """Replace ``old`` (found exactly ``count`` times) by ``new``; ``old=None`` deletes the file."""

    path: str
    old: str | None
    new: str = ""
    count: int = 1


@dataclass(frozen=True)
class Fault:
    id: str
    edits: tuple[Edit, ...]
    found: tuple[Triple, ...]  # the fault's own diagnostics
    base: tuple[Triple, ...] = (GUIDE_TL309,)  # what remains of the guide's finding
    bug: str | None = None  # a linter bug: the strict expectation fails for this reason

    def expected(self) -> list[Triple]:
        return sorted({*self.base, *self.found})

    def param(self) -> object:
        marks = [pytest.mark.xfail(strict=True, reason=self.bug)] if self.bug else []
        return pytest.param(self, id=self.id, marks=marks)


def _one(path: str, old: str | None, new: str = "", count: int = 1) -> tuple[Edit, ...]:
    return (Edit(path, old, new, count),)


S3_SERVICE = (
    "  s3:\n"
    "    image: redis:7.2-alpine\n"
    "    command: redis-sentinel /etc/redis/sentinel.conf\n"
    "    volumes:\n"
    "      - ./sentinel-3.conf:/etc/redis/sentinel.conf\n"
    "\n"
)
SENTINEL_URLS = ";".join(f"sentinel://:{REDIS_PW}@s{n}:26379" for n in (1, 2, 3))
PRIMARY_CMD = f"command: redis-server --requirepass {REDIS_PW} --masterauth {REDIS_PW}\n"
WORKER_CONC = " --concurrency=${CELERY_WORKER_CONCURRENCY:-4}"
BEAT_CMD = "    command: celery -A server.celery_app beat --loglevel=info\n"
S1_MOUNT = "      - ./sentinel-1.conf:/etc/redis/sentinel.conf\n"

ORPHAN_CONF = (
    "a sentinel.conf that no compose service mounts is counted as an extra Sentinel "
    "(topology.py adds unclaimed confs even when the deployment has a compose file)"
)

FAULTS = [
    # ---- TL1xx: Celery
    Fault(
        "TL101-one-replica",
        _one("docker-compose.yml", "replicas: 2", "replicas: 1"),
        (("docker-compose.yml", 25, "TL101"),),
    ),
    Fault(
        "TL101-scale-1",
        _one("docker-compose.yml", "    deploy:\n      replicas: 2\n", "    scale: 1\n"),
        (("docker-compose.yml", 24, "TL101"),),
    ),
    Fault(
        "TL102-no-concurrency",
        (Edit("docker-compose.yml", WORKER_CONC), Edit(".env", "CELERY_WORKER_CONCURRENCY=4\n")),
        (("docker-compose.yml", 23, "TL102"),),
    ),
    Fault(
        "TL103-literal-concurrency",
        _one("docker-compose.yml", WORKER_CONC, " --concurrency=4"),
        (("docker-compose.yml", 23, "TL103"),),
    ),
    # The value is wrong in .env (line 17); the worker command is the guide's own form.
    # The one bad value read by two worker services is reported once, where it is set.
    Fault(
        "TL104-concurrency-zero",
        _one(".env", "CELERY_WORKER_CONCURRENCY=4", "CELERY_WORKER_CONCURRENCY=zero"),
        ((".env", 17, "TL104"),),
    ),
    Fault(
        "TL104-literal-zero",
        _one("docker-compose.yml", WORKER_CONC, " --concurrency=0"),
        (("docker-compose.yml", 23, "TL104"),),
    ),
    Fault(
        "TL105-beat-flag-on-replicated-worker",
        _one("docker-compose.yml", "-Q default", "-Q default -B"),
        (("docker-compose.yml", 21, "TL105"),),
    ),
    Fault(
        "TL105-second-beat-service",
        _one(
            "docker-compose.yml",
            "  postgres:\n",
            "  celery-beat-2:\n    <<: *app\n" + BEAT_CMD + "\n  postgres:\n",
        ),
        (("docker-compose.yml", 27, "TL105"),),
    ),
    Fault(
        "TL105-replicated-beat",
        _one("docker-compose.yml", BEAT_CMD, BEAT_CMD + "    deploy:\n      replicas: 2\n"),
        (("docker-compose.yml", 31, "TL105"),),
    ),
    Fault(
        "TL106-no-queue",
        _one("docker-compose.yml", " -Q default"),
        (("docker-compose.yml", 23, "TL106"),),
    ),
    # ---- TL2xx: PostgreSQL through PgBouncer
    Fault(
        "TL201-straight-to-postgres",
        _one(".env", "@pgbouncer:6432/", "@postgres:5432/"),
        ((".env", 8, "TL201"),),
    ),
    Fault(
        "TL202-sqlite",
        _one(
            ".env", f"postgresql://tel3sis:{DB_PW}@pgbouncer:6432/tel3sis", "sqlite:///tel3sis.db"
        ),
        ((".env", 8, "TL202"),),
    ),
    Fault(
        "TL203-wrong-port",
        _one(".env", "@pgbouncer:6432/", "@pgbouncer:5432/"),
        ((".env", 8, "TL203"),),
    ),
    # The finding is about a missing setting: it points where it would be added (the line
    # after the last one of the shortened 12-line file).
    Fault(
        "TL204-no-default-pool-size",
        _one("pgbouncer.ini", "default_pool_size = 20\n"),
        (("pgbouncer.ini", 12, "TL204"),),
    ),
    Fault(
        "TL206-other-database",
        _one(".env", "6432/tel3sis\n", "6432/tel3sis_prod\n"),
        ((".env", 8, "TL206"),),
    ),
    Fault(
        "TL207-trust",
        _one("pgbouncer.ini", "auth_type = scram-sha-256", "auth_type = trust"),
        (("pgbouncer.ini", 9, "TL207"),),
    ),
    Fault(
        "TL208-no-listen-addr",
        _one("pgbouncer.ini", "listen_addr = 0.0.0.0\n"),
        (("pgbouncer.ini", 12, "TL208"),),
    ),
    Fault(
        "TL209-inline-comment",
        _one(
            "pgbouncer.ini",
            "default_pool_size = 20",
            "default_pool_size = 20 ; per user/database pair",
        ),
        (("pgbouncer.ini", 12, "TL209"),),
    ),
    # ---- TL3xx: Redis and Sentinel
    # Removing the s3 service and leaving its (now unused) sentinel-3.conf on disk.
    Fault(
        "TL302-two-sentinels",
        _one("docker-compose.yml", S3_SERVICE),
        (("docker-compose.yml", 60, "TL302"),),
    ),
    Fault(
        "TL302-two-sentinels-conf-removed",
        (Edit("docker-compose.yml", S3_SERVICE), Edit("sentinel-3.conf", None)),
        (("docker-compose.yml", 60, "TL302"),),
    ),
    Fault(
        "TL303-quorum-above-sentinels",
        _one("sentinel-1.conf", "6379 2", "6379 4"),
        (("sentinel-1.conf", 4, "TL303"),),
    ),
    # A typo in the master name. TL309 goes (redis://mymastr/0 names no monitored master,
    # so it is not the redis://<master-name>/N form any more): TL305 alone is right. The
    # Celery URLs are correct and TL306 stays quiet: a name Sentinel does not know reaches
    # no deployment the linter can compare.
    Fault(
        "TL305-master-name-typo",
        _one(".env", "REDIS_URL=redis://mymaster/0", "REDIS_URL=redis://mymastr/0"),
        ((".env", 11, "TL305"),),
        base=(),
    ),
    Fault(
        "TL306-result-backend-elsewhere",
        _one(
            ".env",
            f"CELERY_RESULT_BACKEND={SENTINEL_URLS}",
            f"CELERY_RESULT_BACKEND=redis://:{REDIS_PW}@results.redis.internal:6379/1",
        ),
        ((".env", 14, "TL306"),),
    ),
    Fault(
        "TL307-broker-on-primary",
        _one(
            ".env",
            f"CELERY_BROKER_URL={SENTINEL_URLS}",
            "CELERY_BROKER_URL=redis://redis-primary:6379/0",
        ),
        ((".env", 13, "TL307"),),
    ),
    Fault(
        "TL310-no-resolve-hostnames",
        _one("sentinel-2.conf", "sentinel resolve-hostnames yes\n"),
        (("sentinel-2.conf", 3, "TL310"),),
    ),
    # s2 mounts s1's file; sentinel-2.conf stays on disk, unused.
    Fault(
        "TL311-shared-conf",
        _one("docker-compose.yml", "./sentinel-2.conf:", "./sentinel-1.conf:"),
        (("docker-compose.yml", 64, "TL311"),),
    ),
    Fault(
        "TL311-shared-conf-unused-removed",
        (
            Edit("docker-compose.yml", "./sentinel-2.conf:", "./sentinel-1.conf:"),
            Edit("sentinel-2.conf", None),
        ),
        (("docker-compose.yml", 64, "TL311"),),
    ),
    Fault(
        "TL313-no-replica",
        _one(
            "docker-compose.yml",
            "  redis-replica:\n    image: redis:7.2-alpine\n"
            f"    command: redis-server --replicaof redis-primary 6379 --requirepass {REDIS_PW} "
            f"--masterauth {REDIS_PW}\n    depends_on:\n      - redis-primary\n\n",
        ),
        (("docker-compose.yml", 48, "TL313"),),
    ),
    # ---- TL4xx: settings
    Fault(
        "TL401-http", _one(".env", "BASE_URL=https://", "BASE_URL=http://"), ((".env", 2, "TL401"),)
    ),
    # Deleting line 3 moves REDIS_URL to line 10; the missing key is reported where it
    # would be added (after the last line).
    Fault(
        "TL402-no-secret-key",
        _one(".env", "SECRET_KEY=f3Rk9vQz7LmW2xTc8NbY4hJp6sDg1AeU5oKi0VtZ\n"),
        ((".env", 16, "TL402"),),
        base=((".env", 10, "TL309"),),
    ),
    Fault(
        "TL402-empty-secret-key",
        _one(".env", "SECRET_KEY=f3Rk9vQz7LmW2xTc8NbY4hJp6sDg1AeU5oKi0VtZ", "SECRET_KEY="),
        ((".env", 3, "TL402"),),
    ),
    Fault(
        "TL403-duplicate-key",
        _one(
            ".env",
            "CELERY_WORKER_CONCURRENCY=4\n",
            "CELERY_WORKER_CONCURRENCY=4\nCELERY_WORKER_CONCURRENCY=8\n",
        ),
        ((".env", 18, "TL403"),),
    ),
    # The same, appended as its own block after a blank line: the duplicate is on line 19.
    Fault(
        "TL403-duplicate-key-after-blank-line",
        _one(
            ".env",
            "CELERY_WORKER_CONCURRENCY=4\n",
            "CELERY_WORKER_CONCURRENCY=4\n\nCELERY_WORKER_CONCURRENCY=8\n",
        ),
        ((".env", 19, "TL403"),),
    ),
    Fault(
        "TL404-malformed-database-url",
        _one(".env", "DATABASE_URL=postgresql://", "DATABASE_URL=postgresql//"),
        ((".env", 8, "TL404"),),
    ),
    Fault(
        "TL404-port-out-of-range",
        _one(".env", "@pgbouncer:6432/", "@pgbouncer:99999/"),
        ((".env", 8, "TL404"),),
    ),
    Fault(
        "TL406-postgres-scheme",
        _one(".env", "DATABASE_URL=postgresql://", "DATABASE_URL=postgres://"),
        ((".env", 8, "TL406"),),
    ),
    # ---- TL5xx: security
    Fault(
        "TL501-weak-database-password",
        _one(".env", f":{DB_PW}@", ":changeme@"),
        ((".env", 8, "TL501"),),
    ),
    Fault(
        "TL501-weak-postgres-password",
        _one("docker-compose.yml", f"POSTGRES_PASSWORD: {DB_PW}", "POSTGRES_PASSWORD: postgres"),
        (("docker-compose.yml", 36, "TL501"),),
    ),
    Fault(
        "TL501-weak-requirepass",
        _one(
            "docker-compose.yml",
            PRIMARY_CMD,
            "command: redis-server --requirepass changeme --masterauth changeme\n",
        ),
        (("docker-compose.yml", 50, "TL501"),),
    ),
    # The primary loses its password and publishes 6379.
    Fault(
        "TL502-redis-published-without-password",
        _one(
            "docker-compose.yml",
            PRIMARY_CMD,
            f'command: redis-server --masterauth {REDIS_PW}\n    ports:\n      - "6379:6379"\n',
        ),
        (("docker-compose.yml", 52, "TL502"),),
    ),
    # The Sentinels have no requirepass of their own: publishing one is the fault.
    Fault(
        "TL502-sentinel-published",
        _one("docker-compose.yml", S1_MOUNT, S1_MOUNT + '    ports:\n      - "26379:26379"\n'),
        (("docker-compose.yml", 66, "TL502"),),
    ),
    Fault(
        "TL503-postgres-published",
        _one(
            "docker-compose.yml",
            "    volumes:\n      - pg-data",
            '    ports:\n      - "5432:5432"\n    volumes:\n      - pg-data',
        ),
        (("docker-compose.yml", 38, "TL503"),),
    ),
    Fault(
        "TL504-postgres-trust",
        _one(
            "docker-compose.yml",
            f"      POSTGRES_PASSWORD: {DB_PW}\n",
            f"      POSTGRES_PASSWORD: {DB_PW}\n      POSTGRES_HOST_AUTH_METHOD: trust\n",
        ),
        (("docker-compose.yml", 37, "TL504"),),
    ),
    # ---- TL6xx: compose structure
    Fault(
        "TL601-web-port-with-replicas",
        _one(
            "docker-compose.yml",
            '      - "3000:3000"\n',
            '      - "3000:3000"\n    deploy:\n      replicas: 2\n',
        ),
        (("docker-compose.yml", 19, "TL601"),),
    ),
    Fault(
        "TL601-two-services-same-port",
        _one("docker-compose.yml", BEAT_CMD, BEAT_CMD + '    ports:\n      - "3000:3000"\n'),
        (("docker-compose.yml", 31, "TL601"),),
    ),
    Fault(
        "TL602-version-key",
        _one(
            "docker-compose.yml",
            "# TEL3SIS production stack",
            'version: "3.8"\n# TEL3SIS production stack',
        ),
        (("docker-compose.yml", 1, "TL602"),),
    ),
    Fault(
        "TL603-container-name-with-replicas",
        _one(
            "docker-compose.yml",
            "  celery-worker:\n    <<: *app\n",
            "  celery-worker:\n    <<: *app\n    container_name: tel3sis-worker\n",
        ),
        (("docker-compose.yml", 23, "TL603"),),
    ),
    # ---- TL0xx: the linter itself
    Fault(
        "TL001-pgbouncer-line-without-equals",
        _one(
            "pgbouncer.ini",
            "pool_mode = transaction\n",
            "pool_mode = transaction\nserver_reset_query DISCARD ALL\n",
        ),
        (("pgbouncer.ini", 12, "TL001"),),
    ),
    # PgBouncer refuses to start on this line; the value is unknown, not "left at the default".
    Fault(
        "TL001-pgbouncer-broken-setting",
        _one("pgbouncer.ini", "max_client_conn = 500", "max_client_conn 500"),
        (("pgbouncer.ini", 13, "TL001"),),
    ),
    # The worker command keeps its ${CELERY_WORKER_CONCURRENCY:-4} default, so nothing else changes.
    Fault(
        "TL001-env-line-without-equals",
        _one(".env", "CELERY_WORKER_CONCURRENCY=4", "CELERY_WORKER_CONCURRENCY 4"),
        ((".env", 17, "TL001"),),
    ),
    Fault(
        "TL001-sentinel-monitor-without-quorum",
        _one("sentinel-2.conf", "redis-primary 6379 2", "redis-primary 6379"),
        (("sentinel-2.conf", 4, "TL001"),),
    ),
    # A compose file that does not parse takes the whole topology with it (no Sentinels
    # known, so nothing marks redis://mymaster/0 as a master name): TL001 alone is right.
    Fault(
        "TL001-broken-compose-yaml",
        _one(
            "docker-compose.yml",
            "    deploy:\n      replicas: 2\n",
            "    deploy:\n      replicas: 2\n     bad: [\n",
        ),
        (("docker-compose.yml", 26, "TL001"),),
        base=(),
    ),
    Fault(
        "TL002-unset-image-tag",
        _one("docker-compose.yml", "tel3sis:1.4.2", "tel3sis:${TEL3SIS_VERSION}"),
        (("docker-compose.yml", 6, "TL002"),),
    ),
    # An unresolved ${VAR} may be exported by the shell that runs `docker compose up`:
    # its value is unknown, which TL002 reports; TL402 should not call it missing.
    Fault(
        "TL002-unset-variable-in-env",
        _one(
            ".env",
            "TWILIO_AUTH_TOKEN=9c41e7b2a85f3d06c7e2b94a1f58d360",
            "TWILIO_AUTH_TOKEN=${TWILIO_TOKEN}",
        ),
        ((".env", 5, "TL002"),),
    ),
]


def _copy_guide(tmp_path: Path) -> Path:
    root = tmp_path / "guide"
    shutil.copytree(GUIDE, root)
    return root


def _lint(root: Path) -> tuple[int, list[Triple], str]:
    code, out, err = run_cli(["."], cwd=root)
    return code, sorted(triples(out)), err


def _apply(root: Path, edits: tuple[Edit, ...]) -> None:
    for edit in edits:
        path = root / edit.path
        if edit.old is None:
            path.unlink()
            continue
        text = path.read_text(encoding="utf-8")
        assert text.count(edit.old) == edit.count, (
            f"{edit.path}: {edit.old!r} occurs {text.count(edit.old)} times"
        )
        path.write_text(text.replace(edit.old, edit.new), encoding="utf-8", newline="")


def test_guide_deployment_reports_only_redis_url_not_sentinel_aware(tmp_path: Path) -> None:
    code, found, err = _lint(_copy_guide(tmp_path))
    assert found == [GUIDE_TL309]
    assert code == 1
    assert err == ""


def test_guide_redis_url_line_is_the_guides_example() -> None:
    lines = (GUIDE / ".env").read_text(encoding="utf-8").splitlines()
    assert lines[GUIDE_TL309[1] - 1] == "REDIS_URL=redis://mymaster/0"


def test_fault_ids_are_unique() -> None:
    ids = [f.id for f in FAULTS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("fault", [f.param() for f in FAULTS])
def test_single_fault_gives_its_own_code(fault: Fault, tmp_path: Path) -> None:
    root = _copy_guide(tmp_path)
    _apply(root, fault.edits)
    code, found, err = _lint(root)
    assert found == fault.expected()
    assert code == 1
    assert err == ""
