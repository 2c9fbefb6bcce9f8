"""The .env, pgbouncer.ini and redis/sentinel conf parsers, and byte-level decoding."""

from __future__ import annotations

import pytest

from tel3sis_lint.parsers import ParseError, decode
from tel3sis_lint.parsers.env import parse_env
from tel3sis_lint.parsers.pgbouncer import parse_pgbouncer
from tel3sis_lint.parsers.redis_conf import parse_redis_conf, split_args


def test_env_entries_keep_key_positions_and_quotes() -> None:
    env = parse_env("# c\nA=1\n  export B='x y'\nC=\"multi\nline\"\nD\n", ".env")
    assert [(e.key, e.value, e.loc.line, e.loc.column, e.quote) for e in env.entries] == [
        ("A", "1", 2, 1, ""),
        ("B", "x y", 3, 10, "'"),
        ("C", "multi\nline", 4, 1, '"'),
        ("D", None, 6, 1, ""),
    ]
    assert env.problems == ()


def test_env_broken_line_is_a_located_problem_and_parsing_goes_on() -> None:
    env = parse_env("A=1\nthis is not env\nB=2\n", ".env")
    assert [e.key for e in env.entries] == ["A", "B"]
    assert [(p.loc.line, p.value) for p in env.problems] == [
        (2, "python-dotenv cannot parse this line (expected KEY=value)")
    ]


@pytest.mark.parametrize(
    "name", [".env.example", "x/.env.sample", ".env.template", "backend.env.dist"]
)
def test_templates_are_recognised_by_name(name: str) -> None:
    assert parse_env("A=\n", name).template


def test_pgbouncer_keeps_inline_comments_as_part_of_the_value() -> None:
    ini = parse_pgbouncer(
        "; comment\n[databases]\n* = host=db\n\n[pgbouncer]\nlisten_port = 6432\n"
        "default_pool_size = 20 ; per pool\n# another\n",
        "pgbouncer.ini",
    )
    pgb = ini.section("pgbouncer")
    assert pgb is not None
    assert pgb.get("default_pool_size").value == "20 ; per pool"  # type: ignore[union-attr]
    assert pgb.get("default_pool_size").value_loc.column == 21  # type: ignore[union-attr]
    assert [s.key for s in ini.section("databases").settings] == ["*"]  # type: ignore[union-attr]


def test_pgbouncer_broken_lines_are_problems() -> None:
    ini = parse_pgbouncer("orphan = 1\n[pgbouncer\n[pgbouncer]\nnot a setting\n", "p.ini")
    assert [(p.loc.line, p.value) for p in ini.problems] == [
        (1, "setting outside of any [section]"),
        (2, "broken section header (missing ']')"),
        (4, "PgBouncer cannot parse this line (expected 'key = value')"),
    ]


@pytest.mark.parametrize(
    ("line", "args"),
    [
        ('logfile ""', ["logfile", ""]),
        (
            "sentinel monitor m 10.0.0.1 6379 2",
            ["sentinel", "monitor", "m", "10.0.0.1", "6379", "2"],
        ),
        ('requirepass "a b\\x41"', ["requirepass", "a bA"]),
        ("rename-command 'CONFIG' ''", ["rename-command", "CONFIG", ""]),
    ],
)
def test_conf_lines_split_like_redis(line: str, args: list[str]) -> None:
    assert split_args(line) == args


def test_sentinel_monitor_lines_are_decoded_and_checked() -> None:
    conf = parse_redis_conf(
        "port 26379\nsentinel monitor mymaster redis 6379 2\nsentinel monitor bad redis 6379\n"
        'sentinel monitor bad2 redis x 2\nsentinel monitor bad3 redis 6379 two\nfoo "unbalanced\n',
        "sentinel.conf",
    )
    assert [(m.master, m.host, m.port, m.quorum, m.loc.line) for m in conf.monitors] == [
        ("mymaster", "redis", 6379, 2, 2)
    ]
    assert [(p.loc.line, p.value) for p in conf.problems] == [
        (3, "'sentinel monitor' needs 4 arguments: <master-name> <host> <port> <quorum> (found 3)"),
        (4, "'sentinel monitor' port 'x' is not a port number"),
        (5, "'sentinel monitor' quorum 'two' is not a positive integer"),
        (6, "unbalanced quotes in configuration line"),
    ]


def test_decode_rejects_binary_and_bad_utf8_with_a_location() -> None:
    with pytest.raises(ParseError) as err:
        decode(b"A=1\nB=\x00\n", ".env")
    assert err.value.location.line == 2
    with pytest.raises(ParseError) as err:
        decode(b"A=1\nB=\xff\n", ".env")
    assert (err.value.location.line, err.value.location.column) == (2, 3)
    assert err.value.message == "not valid UTF-8 (byte 0xff)"


def test_decode_drops_bom_and_keeps_line_endings() -> None:
    assert decode("\ufeffA=1\r\n".encode(), ".env") == "A=1\r\n"
