"""Inline suppressions through the CLI: where they apply, how they name rules, and TL003."""

from __future__ import annotations

from pathlib import Path

import pytest

from tel3sis_lint.testing import diagnostic_lines, lint_tree, triples

# A .env that sets A twice: TL403 on line 2 unless something hides it.
DUPLICATE = "A=1\nA=2\n"
# One worker with no concurrency: TL101 at the service key (2:3), TL102 at the command (3:14).
WORKER = "services:\n  worker:{comment}\n    command: celery -A app worker\n    image: app:1\n"
# A PgBouncer that lets anyone in: TL207 at the AUTH_TYPE value (5:7).
TRUST = (
    "services:\n"
    "  pgbouncer:\n"
    "    image: edoburu/pgbouncer:v1.23.1-p2\n"
    "    environment:\n"
    "      AUTH_TYPE: trust  # tel3sis-lint: ignore[TL207] only the app network reaches it\n"
    '      DEFAULT_POOL_SIZE: "20"\n'
    '      MAX_CLIENT_CONN: "200"\n'
)
INI = (
    "[pgbouncer]\nlisten_addr = *\n{comment}auth_type = trust{trailing}\n"
    "default_pool_size = 20\nmax_client_conn = 100\n"
)


def _tl003(out: str) -> list[str]:
    return [line for line in diagnostic_lines(out) if " TL003 " in line]


# ---- where a suppression applies -------------------------------------------------------


def test_unsuppressed_duplicate_is_reported(tmp_path: Path) -> None:
    code, out, _ = lint_tree({".env": DUPLICATE}, tmp_path)
    assert (code, triples(out)) == (1, [(".env", 2, "TL403")])


def test_suppression_on_the_reported_line_hides_the_finding(tmp_path: Path) -> None:
    code, out, _ = lint_tree({".env": "A=1\nA=2  # tel3sis-lint: ignore[TL403]\n"}, tmp_path)
    assert (code, triples(out)) == (0, [])


def test_suppression_on_the_line_above_hides_the_finding(tmp_path: Path) -> None:
    code, out, _ = lint_tree({".env": "A=1\n# tel3sis-lint: ignore[TL403]\nA=2\n"}, tmp_path)
    assert (code, triples(out)) == (0, [])


def test_suppression_two_lines_above_does_not_apply_and_is_reported_unused(
    tmp_path: Path,
) -> None:
    code, out, _ = lint_tree({".env": "A=1\n# tel3sis-lint: ignore[TL403]\n\nA=2\n"}, tmp_path)
    assert code == 1
    assert triples(out) == [(".env", 2, "TL003"), (".env", 4, "TL403")]
    assert _tl003(out) == [
        ".env:2:1: TL003 [invalid-suppression] suppression of TL403 suppresses nothing"
    ]


def test_ignore_file_covers_every_line_of_its_file(tmp_path: Path) -> None:
    env = "A=1\nB=1\n# tel3sis-lint: ignore-file[TL403] generated file, merged by the loader\nA=2\n\n\nB=2\n"
    code, out, _ = lint_tree({".env": env}, tmp_path)
    assert (code, triples(out)) == (0, [])


def test_ignore_file_that_hides_nothing_is_reported_where_it_is_written(tmp_path: Path) -> None:
    env = "A=1\n# tel3sis-lint: ignore-file[TL403]\nB=2\n"
    _, out, _ = lint_tree({".env": env}, tmp_path)
    assert _tl003(out) == [
        ".env:2:1: TL003 [invalid-suppression] suppression of TL403 suppresses nothing"
    ]


def test_suppression_applies_only_to_its_own_file(tmp_path: Path) -> None:
    files = {
        "compose.yaml": "services:\n  web:\n    image: nginx:1\n    env_file: app.env\n",
        ".env": "# tel3sis-lint: ignore-file[TL403]\nCOMPOSE_PROJECT_NAME=shop\n",
        "app.env": DUPLICATE,
    }
    _, out, _ = lint_tree(files, tmp_path)
    assert triples(out) == [(".env", 1, "TL003"), ("app.env", 2, "TL403")]


# ---- how a suppression names rules ------------------------------------------------------


