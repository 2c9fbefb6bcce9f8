"""Safe fixes: line-based edits, written atomically and only when the result still parses.

A file is changed only under ``--fix``: its text is edited line by line (every other
byte, comment, quote and line ending stays as it was), written to a temporary file in the
same folder with the original's permissions, parsed again as its kind, and only then
renamed over the original. Any failure leaves the original untouched.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .deployment import FileKind
from .diagnostics import Diagnostic, Edit
from .discovery import classify
from .parsers import ParseError, decode

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass
class FileFix:
    path: str  # as shown (relative to the working directory)
    original: str
    fixed: str
    codes: list[str] = field(default_factory=list)

    def diff(self) -> str:
        """A unified diff for people to read: secrets in it are masked like everywhere else."""
        from .masking import mask_text

        return "".join(
            mask_text(line)
            for line in difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.fixed.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


def _apply(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply edits to text; an edit whose pattern no longer matches is skipped."""
    lines = _LINE.findall(text)
    deleted: set[int] = set()
    applied = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        for n in range(e.start, min(e.end, len(lines)) + 1):
            if n in deleted:
                continue
            line = lines[n - 1]
            body = line.rstrip("\r\n")
            m = re.search(e.pattern, body)
            if m is None:
                continue
            if e.replacement is None:
                deleted.add(n)
            else:
                replacement = e.replacement
                lines[n - 1] = body[: m.start()] + replacement + body[m.end() :] + line[len(body) :]
            applied += 1
            break
    return "".join(line for i, line in enumerate(lines, start=1) if i not in deleted), applied


def plan_fixes(
    diagnostics: Iterable[Diagnostic], read: Callable[[str], str | None]
) -> list[FileFix]:
    """The fixed text of every file that has fixable diagnostics (nothing is written)."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        for e in d.fix:
            by_path.setdefault(e.path, []).append(d)
    out: list[FileFix] = []
    for path in sorted(by_path):
        text = read(path)
        if text is None:
            continue
        diags = by_path[path]
        edits = [e for d in diags for e in d.fix if e.path == path]
        fixed, applied = _apply(text, edits)
        if applied and fixed != text:
            out.append(FileFix(path, text, fixed, sorted({d.code for d in diags})))
    return out


def _check_parses(path: str, text: str) -> None:
    """Raise ParseError if ``text`` no longer parses as the kind of file ``path`` is."""
    kind = classify(path)
    if kind is FileKind.COMPOSE:
        from .parsers.compose import parse_compose

        parse_compose(text, path, {})
    elif kind is FileKind.ENV:
        from .parsers.env import parse_env

        env = parse_env(text, path)
        if env.problems:
            raise ParseError(env.problems[0].loc, env.problems[0].value)
    elif kind is FileKind.PGBOUNCER:
        from .parsers.pgbouncer import parse_pgbouncer

        parse_pgbouncer(text, path)


def write_atomically(
    path: str, text: str, *, before_replace: Callable[[str], None] | None = None
) -> None:
    """Write ``text`` over ``path`` via a temporary file in the same folder and a rename.

    The new file keeps the original's permission bits. ``before_replace`` (for tests)
    runs just before the rename; if anything raises, the temporary file is removed and
    the original stays as it was.
    """
    folder = os.path.dirname(os.path.abspath(path))
    st = os.stat(path)
    fd, tmp = tempfile.mkstemp(prefix=".tel3sis-lint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, st.st_mode & 0o7777)
        with open(tmp, "rb") as fh:
            _check_parses(path, decode(fh.read(), path))
        if before_replace is not None:
            before_replace(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def apply_fixes(fixes: Iterable[FileFix]) -> tuple[list[FileFix], list[tuple[FileFix, str]]]:
    """Write each fixed file; returns (written, failed with the reason)."""
    written: list[FileFix] = []
    failed: list[tuple[FileFix, str]] = []
    for fix in fixes:
        try:
            with open(fix.path, "rb") as fh:
                current = decode(fh.read(), fix.path)
            if current != fix.original:
                failed.append((fix, "the file changed while it was being linted"))
                continue
            write_atomically(fix.path, fix.fixed)
            written.append(fix)
        except ParseError as exc:
            failed.append((fix, f"the fixed file would not parse ({exc.message}); left unchanged"))
        except OSError as exc:
            failed.append((fix, f"cannot write: {exc.strerror}; left unchanged"))
    return written, failed
