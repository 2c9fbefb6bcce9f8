"""`.env` files through python-dotenv's own parser, so we read exactly what the app reads."""

from __future__ import annotations

import bisect
import io
import re

from dotenv.parser import parse_stream

from ..deployment import EnvEntry, EnvFile, Located
from ..diagnostics import Location

TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist")
_KEY_AT = re.compile(r"^[ \t]*(?:export[ \t]+)?")
_LEADING_BLANK = re.compile(r"^(?:[ \t]*(?:\r\n|\r|\n))*")
_COLON = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*:[ \t]+([^\r\n]*)")
_BREAK = re.compile(r"\r\n|\r|\n")


def is_template(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return name.endswith(TEMPLATE_SUFFIXES)


def _quote_of(raw: str, key: str) -> str:
    _, sep, rest = raw.partition("=")
    if not sep:
        return ""
    rest = rest.lstrip(" \t")
    return rest[:1] if rest[:1] in ("'", '"') else ""


# The line shapes that make up nearly every real .env, read exactly as python-dotenv reads
# them: `KEY=value # comment`, `export KEY='v'`, `KEY="v"` with no escapes, comments and
# blank lines. A file with any other line (multi-line quotes, escapes, `KEY: v`, a broken
# line) goes through python-dotenv itself. python-dotenv's cost grows faster than the file
# (it counts lines from the start for every binding); this path is linear.
_SIMPLE = re.compile(
    r"""[ \t]*(?:(?P<export>export[ \t]+)?(?P<key>[^='"\#\s]+)(?:=[ \t]*(?:"""
    r"""'(?P<sq>[^'\\\r\n]*)'[ \t]*(?:\#[^\r\n]*)?"""
    r"""|"(?P<dq>[^"\\\r\n]*)"[ \t]*(?:\#[^\r\n]*)?"""
    r"""|(?P<uq>[^'"\\\r\n]*)))?[ \t]*|\#[^\r\n]*)?"""
)
_TRAILING_COMMENT = re.compile(r"\s+#.*")


def _parse_simple(text: str, path: str) -> list[EnvEntry] | None:
    entries: list[EnvEntry] = []
    for number, line in enumerate(_BREAK.split(text), start=1):
        m = _SIMPLE.fullmatch(line)
        if m is None:
            return None
        key = m["key"]
        if key is None:
            continue
        if (
            key == "export"
            and m["export"] is None
            and line[m.end("key") : m.end("key") + 1] in (" ", "\t")
        ):
            return None  # python-dotenv reads `export ` as the prefix and then finds no key
        if m["sq"] is not None:
            value, quote = m["sq"], "'"
        elif m["dq"] is not None:
            value, quote = m["dq"], '"'
        elif m["uq"] is not None:
            value, quote = _TRAILING_COMMENT.sub("", m["uq"]).rstrip(), ""
        elif "=" in line:
            value, quote = "", ""
        else:
            value, quote = None, ""
        entries.append(
            EnvEntry(key, value, Location(path, number, m.start("key") + 1), line + "\n", quote)
        )
    return entries


def parse_env(text: str, path: str, fast: bool = True) -> EnvFile:
    """Parse a dotenv file; a line python-dotenv cannot read becomes a problem, not a failure.

    ``fast=False`` always goes through python-dotenv (the tests compare the two paths).
    """
    simple = _parse_simple(text, path) if fast else None
    if simple is not None:
        return _env_file(text, path, simple, [])
    entries: list[EnvEntry] = []
    problems: list[Located[str]] = []
    # Lines are counted from each binding's offset in the text, as editors count them
    # (python-dotenv's own count drifts after a broken line in a CRLF file).
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    offset = 0
    for binding in parse_stream(io.StringIO(text)):
        raw = binding.original.string
        start = offset
        offset += len(raw)
        # python-dotenv counts whitespace-only lines before a binding as part of it
        lead = _LEADING_BLANK.match(raw)
        if lead and lead.end():
            start += lead.end()
            raw = raw[lead.end() :]
        line = bisect.bisect_right(starts, start)
        if binding.error:
            colon = _COLON.match(raw)
            if colon:
                value = colon.group(2).strip()
                quote = value[:1] if value[:1] in ("'", '"') and value.endswith(value[:1]) else ""
                entries.append(
                    EnvEntry(
                        key=colon.group(1),
                        value=value[1:-1] if quote and len(value) > 1 else value,
                        loc=Location(path, line, colon.start(1) + 1),
                        raw=raw,
                        quote=quote,
                        colon=True,
                    )
                )
                continue
            problems.append(
                Located(
                    "python-dotenv cannot parse this line (expected KEY=value)",
                    Location(path, line, 1),
                )
            )
            continue
        if binding.key is None:
            continue  # blank line or comment
        m = _KEY_AT.match(raw)
        col = (m.end() if m else 0) + 1
        entries.append(
            EnvEntry(
                key=binding.key,
                value=binding.value,
                loc=Location(path, line, col),
                raw=raw,
                quote=_quote_of(raw, binding.key),
            )
        )
    return _env_file(text, path, entries, problems)


def _env_file(
    text: str, path: str, entries: list[EnvEntry], problems: list[Located[str]]
) -> EnvFile:
    line_count = len(_BREAK.findall(text)) + (0 if not text or text.endswith(("\n", "\r")) else 1)
    return EnvFile(
        path=path,
        entries=tuple(entries),
        line_count=line_count,
        template=is_template(path),
        problems=tuple(problems),
        ends_with_newline=not text or text.endswith(("\n", "\r")),
    )
