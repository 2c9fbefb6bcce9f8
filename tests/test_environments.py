"""Environments: configured and guessed deployments, the development policy, and `show`."""

from __future__ import annotations

from pathlib import Path

from tel3sis_lint.testing import lint_tree, run_cli, triples

from .conftest import REPO

BASE = """\
services:
  worker:
    image: app:1
    command: celery -A app worker -c ${CELERY_WORKER_CONCURRENCY:-2}
    deploy:
      replicas: 2
  redis:
    image: redis:7
"""


def test_dev_example_is_clean_under_its_development_marking() -> None:
    code, out, _ = run_cli(["examples/dev"], cwd=REPO)
    assert (code, triples(out)) == (0, [])


def test_dev_example_fails_the_production_policy(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("")
    code, out, _ = run_cli(["--config", str(empty), "examples/dev"], cwd=REPO)
    assert code == 1
    assert triples(out) == [
        ("examples/dev/.env", 2, "TL401"),
        ("examples/dev/.env", 6, "TL202"),
        ("examples/dev/docker-compose.yml", 11, "TL101"),
        ("examples/dev/docker-compose.yml", 13, "TL102"),
        ("examples/dev/docker-compose.yml", 21, "TL301"),
    ]


def test_overlay_variant_is_linted_on_top_of_its_base(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": BASE,
        # an overlay: only services of the base file; the prod run gets one worker
        "docker-compose.prod.yml": "services:\n  worker:\n    deploy:\n      replicas: 1\n",
    }
    code, out, _ = lint_tree(files, tmp_path, ["--select", "TL101,TL301"])
    assert triples(out) == [
        ("docker-compose.prod.yml", 4, "TL101"),  # the overlay's replicas: 1
        ("docker-compose.yml", 7, "TL301"),
    ]
    assert "(worker x1)" in out


def test_standalone_variant_is_its_own_deployment(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": BASE,
        "docker-compose.staging.yml": "services:\n  other:\n    image: x:1\n"
        "    command: celery -A x worker -c 2\n",
    }
    code, out, _ = lint_tree(files, tmp_path, ["--select", "TL101"])
    assert triples(out) == [("docker-compose.staging.yml", 2, "TL101")]


def test_development_is_guessed_from_the_file_name(tmp_path: Path) -> None:
    files = {"docker-compose.dev.yml": BASE.replace("replicas: 2", "replicas: 1")}
    code, out, _ = lint_tree(files, tmp_path)
    assert (code, triples(out)) == (0, [])
    _, shown, _ = run_cli(["show", "."], cwd=tmp_path)
    assert shown.startswith("Deployment . (environment dev, development policy)\n")


def test_configured_environment_with_env_file_and_profiles(tmp_path: Path) -> None:
    files = {
        "deploy/compose.yaml": (
            "services:\n  worker:\n    image: app:${TAG}\n"
            "    command: celery -A app worker -c 2\n    profiles: [workers]\n"
            "  other:\n    image: x:1\n    profiles: [extra]\n"
        ),
        "deploy/prod.env": "TAG=1.2\n",
        ".tel3sis-lint.toml": (
            "[environments.production]\ncompose = ['deploy/compose.yaml']\n"
            "env-file = 'deploy/prod.env'\nprofiles = ['workers']\n"
        ),
    }
    code, out, _ = lint_tree(files, tmp_path)
    # no TL002: TAG comes from prod.env
    assert triples(out) == [
        ("deploy/compose.yaml", 2, "TL101"),
        ("deploy/compose.yaml", 4, "TL103"),
    ]
    _, shown, _ = run_cli(["show", "."], cwd=tmp_path)
    assert "Deployment deploy (environment production, production policy)" in shown
    assert "worker  x1  celery worker" in shown and "other" not in shown


def test_environment_naming_a_missing_file_is_a_config_error(tmp_path: Path) -> None:
    files = {
        ".tel3sis-lint.toml": "[environments.x]\ncompose = ['nope.yml']\n",
        "compose.yaml": BASE,
    }
    code, out, err = lint_tree(files, tmp_path)
    assert code == 2 and out == ""
    assert "environments.x: no compose file" in err


def test_show_summarises_the_good_example_without_secrets() -> None:
    code, out, _ = run_cli(["show", "examples/good"], cwd=REPO)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Deployment examples/good (environment default, production policy)"
    assert "  Celery: 2 worker instances (2 x 4 processes), 1 beat" in lines
    assert (
        "  PgBouncer: pgbouncer listens on 6432; pool_mode transaction, default_pool_size 20, "
        "max_client_conn 500, auth_type scram-sha-256"
    ) in lines
    assert "  Redis: Sentinel, 3 sentinel(s) monitoring mymaster (quorum 2), 1 replica(s)" in lines
    assert any(
        line.startswith("    DATABASE_URL = postgresql://tel3sis:***@pgbouncer:6432/tel3sis")
        for line in lines
    )
    env = (REPO / "examples" / "good" / ".env").read_text()
    for line in env.splitlines():
        if "PASSWORD" in line or "SECRET" in line or "TOKEN" in line:
            secret = line.split("=", 1)[1]
            assert secret not in out


def test_show_on_the_tel3sis_corpus(corpus: Path) -> None:
    code, out, _ = run_cli(["show", str(corpus / "tel3sis")])
    assert code == 0
    assert (
        "    celeryworker  x1  celery worker, concurrency unset (one per CPU), queues the default queue"
        in out
    )
    assert "  Redis: standalone (redis), no Sentinel or Cluster" in out
    assert "(missing: " in out and ".env.example in its place" in out
