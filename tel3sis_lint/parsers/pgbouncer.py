"""pgbouncer.ini as PgBouncer reads it: comments only at line start, no inline comments."""

from __future__ import annotations

import re

from ..deployment import IniSection, IniSetting, Located, PgBouncerIni
from ..diagnostics import Location
from . import ParseError, split_lines

_NAMED_SECTIONS = frozenset({"databases", "users", "peers"})
_SECTION = re.compile(r"^\s*\[\s*([^\]]*?)\s*\]\s*$")
_SETTING = re.compile(r"^(\s*)([^=\s][^=]*?)\s*=\s*(.*?)\s*$")


def has_pgbouncer_section(text: str) -> bool:
    return re.search(r"(?mi)^\s*\[pgbouncer\]\s*$", text) is not None


def parse_pgbouncer(text: str, path: str) -> PgBouncerIni:
    sections: list[IniSection] = []
    problems: list[Located[str]] = []
    name: str | None = None
    name_loc = Location(path)
    settings: list[IniSetting] = []
    lines = split_lines(text)
    for idx, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in ";#":
            continue
        if stripped.startswith("%include"):
            continue
        m = _SECTION.match(line)
        if m:
            if name is not None:
                sections.append(IniSection(name, name_loc, tuple(settings)))
            name = m.group(1).lower()
            name_loc = Location(path, idx, line.index("[") + 1)
            settings = []
            continue
        if stripped.startswith("["):
            problems.append(Located("broken section header (missing ']')", Location(path, idx, 1)))
            continue
        m = _SETTING.match(line)
        if not m:
            problems.append(
                Located(
                    "PgBouncer cannot parse this line (expected 'key = value')",
                    Location(path, idx, len(line) - len(line.lstrip()) + 1),
                )
            )
            continue
        if name is None:
            problems.append(
                Located(
                    "setting outside of any [section]", Location(path, idx, len(m.group(1)) + 1)
                )
            )
            continue
        key_col = len(m.group(1)) + 1
        value_col = line.find(m.group(3), line.index("=")) + 1 if m.group(3) else len(line) + 1
        key = m.group(2).strip()
        settings.append(
            IniSetting(
                # database and user names are case-sensitive; setting names are not
                key=key if name in _NAMED_SECTIONS else key.lower(),
                value=m.group(3),
                loc=Location(path, idx, key_col),
                value_loc=Location(path, idx, value_col),
            )
        )
    if name is not None:
        sections.append(IniSection(name, name_loc, tuple(settings)))
    if not sections and text.strip() and not problems:
        raise ParseError(Location(path), "no [section] found; not an INI file")
    return PgBouncerIni(
        path=path, sections=tuple(sections), line_count=len(lines), problems=tuple(problems)
    )
