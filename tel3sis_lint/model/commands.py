"""Commands as argv, shell wrappers unwrapped, and what a Celery invocation asks for."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

_SHELL_SPECIAL = re.compile(r"[\"'\\#]")
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
_SEPARATORS = re.compile(r"\s*(?:&&|\|\||;|\||\n)\s*")
_ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# Celery's global options that take a value (celery [OPTIONS] COMMAND ...).
_GLOBAL_WITH_VALUE = frozenset(
    {"-A", "--app", "-b", "--broker", "--result-backend", "--loader", "--config", "--workdir"}
)


def split_command(text: str) -> list[str]:
    """Split a string command the way Compose does (shell-like words, no shell)."""
    if not _SHELL_SPECIAL.search(text):
        return text.split()  # no quotes, escapes or comments: words are what whitespace says
    try:
        return shlex.split(text, comments=False, posix=True)
    except ValueError:
        return text.split()


def segments(argv: list[str]) -> list[list[str]]:
    """The simple commands an argv runs: itself, or the parts of an ``sh -c 'script'``."""
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    if base in _SHELLS:
        for i, arg in enumerate(argv[1:], start=1):
            if arg.startswith("-") and "c" in arg[1:] and i + 1 < len(argv):
                out: list[list[str]] = []
                for part in _SEPARATORS.split(argv[i + 1]):
                    words = split_command(part)
                    while words and (words[0] == "exec" or _ASSIGN.match(words[0])):
                        words = words[1:]
                    if words:
                        out.extend(segments(words))
                return out
    return [argv]


@dataclass(frozen=True, slots=True)
class CeleryCall:
    """One ``celery ... worker|beat`` invocation found in a service's command."""

    subcommand: str  # worker, beat, flower, ...
    concurrency: str | None = None  # the text given to -c/--concurrency (or --autoscale)
    queues: tuple[str, ...] | None = None  # -Q/--queues; None: the default queue only
    embedded_beat: bool = False  # worker -B/--beat
    autoscale: bool = False
    pool: str | None = None  # -P/--pool (prefork, solo, threads, gevent, eventlet)


def _value(words: list[str], i: int, short: str, long: str) -> tuple[str | None, int]:
    """If words[i] is ``short``/``long`` with a value, return (value, consumed)."""
    w = words[i]
    if w in (short, long):
        return (words[i + 1] if i + 1 < len(words) else "", 2)
    if w.startswith(long + "="):
        return (w[len(long) + 1 :], 1)
    if short and w.startswith(short) and not w.startswith("--") and len(w) > len(short):
        rest = w[len(short) :]
        return (rest[1:] if rest.startswith("=") else rest, 1)
    return (None, 0)


def find_celery(argv: list[str], wrappers: tuple[str, ...] = ()) -> CeleryCall | None:
    """The Celery worker/beat/other call in ``argv`` (after unwrapping shells), if any."""
    for words in segments(argv):
        call = _celery_in(words, wrappers)
        if call is not None:
            return call
    return None


def _celery_in(words: list[str], wrappers: tuple[str, ...]) -> CeleryCall | None:
    start = None
    for i, w in enumerate(words):
        base = w.rsplit("/", 1)[-1]
        if base == "celery" or (base == "-m" and i + 1 < len(words) and words[i + 1] == "celery"):
            start = i + 1 if base == "celery" else i + 2
            break
    if start is None:
        joined = " ".join(words)
        for pattern in wrappers:
            m = re.search(pattern, joined)
            if m:
                rest = split_command(joined[m.end() :])
                return _options(m.groupdict().get("sub") or "worker", rest)
        return None
    i = start
    while i < len(words):
        w = words[i]
        if w.startswith("-"):
            name = w.split("=", 1)[0]
            i += 2 if (name in _GLOBAL_WITH_VALUE and "=" not in w and len(name) == len(w)) else 1
            continue
        return _options(w, words[i + 1 :])
    return None


def _options(sub: str, words: list[str]) -> CeleryCall:
    concurrency: str | None = None
    queues: tuple[str, ...] | None = None
    beat = False
    autoscale = False
    pool: str | None = None
    i = 0
    while i < len(words):
        w = words[i]
        val, used = _value(words, i, "-c", "--concurrency")
        if used:
            concurrency = val
            i += used
            continue
        val, used = _value(words, i, "-Q", "--queues")
        if used:
            queues = tuple(q for q in (val or "").split(",") if q)
            i += used
            continue
        val, used = _value(words, i, "", "--autoscale")
        if used:
            autoscale = True
            i += used
            continue
        val, used = _value(words, i, "-P", "--pool")
        if used:
            pool = (val or "").lower() or None
            i += used
            continue
        # -B alone, or clustered with the other value-less short flags (-BE, -EB, -DB)
        if w == "--beat" or re.fullmatch(r"-[BED]*B[BED]*", w):
            beat = True
        i += 1
    return CeleryCall(sub, concurrency, queues, beat, autoscale, pool)