@pytest.mark.parametrize("token", ["TL403", "tl403", "duplicate-key", "Duplicate-Key"])
def test_rules_are_named_by_code_or_name_in_any_case(tmp_path: Path, token: str) -> None:
    code, out, _ = lint_tree({".env": f"A=1\n# tel3sis-lint: ignore[{token}]\nA=2\n"}, tmp_path)
    assert (code, triples(out)) == (0, [])


def test_one_comment_suppresses_several_rules(tmp_path: Path) -> None:
    _, out, _ = lint_tree({"compose.yaml": WORKER.format(comment="")}, tmp_path)
    assert triples(out) == [("compose.yaml", 2, "TL101"), ("compose.yaml", 3, "TL102")]
    comment = "  # tel3sis-lint: ignore[TL101, worker-concurrency-unset] staging box"
    code, out, _ = lint_tree({"compose.yaml": WORKER.format(comment=comment)}, tmp_path)
    assert (code, triples(out)) == (0, [])


def test_one_comment_reports_each_rule_it_does_not_need(tmp_path: Path) -> None:
    env = "A=1\n# tel3sis-lint: ignore[TL403,TL405, TL999]\nA=2\n"
    _, out, _ = lint_tree({".env": env}, tmp_path)
    assert _tl003(out) == [
        ".env:2:1: TL003 [invalid-suppression] suppression names unknown rule 'TL999'",
        ".env:2:1: TL003 [invalid-suppression] suppression of TL405 suppresses nothing",
    ]


@pytest.mark.parametrize("marker", [";", "#"])
def test_pgbouncer_ini_comment_on_the_line_above(tmp_path: Path, marker: str) -> None:
    _, out, _ = lint_tree({"pgbouncer.ini": INI.format(comment="", trailing="")}, tmp_path)
    assert triples(out) == [("pgbouncer.ini", 3, "TL207")]
    comment = f"{marker} tel3sis-lint: ignore[pgbouncer-insecure-auth] reachable from the app network only\n"
    ini = INI.format(comment=comment, trailing="")
    code, out, _ = lint_tree({"pgbouncer.ini": ini}, tmp_path)
    assert (code, triples(out)) == (0, [])


def test_pgbouncer_ini_trailing_suppression_is_part_of_the_value(tmp_path: Path) -> None:
    # PgBouncer has no inline comments: the value is "trust ; tel3sis-lint: ...", which
    # PgBouncer rejects (TL209); TL207 no longer sees 'trust', so the suppression is unused
    ini = INI.format(comment="", trailing=" ; tel3sis-lint: ignore[TL207]")
    code, out, _ = lint_tree({"pgbouncer.ini": ini}, tmp_path)
    assert code == 1
    assert triples(out) == [("pgbouncer.ini", 3, "TL003"), ("pgbouncer.ini", 3, "TL209")]
    assert _tl003(out) == [
        "pgbouncer.ini:3:19: TL003 [invalid-suppression] suppression of TL207 suppresses nothing"
    ]


# ---- reasons ---------------------------------------------------------------------------

REASONS = ".tel3sis-lint.toml"


def test_text_after_the_bracket_is_a_reason_not_a_rule(tmp_path: Path) -> None:
    env = "A=1\n# tel3sis-lint: ignore[TL403] TL405 is why: the old loader reads the first\nA=2\n"
    code, out, _ = lint_tree({".env": env}, tmp_path)
    assert (code, triples(out)) == (0, [])


def test_missing_reason_is_reported_when_the_settings_require_one(tmp_path: Path) -> None:
    files = {
        REASONS: "require-suppression-reason = true\n",
        ".env": (
            "A=1\n"
            "# tel3sis-lint: ignore[TL403]\n"
            "A=2\n"
            "B=1\n"
            "# tel3sis-lint: ignore[TL403] the old loader reads the first B\n"
            "B=2\n"
        ),
    }
    code, out, _ = lint_tree(files, tmp_path)
    assert code == 1
    assert _tl003(out) == [
        ".env:2:1: TL003 [invalid-suppression] suppression gives no reason (the settings "
        "require one): ignore[TL101] why it is acceptable here"
    ]
    # the suppression still works: only TL003 is reported
    assert triples(out) == [(".env", 2, "TL003")]


def test_missing_reason_is_not_reported_by_default(tmp_path: Path) -> None:
    code, out, _ = lint_tree({".env": "A=1\n# tel3sis-lint: ignore[TL403]\nA=2\n"}, tmp_path)
    assert (code, triples(out)) == (0, [])


