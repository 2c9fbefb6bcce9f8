"""The fast .env reader agrees with python-dotenv on every file it accepts."""

from __future__ import annotations

import io

from dotenv.parser import parse_stream
from hypothesis import given, settings
from hypothesis import strategies as st

from tel3sis_lint.parsers.env import _parse_simple, parse_env

KEYS = st.sampled_from(["A", "DATABASE_URL", "export", "K_1", "x.y-z", "#C", "'Q'", "B C"])
VALUES = st.text(alphabet=" \t#='\"\\abc$x{}:", max_size=12)
LINE = st.one_of(
    st.builds(lambda k, v: f"{k}={v}", KEYS, VALUES),
    st.builds(lambda k, v: f"export {k}={v}", KEYS, VALUES),
    st.builds(lambda k, v: f"{k}='{v}'", KEYS, VALUES),
    st.builds(lambda k, v: f'{k}="{v}" # note', KEYS, VALUES),
    st.builds(lambda k: f"  {k}  ", KEYS),
    st.just("# comment"),
    st.just(""),
    st.builds(lambda k, v: f"{k} = {v}", KEYS, VALUES),
)
ENDING = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=8), ENDING)
def test_fast_reader_matches_python_dotenv(lines: list[str], ending: str) -> None:
    text = ending.join(lines) + (ending if lines else "")
    fast = _parse_simple(text, ".env")
    if fast is None:
        return  # python-dotenv reads this file itself
    reference = list(parse_stream(io.StringIO(text)))
    assert not any(b.error for b in reference)
    assert [(e.key, e.value) for e in fast] == [
        (b.key, b.value) for b in reference if b.key is not None
    ]
    slow = parse_env(text, ".env", fast=False)
    assert [(e.key, e.value, e.loc.line, e.loc.column, e.quote) for e in slow.entries] == [
        (e.key, e.value, e.loc.line, e.loc.column, e.quote) for e in fast
    ]


def test_fast_reader_lines_and_columns() -> None:
    env = parse_env("# c\n\nexport A='x' # c\r\n  B=2\n", ".env")
    assert [(e.key, e.value, e.loc.line, e.loc.column) for e in env.entries] == [
        ("A", "x", 3, 8),
        ("B", "2", 4, 3),
    ]
