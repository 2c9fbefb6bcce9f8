"""Adoption features through the CLI: baselines, --fix/--diff, --show-settings, --jobs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tel3sis_lint.testing import lint_tree, run_cli, triples

WORKER = "services:\n  worker:\n    image: app:1\n    command: celery -A app worker -c 4\n"


def _copy_case(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst)


def test_baseline_survives_edits_and_catches_new_faults(corpus: Path, tmp_path: Path) -> None:
    case = tmp_path / "tel3sis"
    _copy_case(corpus / "tel3sis", case)
    code, out, err = run_cli(["--write-baseline", "baseline.json", "tel3sis"], cwd=tmp_path)
    assert code == 0 and "recorded 12 finding(s) in baseline.json" in err
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert data["version"] == 1 and len(data["findings"]) == 12
    # blank lines and comments at the top of every file move every finding's line
    for name in ("docker-compose.yml", ".env.example"):
        path = case / name
        path.write_text("# reviewed 2026-12\n\n\n" + path.read_text())
    code, out, err = run_cli(["--baseline", "baseline.json", "tel3sis"], cwd=tmp_path)
    assert (code, triples(out)) == (0, [])
    assert "12 finding(s) hidden by the baseline" in err
    # a new fault in each file is reported, and only it
    compose = case / "docker-compose.yml"
    db = "  db:\n    image: postgres:16\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n\nvolumes:"
    compose.write_text(
        compose.read_text().replace("volumes:\n  grafana-data:", db + "\n  grafana-data:")
    )
    env = case / ".env.example"
    env.write_text(env.read_text() + "REDIS_URL=redis://redis:6379/1\n")
    code, out, err = run_cli(["--baseline", "baseline.json", "tel3sis"], cwd=tmp_path)
    assert triples(out) == [
        ("tel3sis/.env.example", 48, "TL403"),
        ("tel3sis/docker-compose.yml", 72, "TL504"),
    ]
    assert code == 1


def test_baseline_lists_entries_that_no_longer_occur(tmp_path: Path) -> None:
    lint_tree({"compose.yaml": "version: '3'\n" + WORKER}, tmp_path)
    run_cli(["--write-baseline", "b.json", "."], cwd=tmp_path)
    (tmp_path / "compose.yaml").write_text(WORKER)
    code, out, err = run_cli(["--baseline", "b.json", "."], cwd=tmp_path)
    assert "1 baseline entry no longer occur (prune them with --write-baseline b.json):" in err
    assert "  compose.yaml: TL602 version: '3' is obsolete; Compose ignores it" in err


def test_a_broken_baseline_is_a_usage_error(tmp_path: Path) -> None:
    lint_tree({"compose.yaml": WORKER, "b.json": "{nope"}, tmp_path)
    code, out, err = run_cli(["--baseline", "b.json", "."], cwd=tmp_path)
    assert code == 2 and err.startswith("tel3sis-lint: b.json: not a tel3sis-lint baseline")


def test_fix_on_the_faulty_example_changes_only_fixable_lines(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    shutil.copytree(repo / "examples" / "faulty", tmp_path / "faulty")
    before = {p.name: p.read_bytes() for p in (tmp_path / "faulty").iterdir() if p.is_file()}
    code, out, err = run_cli(["--diff", "faulty"], cwd=tmp_path)
    assert code == 1 and '-version: "3.8"' in out
    assert "-DATABASE_URL=postgresql://tel3sis:***@pgbouncer:6432/tel3sis" in out  # masked
    assert {
        p.name: p.read_bytes() for p in (tmp_path / "faulty").iterdir() if p.is_file()
    } == before
    code, out, err = run_cli(["--fix", "--quiet", "faulty"], cwd=tmp_path)
    assert "fixed faulty/.env (TL403), faulty/docker-compose.yml (TL602)" in err
    assert "TL602" not in out and "TL403" not in out
    after = {p.name: p.read_bytes() for p in (tmp_path / "faulty").iterdir() if p.is_file()}
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {".env", "docker-compose.yml"}
    old_lines = before["docker-compose.yml"].splitlines(keepends=True)
    assert after["docker-compose.yml"] == b"".join(
        line for line in old_lines if not line.startswith(b"version:")
    )


def test_show_settings_names_the_source_of_each_value(tmp_path: Path) -> None:
    lint_tree(
        {
            "compose.yaml": WORKER,
            ".tel3sis-lint.toml": "fail-on = 'error'\n[rules.TL101]\nmin-workers = 3\n",
        },
        tmp_path,
    )
    code, out, _ = run_cli(["--show-settings", "--ignore", "TL6", "."], cwd=tmp_path)
    assert code == 0
    lines = {line.split("=")[0].strip(): line for line in out.splitlines() if "=" in line}
    assert lines["fail-on"].endswith(f'"error"    # {tmp_path / ".tel3sis-lint.toml"}')
    assert lines["ignore"].endswith('["TL6"]    # command line')
    assert lines["select"].endswith('["ALL"]    # default')
    assert (
        lines["rules.TL101.min-workers"].startswith("rules.TL101.min-workers")
        and "= 3 " in lines["rules.TL101.min-workers"]
    )


@pytest.mark.parametrize("jobs", ["0", "two"])
def test_jobs_must_be_a_positive_number(jobs: str) -> None:
    assert run_cli(["--jobs", jobs, "."])[0] == 2


def test_parallel_output_is_identical_to_serial(tmp_path: Path) -> None:
    import subprocess
    import sys

    gen = Path(__file__).resolve().parents[2] / "shared" / "bench" / "make_corpus.py"
    if not gen.is_file():
        pytest.skip("../shared/bench/make_corpus.py not present")
    subprocess.run(
        [sys.executable, str(gen), str(tmp_path / "tree"), "--deployments", "120", "--seed", "7"],
        check=True,
        capture_output=True,
    )
    outputs = []
    for jobs in ("1", "2"):
        code, out, _ = run_cli(["--jobs", jobs, "--format", "json", "tree"], cwd=tmp_path)
        outputs.append((code, out))
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0][1])) > 500
    assert os.cpu_count()  # the machine has cores to spread the work over