def test_ignore_file_needs_a_reason_too(tmp_path: Path) -> None:
    files = {
        REASONS: "require-suppression-reason = true\n",
        ".env": "# tel3sis-lint: ignore-file[TL403]\n" + DUPLICATE,
    }
    _, out, _ = lint_tree(files, tmp_path)
    assert triples(out) == [(".env", 1, "TL003")]
    assert "suppression gives no reason" in _tl003(out)[0]


# ---- TL003: suppressions that name nothing real -----------------------------------------


@pytest.mark.parametrize(
    ("token", "shown"),
    [("TL999", "'TL999'"), ("TL4O3", "'TL4O3'"), ("duplicate-keys", "'duplicate-keys'")],
)
def test_unknown_rule_is_reported(tmp_path: Path, token: str, shown: str) -> None:
    code, out, _ = lint_tree({".env": f"# tel3sis-lint: ignore[{token}]\nA=1\n"}, tmp_path)
    assert code == 1
    assert diagnostic_lines(out) == [
        f".env:1:1: TL003 [invalid-suppression] suppression names unknown rule {shown}"
    ]


def test_unknown_rule_leaves_the_finding_in_place(tmp_path: Path) -> None:
    _, out, _ = lint_tree({".env": "A=1\n# tel3sis-lint: ignore[TL430]\nA=2\n"}, tmp_path)
    assert triples(out) == [(".env", 2, "TL003"), (".env", 3, "TL403")]


@pytest.mark.parametrize(
    "comment",
    ["# tel3sis-lint: ignore", "# tel3sis-lint: ignore[]", "# tel3sis-lint: ignore because"],
)
def test_suppression_without_rules_is_reported(tmp_path: Path, comment: str) -> None:
    code, out, _ = lint_tree({".env": f"A=1\n{comment}\nA=2\n"}, tmp_path)
    assert code == 1
    assert diagnostic_lines(out) == [
        ".env:2:1: TL003 [invalid-suppression] suppression names no rule: write ignore[CODE]",
        ".env:3:1: TL403 [duplicate-key] A is already set on line 1; this later value wins",
    ]


def test_suppression_in_a_trailing_comment_is_reported_at_its_column(tmp_path: Path) -> None:
    env = "BROKER=amqp://mq:5672//  # tel3sis-lint: ignore\n"
    _, out, _ = lint_tree({".env": env}, tmp_path)
    assert triples(out) == [(".env", 1, "TL003")]
    assert diagnostic_lines(out)[0].startswith(".env:1:26: TL003 ")


def test_suppression_of_a_rule_that_did_not_run_is_not_reported(tmp_path: Path) -> None:
    env = "# tel3sis-lint: ignore[TL403]\nA=1\n"
    code, out, _ = lint_tree({".env": env}, tmp_path, ["--ignore", "TL403"])
    assert (code, triples(out)) == (0, [])


def test_ignoring_tl003_silences_it(tmp_path: Path) -> None:
    env = "# tel3sis-lint: ignore[TL999]\n# tel3sis-lint: ignore\n# tel3sis-lint: ignore[TL403]\nA=1\n"
    code, out, _ = lint_tree({".env": env}, tmp_path)
    assert triples(out) == [(".env", 1, "TL003"), (".env", 2, "TL003"), (".env", 3, "TL003")]
    code, out, _ = lint_tree({".env": env}, tmp_path, ["--ignore", "TL003"])
    assert (code, triples(out)) == (0, [])


def test_tl003_can_be_suppressed_inline_but_not_by_the_suppression_it_is_about(
    tmp_path: Path,
) -> None:
    env = "# tel3sis-lint: ignore[invalid-suppression] kept for the 1.x linter\n# tel3sis-lint: ignore[TL999]\nA=1\n"
    code, out, _ = lint_tree({".env": env}, tmp_path)
    assert (code, triples(out)) == (0, [])
    _, out, _ = lint_tree({".env": "# tel3sis-lint: ignore[TL003, TL999]\nA=1\n"}, tmp_path)
    assert _tl003(out) == [
        ".env:1:1: TL003 [invalid-suppression] suppression names unknown rule 'TL999'",
        ".env:1:1: TL003 [invalid-suppression] suppression of TL003 suppresses nothing",
    ]


