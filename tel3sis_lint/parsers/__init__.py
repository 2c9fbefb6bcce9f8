"""Parsers: text in, typed records with locations out; failures become ParseError (TL001)."""

from __future__ import annotations

import re

from ..diagnostics import Location

MAX_FILE_BYTES = 16 * 1024 * 1024


class ParseError(Exception):
    """A file (or the part of it at ``location``) cannot be read as its kind."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as editors count them: \r\n, \r and \n end a line, and nothing else does
    (str.splitlines also breaks at form feeds and Unicode separators)."""
    lines = _BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset; \r\n, \r and \n each end a line."""
    head = data[:offset]
    breaks = list(re.finditer(rb"\r\n|\r|\n", head))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - start + 1


def decode(data: bytes, path: str) -> str:
    """Bytes to text the way our parsers want it: UTF-8, BOM dropped, line endings kept.

    Raises ParseError for binary content, non-UTF-8 text and oversized files.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ParseError(
            Location(path),
            f"file is {len(data) // (1024 * 1024)} MiB, over the {MAX_FILE_BYTES // (1024 * 1024)}"
            " MiB limit for config files; not linted",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, _ = _position(data, nul)
        raise ParseError(Location(path, line), "binary content (NUL byte); not a text config file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        raise ParseError(
            Location(path, line, col), f"not valid UTF-8 (byte 0x{data[exc.start]:02x})"
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text
