"""Helpers for tests of tel3sis-lint and of third-party rule packs."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
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


# Output must not depend on where the tests run: under GitHub Actions the default format
# is github, and FORCE_COLOR/NO_COLOR change the text format.
OUTPUT_ENVIRONMENT = ("GITHUB_ACTIONS", "FORCE_COLOR", "NO_COLOR")


@contextmanager
def environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for None, remove) environment variables for the duration of the block."""
    saved = {key: os.environ.get(key) for key in changes}
    try:
        for key, value in changes.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_cli(
    args: Sequence[str],
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str | None] | None = None,
) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr).

    GITHUB_ACTIONS, FORCE_COLOR and NO_COLOR are cleared for the run so that the output is
    the same everywhere; ``env`` sets (or, with None, removes) variables on top of that.
    """
    out, err = io.StringIO(), io.StringIO()
    changes: dict[str, str | None] = dict.fromkeys(OUTPUT_ENVIRONMENT)
    changes.update(env or {})
    with environment(changes), chdir(cwd if cwd is not None else os.getcwd()):
        code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


# ``path:line:col: CODE ...`` at the start of a line; the text format indents everything
# it prints under a diagnostic (source excerpt, caret, help, related), so those never match.
_DIAGNOSTIC = re.compile(r"^(?P<path>\S.*?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+[0-9]+)\b")


def diagnostic_lines(text_output: str) -> list[str]:
    """The ``path:line:col: CODE ...`` lines of text output (excerpts and summary dropped)."""
    return [line for line in text_output.splitlines() if _DIAGNOSTIC.match(line)]


def codes(text_output: str) -> list[str]:
    """The code of every diagnostic line, in order."""
    return [_match(line)["code"] for line in diagnostic_lines(text_output)]


def triples(text_output: str) -> list[tuple[str, int, str]]:
    """(path, line, code) of every diagnostic line."""
    out = []
    for line in diagnostic_lines(text_output):
        m = _match(line)
        out.append((m["path"], int(m["line"]), m["code"]))
    return out


def _match(line: str) -> re.Match[str]:
    m = _DIAGNOSTIC.match(line)
    assert m is not None
    return m


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