# ---- settings that lock suppressions down -----------------------------------------------


@pytest.mark.parametrize("locked", ["TL207", "pgbouncer-insecure-auth"])
def test_unsuppressible_rule_keeps_its_finding_and_reports_the_attempt(
    tmp_path: Path, locked: str
) -> None:
    files = {REASONS: f'unsuppressible = ["{locked}"]\n', "compose.yaml": TRUST}
    code, out, _ = lint_tree(files, tmp_path)
    assert code == 1
    # (sorted: the output orders one line's diagnostics by code, then column)
    assert sorted(diagnostic_lines(out)) == sorted(
        [
            "compose.yaml:5:7: TL207 [pgbouncer-insecure-auth] PgBouncer auth_type is 'trust', "
            "which lets anyone who reaches the port in without a password",
            "compose.yaml:5:25: TL003 [invalid-suppression] TL207 cannot be suppressed: the "
            "settings lock it down (unsuppressible)",
        ]
    )


def test_lockable_rule_is_suppressed_when_the_settings_do_not_lock_it(tmp_path: Path) -> None:
    code, out, _ = lint_tree({"compose.yaml": TRUST}, tmp_path)
    assert (code, triples(out)) == (0, [])


# ---- a file that two deployments share --------------------------------------------------

# Two compose files in one folder, each a deployment of its own (the second has a service the
# first lacks), both reading the same .env. Only the deployment that runs PgBouncer reports
# its DATABASE_URL for going straight to PostgreSQL (TL201).
WITH_PGBOUNCER = """services:
  worker:
    image: app:1
    command: celery -A app worker -c ${CELERY_WORKER_CONCURRENCY:-2}
    env_file: .env
    deploy:
      replicas: 2
  pgbouncer:
    image: edoburu/pgbouncer:v1.23.1-p2
    environment:
      DATABASE_URL: postgresql://app:${POSTGRES_PASSWORD}@postgres:5432/app
      AUTH_TYPE: scram-sha-256
      DEFAULT_POOL_SIZE: "20"
      MAX_CLIENT_CONN: "200"
"""
WITHOUT_PGBOUNCER = """services:
  reports:
    image: app:1
    command: celery -A app worker -Q reports -c ${CELERY_WORKER_CONCURRENCY:-2}
    env_file: .env
    deploy:
      replicas: 2
"""
SHARED_ENV = (
    "POSTGRES_PASSWORD=Xk29fLq8Zp3mWv7N\n"
    "{comment}"
    "DATABASE_URL=postgresql://app:Xk29fLq8Zp3mWv7N@postgres:5432/app\n"
)
SHARED_COMMENT = "# tel3sis-lint: ignore[TL201] the migration job needs the primary\n"


@pytest.mark.parametrize(
    "files",
    [
        # the base file's deployment needs the suppression, the variant's does not
        {"compose.yaml": WITH_PGBOUNCER, "compose.reports.yaml": WITHOUT_PGBOUNCER},
        # the other way round
        {"compose.yaml": WITHOUT_PGBOUNCER, "compose.reports.yaml": WITH_PGBOUNCER},
    ],
    ids=["needed-by-base", "needed-by-variant"],
)
def test_suppression_in_a_shared_file_is_used_if_either_deployment_needs_it(
    tmp_path: Path, files: dict[str, str]
) -> None:
    unsuppressed = {**files, ".env": SHARED_ENV.format(comment="")}
    _, out, _ = lint_tree(unsuppressed, tmp_path)
    assert triples(out) == [(".env", 2, "TL201")]
    suppressed = {**files, ".env": SHARED_ENV.format(comment=SHARED_COMMENT)}
    code, out, _ = lint_tree(suppressed, tmp_path)
    assert (code, triples(out)) == (0, [])


def test_suppression_in_a_shared_file_that_no_deployment_needs_is_reported_once(
    tmp_path: Path,
) -> None:
    files = {
        "compose.yaml": WITHOUT_PGBOUNCER.replace("reports", "default"),
        "compose.reports.yaml": WITHOUT_PGBOUNCER,
        ".env": SHARED_ENV.format(comment=SHARED_COMMENT),
    }
    _, out, _ = lint_tree(files, tmp_path)
    assert diagnostic_lines(out) == [
        ".env:2:1: TL003 [invalid-suppression] suppression of TL201 suppresses nothing"
    ]
