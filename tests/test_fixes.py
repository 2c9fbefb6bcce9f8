"""Safe fixes: exactly the fixable findings change, every other byte stays, writes are atomic."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tel3sis_lint import lint
from tel3sis_lint.fixes import apply_fixes, plan_fixes, write_atomically
from tel3sis_lint.testing import chdir

COMPOSE = (
    "# production stack\r\n"
    "version: '3.8'   # obsolete\r\n"
    "services:\r\n"
    "  worker:\r\n"
    "    image: app:1\r\n"
    "    command: celery -A app worker -Q default --concurrency=4 -l info  # sized for 2 CPUs\r\n"
    "    env_file: .env\r\n"
    "    deploy:\r\n"
    "      replicas: 2\r\n"
    "  other:\r\n"
    "    image: app:1\r\n"
    '    command: ["celery", "-A", "app", "worker", "--concurrency=2"]\r\n'
    "    deploy:\r\n"
    "      replicas: 2\r\n"
)
ENV = "# settings\nLOG_LEVEL=debug\nexport A='x' # first\nLOG_LEVEL=info\nA=y\n"


def _tree(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_bytes(COMPOSE.encode())
    (tmp_path / ".env").write_text(ENV)
    os.chmod(tmp_path / ".env", 0o640)


def _read(path: str) -> str | None:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def test_fixes_change_only_the_findings(tmp_path: Path) -> None:
    _tree(tmp_path)
    with chdir(tmp_path):
        result = lint(["."])
        assert sorted({d.code for d in result.diagnostics}) == ["TL103", "TL403", "TL602"]
        fixes = plan_fixes(result.diagnostics, _read)
        written, failed = apply_fixes(fixes)
        assert failed == [] and [f.path for f in written] == [".env", "compose.yaml"]
        assert lint(["."]).diagnostics == []
    assert (tmp_path / "compose.yaml").read_bytes().decode() == (
        "# production stack\r\n"
        "services:\r\n"
        "  worker:\r\n"
        "    image: app:1\r\n"
        "    command: celery -A app worker -Q default --concurrency=${CELERY_WORKER_CONCURRENCY:-4}"
        " -l info  # sized for 2 CPUs\r\n"
        "    env_file: .env\r\n"
        "    deploy:\r\n"
        "      replicas: 2\r\n"
        "  other:\r\n"
        "    image: app:1\r\n"
        '    command: ["celery", "-A", "app", "worker", "--concurrency=${CELERY_WORKER_CONCURRENCY:-2}"]\r\n'
        "    deploy:\r\n"
        "      replicas: 2\r\n"
    )
    assert (tmp_path / ".env").read_text() == "# settings\nLOG_LEVEL=info\nA=y\n"
    assert stat.S_IMODE(os.stat(tmp_path / ".env").st_mode) == 0o640


def test_diff_shows_the_change_without_writing(tmp_path: Path) -> None:
    _tree(tmp_path)
    with chdir(tmp_path):
        fixes = plan_fixes(lint(["."]).diagnostics, _read)
    env_fix = next(f for f in fixes if f.path == ".env")
    assert env_fix.diff() == (
        "--- a/.env\n+++ b/.env\n@@ -1,5 +1,3 @@\n # settings\n-LOG_LEVEL=debug\n"
        "-export A='x' # first\n LOG_LEVEL=info\n A=y\n"
    )
    assert (tmp_path / ".env").read_text() == ENV


def test_a_failure_midway_leaves_the_original_intact(tmp_path: Path) -> None:
    target = tmp_path / ".env"
    target.write_text(ENV)

    def explode(tmp: str) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomically(str(target), "LOG_LEVEL=info\n", before_replace=explode)
    assert target.read_text() == ENV
    assert [p.name for p in tmp_path.iterdir()] == [".env"]  # no temporary file left behind


def test_a_fix_that_would_not_parse_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "compose.yaml"
    target.write_text("services: {}\n")
    with pytest.raises(Exception) as err:
        write_atomically(str(target), "services: [\n")
    assert "YAML" in str(err.value) or "invalid" in str(err.value)
    assert target.read_text() == "services: {}\n"
