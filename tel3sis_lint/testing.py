"""Helpers for tests of tel3sis-lint and of third-party rule packs."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from .cli import main


@contextmanager
def chdir(path: str | os.PathLike[str]) -> Iterator[None]:
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def run_cli(args: Sequence[str], cwd: str | os.PathLike[str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    if cwd is None:
        code = main(list(args), stdout=out, stderr=err)
    else:
        with chdir(cwd):
            code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def diagnostic_lines(text_output: str) -> list[str]:
    """The ``path:line:col: CODE ...`` lines of text output (summary dropped)."""
    return [line for line in text_output.splitlines() if ": TL" in line or _looks_like_diag(line)]


def _looks_like_diag(line: str) -> bool:
    parts = line.split(":", 3)
    return len(parts) == 4 and parts[1].isdigit() and parts[2].isdigit()


def codes(text_output: str) -> list[str]:
    return [line.split(": ", 2)[1].split(" ", 1)[0] for line in diagnostic_lines(text_output)]


def triples(text_output: str) -> list[tuple[str, int, str]]:
    """(path, line, code) of every diagnostic line."""
    out = []
    for line in diagnostic_lines(text_output):
        path, ln, _col, rest = line.split(":", 3)
        out.append((path, int(ln), rest.strip().split(" ", 1)[0]))
    return out


def lint_tree(
    files: dict[str, str], root: str | os.PathLike[str], args: Iterable[str] = ()
) -> tuple[int, str, str]:
    """Write ``files`` (relative path -> text) under ``root`` and lint it from there."""
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return run_cli([*args, "."], cwd=root)
