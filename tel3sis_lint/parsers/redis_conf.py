"""redis.conf and sentinel.conf lines, split the way Redis splits them (sdssplitargs)."""

from __future__ import annotations

import re

from ..deployment import ConfDirective, Located, RedisConf, SentinelMonitor
from ..diagnostics import Location
from . import split_lines

_MONITOR_LINE = re.compile(r"(?mi)^\s*sentinel\s+monitor\s")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}


class _Unbalanced(Exception):
    pass


def looks_like_sentinel(text: str) -> bool:
    return _MONITOR_LINE.search(text) is not None


def split_args(line: str) -> list[str]:
    """Split a config line into arguments; raises _Unbalanced on a broken quote."""
    args: list[str] = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i].isspace():
            i += 1
        if i >= n:
            return args
        cur: list[str] = []
        quote = ""
        while i < n:
            c = line[i]
            if quote == '"':
                if c == "\\" and i + 1 < n:
                    nxt = line[i + 1]
                    if (
                        nxt == "x"
                        and i + 3 < n
                        and re.fullmatch(r"[0-9a-fA-F]{2}", line[i + 2 : i + 4])
                    ):
                        cur.append(chr(int(line[i + 2 : i + 4], 16)))
                        i += 4
                        continue
                    cur.append(_ESCAPES.get(nxt, nxt))
                    i += 2
                    continue
                if c == '"':
                    if i + 1 < n and not line[i + 1].isspace():
                        raise _Unbalanced  # closing quote must be followed by a space
                    i += 1
                    break
                cur.append(c)
            elif quote == "'":
                if c == "\\" and i + 1 < n and line[i + 1] == "'":
                    cur.append("'")
                    i += 2
                    continue
                if c == "'":
                    if i + 1 < n and not line[i + 1].isspace():
                        raise _Unbalanced
                    i += 1
                    break
                cur.append(c)
            else:
                if c.isspace():
                    break
                if c in "\"'" and not cur:
                    quote = c
                else:
                    cur.append(c)
            i += 1
        else:
            if quote:
                raise _Unbalanced
        args.append("".join(cur))


def _int(text: str) -> int | None:
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else None


def parse_redis_conf(text: str, path: str) -> RedisConf:
    directives: list[ConfDirective] = []
    monitors: list[SentinelMonitor] = []
    problems: list[Located[str]] = []
    lines = split_lines(text)
    for idx, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        col = len(line) - len(line.lstrip()) + 1
        loc = Location(path, idx, col)
        try:
            args = split_args(line)
        except _Unbalanced:
            problems.append(Located("unbalanced quotes in configuration line", loc))
            continue
        if not args:
            continue
        d = ConfDirective(args[0].lower(), tuple(args[1:]), loc)
        directives.append(d)
        if d.name == "sentinel" and d.args and d.args[0].lower() == "monitor":
            rest = d.args[1:]
            if len(rest) != 4:
                problems.append(
                    Located(
                        "'sentinel monitor' needs 4 arguments: <master-name> <host> <port> <quorum>"
                        f" (found {len(rest)})",
                        loc,
                    )
                )
                continue
            port, quorum = _int(rest[2]), _int(rest[3])
            if port is None or not 0 < port < 65536:
                problems.append(
                    Located(f"'sentinel monitor' port {rest[2]!r} is not a port number", loc)
                )
                continue
            if quorum is None or quorum < 1:
                problems.append(
                    Located(f"'sentinel monitor' quorum {rest[3]!r} is not a positive integer", loc)
                )
                continue
            monitors.append(SentinelMonitor(rest[0], rest[1], port, quorum, loc))
    return RedisConf(
        path=path,
        directives=tuple(directives),
        line_count=len(lines),
        monitors=tuple(monitors),
        problems=tuple(problems),
    )
