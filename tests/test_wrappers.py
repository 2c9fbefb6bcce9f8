"""Celery behind wrappers: image CLIs, start scripts, repo entrypoints, user patterns."""

from __future__ import annotations

from pathlib import Path

from tel3sis_lint.testing import lint_tree, run_cli, triples


def test_entrypoint_script_in_the_build_context_is_read(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n  worker:\n    build: .\n    command: ./bin/start-tasks.sh\n"
            "  beat:\n    build: .\n    command: ./bin/schedule.sh\n    deploy:\n      replicas: 2\n"
        ),
        "bin/start-tasks.sh": (
            "#!/bin/sh\nset -e\n# celery worker is started below\nexec celery -A app worker -Q default\n"
        ),
        "bin/schedule.sh": "#!/bin/sh\nexec celery -A app beat -l info\n",
    }
    code, out, _ = lint_tree(files, tmp_path, ["--select", "TL1"])
    assert triples(out) == [
        ("compose.yaml", 2, "TL101"),
        ("compose.yaml", 4, "TL102"),
        ("compose.yaml", 9, "TL105"),
    ]


def test_named_start_scripts_and_image_clis(tmp_path: Path) -> None:
    files = {
        "compose.yaml": (
            "services:\n"
            "  celeryworker:\n    image: shop:1\n    command: /start-celeryworker\n"
            "  flower:\n    image: shop:1\n    command: /start-flower\n"
            "  sentry-worker:\n    image: getsentry/sentry:24.1.0\n    command: run worker\n"
            "  taskworker:\n    image: getsentry/sentry:24.1.0\n    command: run taskworker --concurrency=4\n"
            "  auth-worker:\n    image: ghcr.io/goauthentik/server:2025.2.4\n    command: worker\n"
        ),
    }
    code, out, _ = lint_tree(files, tmp_path, ["--select", "TL1"])
    # three workers (not flower, not taskworker); authentik sizes its own pool
    assert triples(out) == [("compose.yaml", 4, "TL102"), ("compose.yaml", 10, "TL102")]
    _, shown, _ = run_cli(["show", "."], cwd=tmp_path)
    assert "auth-worker    x1  celery worker, concurrency 2" in shown
    assert "flower         x1  app" in shown or "flower         x1  other" in shown


def test_user_wrapper_patterns(tmp_path: Path) -> None:
    files = {
        "compose.yaml": "services:\n  jobs:\n    image: shop:1\n    command: manage.py run-queue --procs 4\n",
        ".tel3sis-lint.toml": "[app]\ncelery-wrappers = ['manage\\.py run-queue']\n",
    }
    code, out, _ = lint_tree(files, tmp_path, ["--select", "TL101"])
    assert triples(out) == [("compose.yaml", 2, "TL101")]
