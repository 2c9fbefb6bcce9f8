"""Lints every real deployment in ../shared/corpus and holds the output to its EXPECTED.md.

EXPECTED.md is the truth, not the linter's current output. Each case folder holds an
expert's list of what must be reported (with lines where given), what should / may be
reported, what is policy-dependent, and the traps that must NOT be reported. The table
``CASES`` below writes that list down, one entry per folder, so a reader can check it
against EXPECTED.md line by line:

- ``must``      codes listed under "Must report" (each must be present);
- ``at``        exact (path, line, code) triples that EXPECTED.md pins (must items, and the
                should items with lines that we decided to expect);
- ``exact``     the full set of codes the case produces: ``must`` plus every should / may /
                policy-dependent / conditional item we decided the linter reports. Any new
                code on a real deployment fails ``test_codes_are_exactly_the_decided_set``
                and has to be looked at (and the table updated, with a comment, if right);
- ``absent``    whole-code traps from "Must NOT report";
- ``only_at``   scoped traps: the code is legitimately reported here, but only at these
                (path, line) places (e.g. TL002 for the undefaulted variables while the
                defaulted ones are a trap);
- ``not_at``    scoped traps pinned to one place (a YAML comment, an INI template...);
- ``not_in_path`` scoped traps by file: these codes must not be reported on that file;
- ``unresolved`` for TL002: exactly the variables EXPECTED.md names as unresolved (read
                from the source at each diagnostic's column), so the defaulted / escaped
                variables stay a trap;
- ``not_named`` scoped traps on the model: no diagnostic of the code mentions the service
                (e.g. ``flower`` must never count as a Celery worker).

Items that EXPECTED.md files under "Should report (only if the linter recognises
wrapper-script Celery services)" are future work (issue 3): they are left out of ``must``
and ``exact`` and noted in a comment, so that they show up here when the linter learns
them. Where EXPECTED.md predates a rule now in RULES.md (it lists the finding as a
"candidate rule"), the catalogue rule is expected and the entry says so.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from tel3sis_lint.testing import diagnostic_lines, run_cli, triples

# The repository root, as conftest.py computes it (not imported from there: ruff bans
# imports of `tests`). The corpus itself comes from conftest's `corpus` fixture.
REPO = Path(__file__).resolve().parents[1]

# Severity of the info-level rules in RULES.md; every other code is error or warning and
# fails the run with the default --fail-on warning.
INFO_CODES = frozenset({"TL103", "TL602"})
TL1XX = frozenset({"TL101", "TL102", "TL103", "TL104", "TL105", "TL106"})
# TL202 (DATABASE_URL missing) / TL401 / TL402 on non-TEL3SIS apps: every EXPECTED.md says
# "tests should not assert either way unless they fix the policy". We do not fix the policy,
# so they are not in ``absent``; but the linter does not report them on those apps, so they
# are not in ``exact`` either, and a change there shows up in the exactness test.

Triple = tuple[str, int, str]
Place = tuple[str, int]


@dataclass(frozen=True)
class Case:
    name: str
    must: frozenset[str]
    exact: frozenset[str]
    absent: frozenset[str]
    at: tuple[Triple, ...] = ()
    only_at: dict[str, frozenset[Place]] = field(default_factory=dict)
    not_at: tuple[Triple, ...] = ()
    not_in_path: dict[str, frozenset[str]] = field(default_factory=dict)
    unresolved: frozenset[str] | None = None
    not_named: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _c(*codes: str) -> frozenset[str]:
    return frozenset(codes)


def _lines(path: str, *lines: int) -> frozenset[Place]:
    return frozenset((path, n) for n in lines)


AIRFLOW = "docker-compose.yaml"
COMPOSE = "docker-compose.yml"
CHAT = "docker-compose.loadbalanced.yml"

CASES: tuple[Case, ...] = (
    Case(
        name="airflow-celery-executor",
        must=_c("TL002", "TL301"),
        # + TL101, TL501 (should). TL102 is policy-dependent: Airflow's worker sizes its pool
        # with [celery] worker_concurrency (default 16), not the CPU count, and the linter
        # knows the image, so it stays quiet. TL201 (SQL_ALCHEMY_CONN, policy-dependent) is
        # not reported: the linter reads only DATABASE_URL. The airflow:airflow "may" TL501
        # is not reported.
        exact=_c("TL002", "TL301", "TL101", "TL501"),
        absent=_c("TL105", "TL404", "TL306", "TL502", "TL503", "TL601", "TL602", "TL001"),
        at=(
            (AIRFLOW, 212, "TL002"),
            (AIRFLOW, 275, "TL002"),
            (AIRFLOW, 277, "TL002"),
            (AIRFLOW, 279, "TL002"),
            (AIRFLOW, 281, "TL002"),
            (AIRFLOW, 60, "TL501"),  # should: redis://:@redis:6379/0, empty password
        ),
        # Trap: $${HOSTNAME}, $$(id -u), $$4 are escapes and ${AIRFLOW_UID:-50000} & co.
        # have defaults, so TL002 is allowed only on the five ${AIRFLOW_UID} lines.
        only_at={"TL002": _lines(AIRFLOW, 212, 275, 277, 279, 281)},
        unresolved=_c("AIRFLOW_UID"),
        # TL105 trap: flower is neither a worker nor a beat.
        not_named={"TL101": ("flower",)},
    ),
    Case(
        name="authentik-2025.2",
        must=_c("TL002", "TL301"),
        # TL004: EXPECTED.md lists the missing `env_file: .env` (all three services) under
        # "Not covered by the catalogue"; RULES.md now has TL004 env-file-missing for exactly
        # this, so it is expected. The should-item TL101 (`command: worker`, authentik's
        # wrapper around a Celery worker) is reported; its concurrency is the image's own
        # AUTHENTIK_WORKER__CONCURRENCY (default 2), so no TL102.
        exact=_c("TL002", "TL301", "TL004", "TL101"),
        absent=_c("TL105", "TL502", "TL503", "TL601", "TL602", "TL001"),
        at=(
            (COMPOSE, 16, "TL002"),
            (COMPOSE, 38, "TL002"),
            (COMPOSE, 43, "TL002"),
            (COMPOSE, 66, "TL002"),
            (COMPOSE, 71, "TL002"),
        ),
        # Trap: $${POSTGRES_DB} escapes and ${PG_USER:-authentik} & co. have defaults.
        only_at={"TL002": _lines(COMPOSE, 16, 38, 43, 66, 71)},
        # `:?` is error-if-unset, not a default: both variables are unresolved.
        unresolved=_c("PG_PASS", "AUTHENTIK_SECRET_KEY"),
    ),
    Case(
        name="bitnami-pgbouncer-trust",
        must=_c("TL207"),
        # + TL501 (ALLOW_EMPTY_PASSWORD) and TL204 (image env modelled): both should-items.
        exact=_c("TL207", "TL501", "TL204"),
        absent=_c("TL503", "TL203", "TL206", "TL601", "TL602", "TL208"),
    ),
    Case(
        name="bitnami-redis-cluster",
        must=_c("TL602"),
        # The "may" TL501 (REDIS_PASSWORD=bitnami, not in the catalogue list) is not reported.
        exact=_c("TL602"),
        absent=_c("TL304", "TL301", "TL308", "TL502", "TL312"),
    ),
    Case(
        name="bitnami-redis-sentinel",
        must=_c("TL602", "TL302"),
        # + TL303 (should: bitnami default quorum 2 > 1 Sentinel), TL501 (may: empty
        # password). TL313: EXPECTED.md lists "Sentinel without any replica" as a candidate
        # rule; RULES.md now has TL313 sentinel-without-replica, so it is expected.
        exact=_c("TL602", "TL302", "TL303", "TL501", "TL313"),
        # "TL101 and the other TL1xx: there is no Celery."
        absent=_c("TL301", "TL502", "TL310", "TL311") | TL1XX,
    ),
    Case(
        name="celery-sentinel-tls-demo",
        must=_c("TL602", "TL101", "TL102", "TL002", "TL501"),
        exact=_c("TL602", "TL101", "TL102", "TL002", "TL501"),
        absent=_c(
            "TL302",
            "TL303",
            "TL301",
            "TL307",
            "TL305",
            "TL502",
            "TL601",
            "TL309",
            "TL310",
            "TL311",
            "TL603",
        ),
        # EXPECTED.md gives no lines for TL002 but names `user: "${UID}:${GID}"` on five
        # services; these are those five lines of docker-compose.yml (checked in the source).
        at=(
            (COMPOSE, 19, "TL002"),
            (COMPOSE, 37, "TL002"),
            (COMPOSE, 67, "TL002"),
            (COMPOSE, 86, "TL002"),
            (COMPOSE, 105, "TL002"),
        ),
        unresolved=_c("UID", "GID"),
    ),
    Case(
        name="cfbc-pgbouncer-inline-comments",
        # TL209: EXPECTED.md accepts TL001 on the first inline-comment line "until a
        # dedicated rule exists"; RULES.md now has TL209 pgbouncer-invalid-value for a
        # trailing `; comment`, so the dedicated rule is what we require, on that line (40).
        must=_c("TL001", "TL503", "TL602", "TL209"),
        # The "may" TL501 (admin/admin, not in the catalogue list) is not reported.
        exact=_c("TL001", "TL503", "TL602", "TL209"),
        # "no TL1xx findings may be invented" from the unparseable prod file, and the root
        # compose has no Celery.
        absent=_c("TL207", "TL204", "TL206", "TL203", "TL208", "TL603") | TL1XX,
        at=(
            ("deploy/docker-compose.prod.yml", 1, "TL001"),
            ("pgbouncer.ini", 40, "TL209"),  # default_pool_size = 100   ; Max connections...
        ),
        # TL001 belongs to the Python-docstring prod file only: the INI defect is TL209 and
        # the root compose parses.
        only_at={"TL001": _lines("deploy/docker-compose.prod.yml", 1)},
    ),
    Case(
        name="chat-arena-pgbouncer",
        must=_c("TL602", "TL002", "TL301", "TL502"),
        # TL004: EXPECTED.md lists the missing `config.env` as a candidate rule; RULES.md now
        # has TL004. (EXPECTED.md says "all ten web services", but in the compose file only
        # nginx and certbot name `env_file: ./config.env`; the linter reports those two.)
        exact=_c("TL602", "TL002", "TL301", "TL502", "TL004"),
        absent=_c(
            "TL101",
            "TL102",
            "TL105",
            "TL503",
            "TL207",
            "TL204",
            "TL205",
            "TL206",
            "TL203",
            "TL601",
            "TL208",
            "TL603",
        ),
        at=(
            (CHAT, 82, "TL002"),
            (CHAT, 84, "TL002"),  # line 83 is ${DB_PORT:-5432}, defaulted
            (CHAT, 85, "TL002"),
            (CHAT, 86, "TL002"),
            (CHAT, 93, "TL002"),
        ),
        only_at={"TL002": _lines(CHAT, 82, 84, 85, 86, 93)},
        not_at=(
            (CHAT, 49, "TL002"),  # ${COMPOSE_PROJECT_NAME}: Compose always sets it
            (CHAT, 124, "TL002"),  # a YAML comment, not a value
        ),
        # host=${DB_HOST} / admin_users = ${DB_USER} are envsubst placeholders of an INI
        # template: not TL002 (compose/.env only) and not a parse error.
        not_in_path={"pgbouncer/pgbouncer.ini": _c("TL001", "TL002")},
        unresolved=_c("DB_HOST", "DB_NAME", "DB_USER", "DB_PASSWORD"),
    ),
    Case(
        name="confiacim-api-sentinel",
        must=_c("TL302", "TL303", "TL101", "TL103", "TL501"),
        # TL313: EXPECTED.md's candidate rule "Sentinel monitors a master that has no
        # replica" is now TL313 sentinel-without-replica in RULES.md, so it is expected.
        exact=_c("TL302", "TL303", "TL101", "TL103", "TL501", "TL313"),
        absent=_c(
            "TL301",
            "TL305",
            "TL307",
            "TL102",
            "TL105",
            "TL502",
            "TL503",
            "TL601",
            "TL602",
            "TL002",
            "TL310",
            "TL311",
            "TL309",
            "TL603",
        ),
    ),
    Case(
        name="cookiecutter-django-production",
        must=_c("TL301"),
        # Should (wrapper-script Celery services): TL101 and TL102 for `/start-celeryworker`,
        # recognised by the script's name; reported. The "may" TL501
        # (`!!!SET POSTGRES_PASSWORD!!!`) is not reported. TL201 via POSTGRES_HOST is
        # policy-dependent and not reported (the linter reads DATABASE_URL).
        exact=_c("TL301", "TL101", "TL102"),
        absent=_c(
            "TL105",
            "TL502",
            "TL503",
            "TL601",
            "TL602",
            "TL002",
            "TL306",
            "TL404",
            "TL403",
            "TL001",
            "TL603",
        ),
        # Trap: flower merges the same *django anchor but is not a worker.
        not_named={"TL101": ("flower",)},
    ),
    Case(
        name="defectdojo-profiles",
        must=_c("TL602", "TL002", "TL301"),
        # Should (entrypoint-script Celery services): TL101/TL102 for
        # `/entrypoint-celery-worker.sh` behind wait-for-it.sh; reported.
        exact=_c("TL602", "TL002", "TL301", "TL101", "TL102"),
        # The profiles trap (mysql vs postgres, rabbitmq vs redis) is TL306 here.
        absent=_c("TL105", "TL306", "TL601", "TL502", "TL503", "TL001"),
        # "TL002 for the defaulted variables" is a trap, the undefaulted ones are a must:
        # TL002 names exactly these seven variables.
        unresolved=_c(
            "DD_DATABASE_URL",
            "DD_CELERY_BROKER_URL",
            "DD_DATABASE_HOST",
            "DD_DATABASE_PORT",
            "DD_DATABASE_NAME",
            "DD_DATABASE_USER",
            "DD_DATABASE_PASSWORD",
        ),
    ),
    Case(
        name="netbox-docker",
        must=_c("TL301"),  # one finding per Valkey or one overall: both acceptable
        exact=_c("TL301"),
        absent=_c(
            "TL101",
            "TL102",
            "TL105",
            "TL106",
            "TL002",
            "TL502",
            "TL503",
            "TL601",
            "TL602",
            "TL306",
            "TL404",
            "TL403",
            "TL501",
            "TL001",
            "TL405",
        ),
    ),
    Case(
        name="pgbouncer-sample-ini",
        must=_c("TL204"),
        exact=_c("TL204"),
        absent=_c("TL207", "TL206", "TL203", "TL001", "TL208"),
    ),
    Case(
        name="plane-community",
        must=_c("TL301"),
        # Conditional TL002: the linter interpolates from `.env`/the shell only (plain
        # `docker compose up`), so by EXPECTED.md's own condition the four undefaulted
        # variables are reported, and no others. Should (wrapper-script Celery services,
        # issue 3): TL101/TL102 for `worker`; not reported yet. TL201 is policy-dependent
        # and not reported. TL501 (plane/plane) is "may report at most"; not reported.
        exact=_c("TL301", "TL002"),
        absent=_c(
            "TL202",
            "TL404",
            "TL306",
            "TL105",
            "TL601",
            "TL502",
            "TL503",
            "TL602",
            "TL403",
            "TL001",
            "TL405",
            "TL603",
        ),
        unresolved=_c("CERT_EMAIL", "CERT_ACME_CA", "CERT_ACME_DNS", "CORS_ALLOWED_ORIGINS"),
    ),
    Case(
        name="redis-sentinel-sample-conf",
        # EXPECTED.md notes the team may decide "count unknown" for a lone sentinel.conf;
        # until that is decided and documented, both stay must.
        must=_c("TL302", "TL303"),
        exact=_c("TL302", "TL303"),
        absent=_c("TL305", "TL307", "TL301", "TL001", "TL502", "TL310", "TL311"),
    ),
    Case(
        name="saleor-platform",
        must=_c("TL101", "TL102", "TL301", "TL502", "TL503"),
        # + TL501 (should: SECRET_KEY=changeme, backend.env line 6). TL201 is
        # policy-dependent (no PgBouncer in this deployment) and not reported. TL406 does
        # not fire: Saleor is Django, which accepts postgres:// (EXPECTED's BR20 note).
        exact=_c("TL101", "TL102", "TL301", "TL502", "TL503", "TL501"),
        absent=_c(
            "TL105",
            "TL202",
            "TL404",
            "TL306",
            "TL601",
            "TL602",
            "TL002",
            "TL403",
        ),
        at=(
            (COMPOSE, 57, "TL102"),
            (COMPOSE, 48, "TL502"),
            (COMPOSE, 34, "TL503"),
            ("backend.env", 6, "TL501"),  # should
        ),
    ),
    Case(
        name="sentry-self-hosted",
        must=_c("TL301"),
        # + TL207 (AUTH_TYPE: trust, edoburu env) and TL204 (DEFAULT_POOL_SIZE unset): both
        # should-items. TL504: EXPECTED.md's candidate rule (POSTGRES_HOST_AUTH_METHOD=trust,
        # the PostgreSQL-side counterpart of TL207) is now TL504 postgres-trust-auth in
        # RULES.md, so it is expected. Should (named wrappers): TL101/TL102 for
        # `run worker`, Sentry's Celery worker; reported.
        exact=_c("TL301", "TL207", "TL204", "TL504", "TL101", "TL102"),
        absent=_c(
            "TL103",
            "TL105",
            "TL203",
            "TL201",
            "TL502",
            "TL503",
            "TL601",
            "TL602",
            "TL002",
            "TL001",
            "TL501",
            "TL208",
        ),
        # Trap: `taskworker` (run taskworker --concurrency=4) is not a Celery worker.
        not_named={"TL101": ("taskworker",)},
    ),
    Case(
        name="tel3sis",
        must=_c(
            "TL602",
            "TL601",
            "TL101",
            "TL102",
            "TL301",
            "TL502",
            "TL202",
            "TL004",
            "TL402",
            "TL106",
        ),
        # "Either (policy-dependent)": TL401/TL402 for the template's empty values
        # (BASE_URL, TWILIO_*). The linter treats them as unknown and does not report
        # them; TL402 is reported for the absent SECRET_KEY only (a must).
        exact=_c(
            "TL602",
            "TL601",
            "TL101",
            "TL102",
            "TL301",
            "TL502",
            "TL202",
            "TL004",
            "TL402",
            "TL106",
        ),
        absent=_c(
            "TL105",
            "TL103",
            "TL104",
            "TL201",
            "TL203",
            "TL204",
            "TL205",
            "TL206",
            "TL207",
            "TL306",
            "TL302",
            "TL303",
            "TL304",
            "TL305",
            "TL307",
            "TL308",
            "TL404",
            "TL501",
            "TL503",
            "TL002",
            "TL001",
            "TL403",
            "TL309",
            "TL603",
        ),
        at=(
            (COMPOSE, 1, "TL602"),
            # web (line 17) and grafana (line 62) both publish 3000: one conflict, reported
            # where the second container is declared; line 17 is its related location
            # (checked in test_json_output_on_tel3sis).
            (COMPOSE, 62, "TL601"),
            (COMPOSE, 37, "TL102"),
            (COMPOSE, 29, "TL502"),
            (".env.example", 19, "TL202"),
            # env_file: .env of web, celeryworker, celerybeat (the `- .env` entries).
            (COMPOSE, 14, "TL004"),
            (COMPOSE, 41, "TL004"),
            (COMPOSE, 54, "TL004"),
        ),
        # "TL603, and the replica clause of TL601": no container_name, no replicas. TL601 is
        # a must for the web/grafana clash, so it may appear only there.
        only_at={"TL601": _lines(COMPOSE, 62)},
    ),
)

BY_NAME = {case.name: case for case in CASES}
IDS = [case.name for case in CASES]
DIAG = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>TL\d{3}) (?P<rest>.*)$")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def triples(self) -> set[Triple]:
        return set(triples(self.out))

    @property
    def codes(self) -> set[str]:
        return {code for _p, _l, code in triples(self.out)}

    def diagnostics(self) -> list[re.Match[str]]:
        found = [DIAG.match(line) for line in diagnostic_lines(self.out)]
        assert all(found), f"unparseable diagnostic line in:\n{self.out}"
        return [m for m in found if m is not None]


@cache
def _lint(folder: Path) -> Run:
    return Run(*run_cli(["--format", "text", "."], cwd=folder))


Lint = Callable[[str], Run]


@pytest.fixture
def lint(corpus: Path) -> Lint:
    def run(name: str) -> Run:
        return _lint(corpus / name)

    return run


def _show(run: Run) -> str:
    return "linter output:\n" + run.out + run.err


def test_every_corpus_case_has_a_table_entry(corpus: Path) -> None:
    folders = {p.name for p in corpus.iterdir() if (p / "EXPECTED.md").is_file()}
    assert folders - set(BY_NAME) == set(), "corpus cases without an entry in CASES"
    assert set(BY_NAME) - folders == set(), "CASES entries without a corpus folder"


def test_table_is_consistent() -> None:
    for case in CASES:
        assert case.must <= case.exact, case.name
        assert case.absent.isdisjoint(case.exact), case.name
        assert {code for _p, _l, code in case.at} <= case.exact, case.name
        assert set(case.only_at) <= case.exact, case.name


@pytest.mark.parametrize("name", IDS)
def test_reports_every_must_code(lint: Lint, name: str) -> None:
    run = lint(name)
    missing = BY_NAME[name].must - run.codes
    assert missing == set(), _show(run)


@pytest.mark.parametrize("name", IDS)
def test_reports_at_the_expected_lines(lint: Lint, name: str) -> None:
    run = lint(name)
    missing = set(BY_NAME[name].at) - run.triples
    assert missing == set(), _show(run)


@pytest.mark.parametrize("name", IDS)
def test_does_not_fall_into_the_traps(lint: Lint, name: str) -> None:
    case, run = BY_NAME[name], lint(name)
    found = run.triples
    assert case.absent & run.codes == set(), _show(run)
    for code, places in case.only_at.items():
        stray = {(p, n) for p, n, c in found if c == code} - places
        assert stray == set(), f"{code} outside its expected places\n" + _show(run)
    assert set(case.not_at) & found == set(), _show(run)
    for path, codes in case.not_in_path.items():
        assert {c for p, _n, c in found if p == path} & codes == set(), _show(run)
    for m in run.diagnostics():
        for word in case.not_named.get(m["code"], ()):
            assert word not in m["rest"], f"{m['code']} counts {word!r}\n" + _show(run)


@pytest.mark.parametrize("name", [c.name for c in CASES if c.unresolved is not None])
def test_unresolved_variables_are_exactly_the_undefaulted_ones(
    lint: Lint, corpus: Path, name: str
) -> None:
    case, run = BY_NAME[name], lint(name)
    named: set[str] = set()
    for m in run.diagnostics():
        if m["code"] != "TL002":
            continue
        text = (corpus / name / m["path"]).read_text(encoding="utf-8").splitlines()
        at = text[int(m["line"]) - 1][int(m["col"]) - 1 :]
        var = re.match(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", at)
        assert var, f"TL002 column does not point at a ${{VAR}}: {m.group(0)!r} -> {at!r}"
        named.add(var.group(1))
    assert case.unresolved is not None
    assert named == set(case.unresolved), _show(run)


@pytest.mark.parametrize("name", IDS)
def test_codes_are_exactly_the_decided_set(lint: Lint, name: str) -> None:
    run = lint(name)
    assert run.codes == set(BY_NAME[name].exact), _show(run)


@pytest.mark.parametrize("name", IDS)
def test_exit_code_and_no_traceback(lint: Lint, name: str) -> None:
    run = lint(name)
    assert "Traceback" not in run.out and "Traceback" not in run.err
    fails = bool(BY_NAME[name].exact - INFO_CODES)
    assert run.code == (1 if fails else 0), _show(run)


def test_tel3sis_message_names_the_missing_secret_key(lint: Lint) -> None:
    run = lint("tel3sis")
    tl402 = [m["rest"] for m in run.diagnostics() if m["code"] == "TL402"]
    assert any("SECRET_KEY" in text for text in tl402), _show(run)


CATALOGUE_NAMES = {
    "TL101": "single-celery-worker",
    "TL102": "worker-concurrency-unset",
    "TL301": "redis-single-point-of-failure",
    "TL601": "host-port-conflict",
}


def test_json_output_on_tel3sis(corpus: Path) -> None:
    target = os.path.relpath(corpus / "tel3sis", REPO)
    code, out, err = run_cli(["--format", "json", target], cwd=REPO)
    assert code == 1
    assert "Traceback" not in out + err
    data = json.loads(out)
    assert isinstance(data, list) and data
    fields = {
        "code": str,
        "name": str,
        "severity": str,
        "message": str,
        "path": str,
        "line": int,
        "column": int,
    }
    for item in data:
        assert isinstance(item, dict)
        for key, kind in fields.items():
            assert isinstance(item.get(key), kind), (key, item)
        assert item["severity"] in {"error", "warning", "info"}
        assert item["line"] >= 1 and item["column"] >= 1
        assert Path(item["path"]).parts[: len(Path(target).parts)] == Path(target).parts
    keys = [(d["path"], d["line"], d["code"]) for d in data]
    assert keys == sorted(keys)
    by_code = {d["code"]: d for d in data}
    assert set(CATALOGUE_NAMES) <= set(by_code)
    for c, n in CATALOGUE_NAMES.items():
        assert by_code[c]["name"] == n
    # EXPECTED.md: web and grafana both publish host port 3000 (lines 17 and 62).
    clash = by_code["TL601"]
    assert clash["line"] == 62
    assert 17 in {r.get("line") for r in clash.get("related", [])}
