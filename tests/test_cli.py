"""The command line: exit codes, selection, formats, settings, suppressions, discovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tel3sis_lint import __version__
from tel3sis_lint.testing import codes, lint_tree, run_cli, triples

WORKER = "services:\n  worker:\n    image: app:1\n    command: celery -A app worker\n"


def test_clean_tree_exits_zero(tmp_path: Path) -> None:
    code, out, err = lint_tree(
        {"compose.yaml": "services:\n  web:\n    image: nginx:1\n"}, tmp_path
    )
    assert (code, err) == (0, "")
    assert out == "All clear: 1 file checked, no problems found.\n"


def test_findings_exit_one_with_text_lines_and_summary(tmp_path: Path) -> None:
    code, out, _ = lint_tree({"compose.yaml": WORKER}, tmp_path)
    assert code == 1
    assert out.splitlines() == [
        "compose.yaml:2:3: TL101 [single-celery-worker] 1 Celery worker instance in total (worker x1); "
        "run at least 2 so one can take over when another stops (deploy.replicas)",
        "      worker:",
        "      ^",
        "  = help: Set `deploy.replicas: 2` (or more) on the worker service, or run a second "
        "worker service.",
        "",
        "compose.yaml:4:14: TL102 [worker-concurrency-unset] Celery worker 'worker' sets no --concurrency "
        "and CELERY_WORKER_CONCURRENCY is not set for it, so it forks one process per CPU of its host",
        "        command: celery -A app worker",
        "                 ^",
        "  = help: Start the worker with `--concurrency=${CELERY_WORKER_CONCURRENCY:-4}` and set the "
        "variable per environment.",
        "",
        "Found 2 problems (1 error, 1 warning) in 1 file.",
    ]


def test_info_findings_do_not_fail_the_run(tmp_path: Path) -> None:
    code, out, _ = lint_tree({"compose.yaml": "version: '3'\nservices: {}\n"}, tmp_path)
    assert code == 0 and codes(out) == ["TL602"]
    code, _, _ = run_cli(["--fail-on", "info", "."], cwd=tmp_path)
    assert code == 1


def test_fail_on_error_ignores_warnings(tmp_path: Path) -> None:
    lint_tree({"compose.yaml": WORKER}, tmp_path)
    assert run_cli(["--select", "TL102", "."], cwd=tmp_path)[0] == 1
    assert run_cli(["--select", "TL102", "--fail-on", "error", "."], cwd=tmp_path)[0] == 0


def test_exit_zero(tmp_path: Path) -> None:
    code, out, _ = lint_tree({"compose.yaml": WORKER}, tmp_path, ["--exit-zero"])
    assert code == 0 and codes(out) == ["TL101", "TL102"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "TL1"], ["TL101", "TL102"]),
        (["--select", "TL102"], ["TL102"]),
        (["--ignore", "TL101"], ["TL102"]),
        (["--select", "TL6", "--extend-select", "TL101"], ["TL101"]),
        (["--ignore", "TL1", "--extend-select", "TL102"], ["TL102"]),
    ],
)
def test_prefix_selection(tmp_path: Path, args: list[str], expected: list[str]) -> None:
    _, out, _ = lint_tree({"compose.yaml": WORKER}, tmp_path, args)
    assert codes(out) == expected


def test_unknown_selector_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = lint_tree({"compose.yaml": WORKER}, tmp_path, ["--select", "TL999"])
    assert (code, out) == (2, "")
    assert (
        err
        == "tel3sis-lint: unknown rule selector 'TL999' (expected a code or prefix such as TL1)\n"
    )


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run_cli(["--format", "xml", "."], cwd=tmp_path)[0:3:2] == (
        2,
        "tel3sis-lint: unknown format 'xml' (choose from concise, github, gitlab, json, "
        "json-lines, junit, sarif, text)\n",
    )
    assert run_cli(["does-not-exist"], cwd=tmp_path) == (
        2,
        "",
        "tel3sis-lint: does-not-exist: no such file or directory\n",
    )
    assert run_cli(["--no-such-flag"])[0] == 2
    assert run_cli(["--explain", "TL999"])[0] == 2


def test_version() -> None:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code, _, _ = run_cli(["--version"])
    assert code == 0 and buf.getvalue() == f"tel3sis-lint {__version__}\n"


def test_json_output_is_sorted_and_complete(tmp_path: Path) -> None:
    files = {
        "compose.yaml": "version: '3'\n" + WORKER,
        ".env": "A=1\nA=2\n",
    }
    code, out, _ = lint_tree(files, tmp_path, ["--format", "json"])
    data = json.loads(out)
    assert code == 1
    assert [(d["path"], d["line"], d["column"], d["code"], d["severity"]) for d in data] == [
        (".env", 2, 1, "TL403", "warning"),
        ("compose.yaml", 1, 1, "TL602", "info"),
        ("compose.yaml", 3, 3, "TL101", "error"),
        ("compose.yaml", 5, 14, "TL102", "warning"),
    ]
    assert data[0] == {
        "code": "TL403",
        "name": "duplicate-key",
        "severity": "warning",
        "message": "A is already set on line 1; this later value wins",
        "path": ".env",
        "line": 2,
        "column": 1,
        "end_line": None,
        "end_column": None,
        "related": [{"path": ".env", "line": 1, "column": 1}],
        "fingerprint": "1debcea98bcb84143e27fc6af18a5521",  # rule, file and key: stable
        "schema_version": 1,
    }
    assert len({d["fingerprint"] for d in data}) == len(data)


def test_output_file(tmp_path: Path) -> None:
    lint_tree({"compose.yaml": WORKER}, tmp_path)
    code, out, _ = run_cli(["--format", "json", "--output-file", "report.json", "."], cwd=tmp_path)
    assert code == 1 and out == ""
    assert [d["code"] for d in json.loads((tmp_path / "report.json").read_text())] == [
        "TL101",
        "TL102",
    ]


def test_settings_file_thresholds_and_severity(tmp_path: Path) -> None:
    files = {
        "compose.yaml": WORKER.replace("worker\n", "worker -c 2\n", 1)
        + "    deploy:\n      replicas: 2\n",
        "pyproject.toml": (
            "[project]\nname = 'x'\n\n[tool.tel3sis-lint]\nfail-on = 'error'\n"
            "[tool.tel3sis-lint.rules.single-celery-worker]\nmin-workers = 3\n"
            "[tool.tel3sis-lint.severity]\nTL101 = 'warning'\nTL103 = 'warning'\n"
        ),
    }
    code, out, _ = lint_tree(files, tmp_path)
    assert triples(out) == [("compose.yaml", 4, "TL103"), ("compose.yaml", 6, "TL101")]
    assert "2 Celery worker instances in total (worker x2); run at least 3" in out
    assert code == 0  # both are warnings now and fail-on is error


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("selct = ['TL1']\n", "selct: Extra inputs are not permitted"),
        ("fail-on = 'fatal'\n", "fail-on: Input should be 'error', 'warning' or 'info'"),
        (
            "[app]\nprofile = 'django'\n",
            "app.profile: Input should be 'auto', 'tel3sis' or 'generic'",
        ),
        (
            "[rules.TL101]\nmin-workers = 'two'\n",
            "rules.TL101: option 'min-workers': Input should be a valid integer",
        ),
        ("[rules.TL999]\nx = 1\n", "rules: unknown rule 'TL999'"),
        ("select = [", "invalid TOML"),
    ],
)
def test_bad_settings_name_the_key(tmp_path: Path, toml: str, message: str) -> None:
    code, out, err = lint_tree({".tel3sis-lint.toml": toml, "compose.yaml": WORKER}, tmp_path)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_inline_suppressions(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "version: '3'  # tel3sis-lint: ignore[TL602]\n"
            "services:\n"
            "  # tel3sis-lint: ignore[TL101]\n"
            "  worker:\n"
            "    image: app:1\n"
            "    command: celery -A app worker\n"
        ),
        ".env": "# tel3sis-lint: ignore-file[TL403]\nA=1\nA=2\n",
    }
    code, out, _ = lint_tree(files, tmp_path)
    assert codes(out) == ["TL102"]
    assert code == 1


def test_pgbouncer_ini_suppression_with_semicolon(tmp_path: Path) -> None:
    ini = "[pgbouncer]\nlisten_addr = *\n; tel3sis-lint: ignore[TL204]\nauth_type = md5\n"
    code, out, _ = lint_tree({"pgbouncer.ini": ini}, tmp_path)
    # TL204 points at the section's last line (4; the setting would be added after it),
    # which the comment on the line above covers
    assert (code, triples(out)) == (0, [])
    code, out, _ = lint_tree(
        {"pgbouncer.ini": ini.replace("md5\n", "md5\nlisten_port = 6432\n")}, tmp_path
    )
    assert triples(out) == [("pgbouncer.ini", 3, "TL003"), ("pgbouncer.ini", 5, "TL204")]
    ini = "; tel3sis-lint: ignore-file[TL204] pools sized by the platform team\n[pgbouncer]\nlisten_addr = *\n"
    code, out, _ = lint_tree({"pgbouncer.ini": ini}, tmp_path)
    assert codes(out) == [] and code == 0


def test_discovery_skips_gitignored_vcs_and_virtualenv_folders(tmp_path: Path) -> None:
    bad = WORKER
    files = {
        ".gitignore": "ignored/\n*.extra.yml\n",
        "ignored/compose.yaml": bad,
        ".git/compose.yaml": bad,
        "node_modules/x/compose.yaml": bad,
        "venv2/pyvenv.cfg": "home = /usr\n",
        "venv2/compose.yaml": bad,
        "docker-compose.extra.yml": bad,
        "app/docker-compose.yml": "services:\n  web:\n    image: nginx:1\n",
    }
    code, out, _ = lint_tree(files, tmp_path)
    assert (code, codes(out)) == (0, [])
    code, out, _ = run_cli(["--no-respect-gitignore", "."], cwd=tmp_path)
    assert sorted({p for p, _, _ in triples(out)}) == [
        "docker-compose.extra.yml",
        "ignored/compose.yaml",
    ]


def test_explicit_file_lints_the_deployment_it_belongs_to(tmp_path: Path) -> None:
    files = {
        "deploy/compose.yaml": WORKER + "    env_file: [app.env]\n",
        "deploy/app.env": "A=1\nA=2\n",
        "other/compose.yaml": WORKER,
    }
    lint_tree(files, tmp_path)
    code, out, _ = run_cli(["deploy/app.env"], cwd=tmp_path)
    assert triples(out) == [
        ("deploy/app.env", 2, "TL403"),
        ("deploy/compose.yaml", 2, "TL101"),
        ("deploy/compose.yaml", 4, "TL102"),
    ]


def test_parse_error_is_reported_and_other_files_are_still_linted(tmp_path: Path) -> None:
    files = {"a/compose.yaml": "services:\n  web: [\n", "b/compose.yaml": WORKER}
    code, out, err = lint_tree(files, tmp_path)
    assert triples(out) == [
        ("a/compose.yaml", 3, "TL001"),
        ("b/compose.yaml", 2, "TL101"),
        ("b/compose.yaml", 4, "TL102"),
    ]
    assert "Traceback" not in out + err


def test_secrets_never_reach_the_output(tmp_path: Path) -> None:
    secret = "Zq9SECRETxx41"
    files = {
        ".env": (
            f"SECRET_KEY={secret}\nBASE_URL=http://example.com\nTWILIO_ACCOUNT_SID=AC1\n"
            f"TWILIO_AUTH_TOKEN={secret}\n"
            f"DATABASE_URL=mysql://app:{secret}@db/app\nREDIS_URL=redis://:{secret}@:99999/0\n"
        ),
    }
    for fmt in ("text", "json"):
        code, out, err = lint_tree(files, tmp_path, ["--format", fmt])
        assert code == 1
        assert secret not in out + err
        assert "***" in out
