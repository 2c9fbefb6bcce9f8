"""`.env` files through python-dotenv's own parser, so we read exactly what the app reads."""

from __future__ import annotations

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


def parse_env(text: str, path: str) -> EnvFile:
    """Parse a dotenv file; a line python-dotenv cannot read becomes a problem, not a failure."""
    entries: list[EnvEntry] = []
    problems: list[Located[str]] = []
    for binding in parse_stream(io.StringIO(text)):
        line = binding.original.line
        raw = binding.original.string
        # python-dotenv counts whitespace-only lines before a binding as part of it
        lead = _LEADING_BLANK.match(raw)
        if lead and lead.end():
            line += len(_BREAK.findall(lead.group(0)))
            raw = raw[lead.end() :]
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
    line_count = len(_BREAK.findall(text)) + (0 if not text or text.endswith(("\n", "\r")) else 1)
    return EnvFile(
        path=path,
        entries=tuple(entries),
        line_count=line_count,
        template=is_template(path),
        problems=tuple(problems),
        ends_with_newline=not text or text.endswith(("\n", "\r")),
    )
