"""Compose variable interpolation, as Compose itself does it.

``$$`` is a literal ``$``; ``$VAR`` and ``${VAR}`` take the value (a warning and an empty
string when unset); ``${VAR:-d}`` / ``${VAR-d}`` fall back to ``d`` when VAR is unset or
empty / unset; ``${VAR:?msg}`` / ``${VAR?msg}`` make Compose refuse to run when VAR is
unset or empty / unset; ``${VAR:+alt}`` / ``${VAR+alt}`` give ``alt`` when VAR is set and
non-empty / set. Defaults may themselves hold interpolations. A ``$`` followed by
anything else is kept as written; ``${`` that does not form a valid expression is an
"invalid template" error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Variables Compose always provides to interpolation, and those every login shell
# exports to the `docker compose` process (HOME, PWD, USER...; not UID, which bash
# does not export).
BUILTIN_VARIABLES = frozenset(
    {
        "COMPOSE_PROJECT_NAME",
        "COMPOSE_FILE",
        "COMPOSE_PROFILES",
        "COMPOSE_PATH_SEPARATOR",
        "HOME",
        "PWD",
        "USER",
        "LOGNAME",
        "PATH",
        "SHELL",
        "LANG",
        "TERM",
    }
)


class TemplateError(ValueError):
    """An invalid ``${...}`` expression; ``token`` is the offending text."""

    def __init__(self, message: str, token: str) -> None:
        super().__init__(message)
        self.token = token


@dataclass(frozen=True, slots=True)
class Miss:
    """A variable that had no value: ``token`` is the text as written (``${VAR}``)."""

    name: str
    token: str
    required: bool = False  # from ${VAR:?msg} / ${VAR?msg}: Compose refuses to run


def _braced_end(text: str, start: int) -> int:
    """Index of the '}' closing the '${' at ``start``, honouring nested '${...}'."""
    depth = 0
    i = start
    n = len(text)
    while i < n:
        if text.startswith("${", i):
            depth += 1
            i += 2
            continue
        c = text[i]
        if c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def interpolate(text: str, env: Mapping[str, str], misses: list[Miss] | None = None) -> str:
    """Interpolate ``text``; variables without a value are appended to ``misses``."""
    if "$" not in text:
        return text
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        j = text.find("$", i)
        if j < 0:
            out.append(text[i:])
            break
        out.append(text[i:j])
        if j + 1 >= n:
            out.append("$")
            break
        nxt = text[j + 1]
        if nxt == "$":
            out.append("$")
            i = j + 2
            continue
        if nxt == "{":
            end = _braced_end(text, j)
            if end < 0:
                raise TemplateError("invalid interpolation: a '${' that is never closed", text[j:])
            token = text[j : end + 1]
            out.append(_braced(token, env, misses))
            i = end + 1
            continue
        m = _NAME.match(text, j + 1)
        if m is None:
            out.append("$")  # '$(' '$4' '$ ' are kept as written
            i = j + 1
            continue
        name = m.group(0)
        token = text[j : m.end()]
        if name in env:
            out.append(env[name])
        else:
            if misses is not None and name not in BUILTIN_VARIABLES:
                misses.append(Miss(name, token))
            out.append("")
        i = m.end()
    return "".join(out)


def _braced(token: str, env: Mapping[str, str], misses: list[Miss] | None) -> str:
    body = token[2:-1]
    m = _NAME.match(body)
    if m is None:
        raise TemplateError(
            "invalid interpolation format: Compose cannot read this '${...}'", token
        )
    name = m.group(0)
    rest = body[m.end() :]
    value = env.get(name)
    if name in BUILTIN_VARIABLES and value is None:
        value = ""  # Compose sets these itself (the project name defaults to the folder)
    if not rest:
        if value is None:
            if misses is not None:
                misses.append(Miss(name, token))
            return ""
        return value
    op = rest[:2] if rest[:1] == ":" else rest[:1]
    arg = rest[len(op) :]
    if op not in (":-", "-", ":?", "?", ":+", "+"):
        raise TemplateError(
            "invalid interpolation format: Compose cannot read this '${...}'", token
        )
    if op in (":-", "-"):
        unset = value is None or (op == ":-" and value == "")
        return interpolate(arg, env, misses) if unset else (value or "")
    if op in (":?", "?"):
        unset = value is None or (op == ":?" and value == "")
        if unset:
            if misses is not None:
                misses.append(Miss(name, token, required=True))
            return ""
        return value or ""
    is_set = value is not None and (op == "+" or value != "")
    return interpolate(arg, env, misses) if is_set else ""
