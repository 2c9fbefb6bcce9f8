"""A real `pre-commit try-repo` run: the hook fails on a faulty deployment and passes once fixed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FAULTY = "services:\n  worker:\n    image: app:1\n    command: celery -A app worker\n"
FIXED = (
    "services:\n  worker:\n    image: app:1\n"
    "    command: celery -A app worker --concurrency=${CELERY_WORKER_CONCURRENCY:-2}\n"
    "    deploy:\n      replicas: 2\n"
)

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None
    or subprocess.run([sys.executable, "-c", "import pre_commit"], capture_output=True).returncode
    != 0,
    reason="needs git and pre-commit (pip install -e '.[test]')",
)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _try_repo(cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR")
    }
    env.update({"PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"})
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "tel3sis-lint", "--all-files"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hook_fails_with_diagnostics_then_passes_when_fixed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "deploy").mkdir(parents=True)
    _git(project, "init", "-q")
    _git(project, "config", "user.email", "t@example.com")
    _git(project, "config", "user.name", "t")
    (project / "deploy" / "docker-compose.yml").write_text(FAULTY)
    (project / "deploy" / ".env").write_text("A=1\nA=2\n")
    _git(project, "add", ".")
    result = _try_repo(project, tmp_path / "pc-home")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "deploy/docker-compose.yml:2:3: TL101 [single-celery-worker]" in output
    assert "deploy/.env:2:1: TL403 [duplicate-key]" in output

    (project / "deploy" / "docker-compose.yml").write_text(FIXED)
    (project / "deploy" / ".env").write_text("A=1\n")
    _git(project, "add", ".")
    result = _try_repo(project, tmp_path / "pc-home")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tel3sis-lint" in result.stdout and "Passed" in result.stdout
