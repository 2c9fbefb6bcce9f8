"""Linting changes nothing: every byte, mode and mtime stays, and no file appears in the tree.

One realistic tree (the example deployments, a CRLF copy, a BOM, symbolic links inside
the tree, a read-only file, a settings file, app code) goes through every way of running
the linter that is not meant to write (everything but ``--fix``).
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

import tel3sis_lint
from tel3sis_lint.testing import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FORMATS = ("text", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")

Snapshot = dict[str, tuple[int, int, bytes | str | None]]


def snapshot(root: Path) -> Snapshot:
    """Every entry under root (links not followed): mode, mtime_ns and content or target."""
    out: Snapshot = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            st = path.lstat()
            content: bytes | str | None = None
            if stat.S_ISLNK(st.st_mode):
                content = os.readlink(path)
            elif stat.S_ISREG(st.st_mode):
                content = path.read_bytes()
            out[str(path.relative_to(root))] = (st.st_mode, st.st_mtime_ns, content)
    out["."] = (root.stat().st_mode, root.stat().st_mtime_ns, None)
    return out


def crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("nothing-lost") / "tree"
    shutil.copytree(EXAMPLES, root, symlinks=True)
    # a CRLF copy of a whole deployment, and a BOM on one of its files
    shutil.copytree(root / "faulty", root / "windows")
    for path in (root / "windows").iterdir():
        path.write_bytes(crlf(path.read_bytes()))
    env = root / "windows" / ".env"
    env.write_bytes(b"\xef\xbb\xbf" + env.read_bytes())
    # symbolic links that stay inside the tree: a whole deployment, a file, a dangling one
    (root / "staging").symlink_to("good", target_is_directory=True)
    linked = root / "linked"
    linked.mkdir()
    (linked / "docker-compose.yml").symlink_to("../faulty/docker-compose.yml")
    (linked / ".env").symlink_to("../good/.env")
    (linked / "sentinel-1.conf").symlink_to("missing.conf")
    # a content-sniffed pgbouncer config, app code the linter reads, a file nobody lints
    (root / "good" / "pool.ini").write_text("[pgbouncer]\nlisten_addr = *\n", encoding="utf-8")
    app = root / "good" / "server"
    app.mkdir()
    (app / "__init__.py").write_text("", encoding="utf-8")
    (app / "celery_app.py").write_text(
        "from celery import Celery\n\napp = Celery('server', broker='redis://redis:6379/0')\n",
        encoding="utf-8",
    )
    (root / "NOTES.md").write_text("not a config file\n", encoding="utf-8")
    # read-only files: the linter has no reason to touch them (root could anyway)
    for ro in (root / "faulty" / "pgbouncer.ini", root / "windows" / "docker-compose.yml"):
        ro.chmod(0o444)
    # times in the past, so that any write would move them
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        for name in [*filenames, *dirnames]:
            os.utime(Path(dirpath, name), ns=(1_000_000_000, 1_000_000_000), follow_symlinks=False)
    os.utime(root, ns=(1_000_000_000, 1_000_000_000))
    return root


def runs(outside: Path) -> list[list[str]]:
    return [
        ["."],
        *[["--format", fmt, "."] for fmt in FORMATS],
        *[["--format", fmt, "--statistics", "."] for fmt in ("text", "concise", "github")],
        ["--quiet", "--jobs", "2", "."],
        ["--format", "sarif", "--output-file", str(outside / "report.sarif"), "."],
        ["show", "."],
        ["--show-settings", "."],
        ["--diff", "."],
        ["--write-baseline", str(outside / "baseline.json"), "."],
        ["--baseline", str(outside / "baseline.json"), "."],
        ["--list-rules"],
        ["explain", "TL101"],
        ["faulty", "windows/.env", "linked"],
    ]


def test_no_run_changes_or_adds_anything_in_the_tree(tree: Path, tmp_path: Path) -> None:
    before = snapshot(tree)
    assert any(k.startswith("staging") for k in before) and "windows/.env" in before
    for args in runs(tmp_path):
        code, out, err = run_cli(args, cwd=tree)
        assert code in (0, 1), (args, err)
        assert "Traceback" not in out + err, args
        assert snapshot(tree) == before, f"{args} changed the tree"
    result = tel3sis_lint.lint([tree])
    assert result.diagnostics
    assert snapshot(tree) == before, "tel3sis_lint.lint() changed the tree"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["baseline.json", "report.sarif"]


def test_the_tree_is_linted_for_real(tree: Path) -> None:
    """The runs above read the files: CRLF, BOM and links are linted, not skipped."""
    code, out, _ = run_cli(["--format", "concise", "."], cwd=tree)
    assert code == 1

    def under(folder: str) -> list[str]:
        return sorted(line[len(folder) :] for line in out.splitlines() if line.startswith(folder))

    assert under("faulty/") and under("windows/") == under("faulty/")  # CRLF, BOM: the same
    assert "docker-compose.yml:3:1: TL602 version: '3.8' is obsolete; Compose ignores it" in (
        under("linked/")
    )
    assert "sentinel-1.conf:1:1: TL001 broken symbolic link; not read" in under("linked/")


@pytest.mark.parametrize(
    "target",
    [
        "faulty/.env",
        "faulty/docker-compose.yml",
        "faulty/pgbouncer.ini",  # read-only: refused for what it is, not for its mode
        "good/sentinel-1.conf",
        "good/pool.ini",  # a pgbouncer config by its content
        "windows/.env",
        "linked/docker-compose.yml",  # a link to a linted file
    ],
)
def test_report_over_a_linted_file_is_refused(tree: Path, target: str) -> None:
    before = snapshot(tree)
    code, out, err = run_cli(["--format", "json", "--output-file", target, "."], cwd=tree)
    assert (code, out) == (2, "")
    assert err == (
        f"tel3sis-lint: refusing to write the report over {target}, a file the linter reads\n"
    )
    assert snapshot(tree) == before
