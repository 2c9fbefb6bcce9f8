"""Property tests: no input crashes a parser or the pipeline, and every location is in its file.

Two profiles. The fast one (the default, what CI runs) is derandomized, so a run is
deterministic, and keeps this file well under a minute on two cores. The long one draws
thousands of examples per parser, at random, and replays failures from Hypothesis's
example database (``.hypothesis/``):

    TEL3SIS_FUZZ=long python -m pytest tests/test_fuzz.py --hypothesis-show-statistics

(tests/test_secrets.py's masking property reads the same variable.) Inputs are arbitrary
text and bytes, and realistic fragments of each format mutated by inserting, deleting and
duplicating characters and lines, re-indenting lines, converting line endings, and
splicing in what breaks parsers: quotes, ``${``, YAML anchors, aliases and merge keys,
tabs, NUL, CR and CRLF, form feeds and Unicode line separators, invalid UTF-8, BOMs.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tel3sis_lint.diagnostics import Location
from tel3sis_lint.parsers import ParseError, decode
from tel3sis_lint.parsers.compose import parse_compose
from tel3sis_lint.parsers.env import parse_env
from tel3sis_lint.parsers.pgbouncer import parse_pgbouncer
from tel3sis_lint.parsers.redis_conf import parse_redis_conf
from tel3sis_lint.testing import run_cli

# --- profiles ----------------------------------------------------------------------------

MODE = os.environ.get("TEL3SIS_FUZZ", "fast").strip().lower() or "fast"
EXAMPLES = {
    # (per parser test, per pipeline test)
    "fast": (200, 100),
    "long": (5000, 2000),
}
if MODE not in EXAMPLES:
    raise RuntimeError(f"TEL3SIS_FUZZ={MODE!r}: use 'fast' (the default) or 'long'")

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
# derandomized: the same examples on every run, and no example database is read or written
settings.register_profile(
    "tel3sis-fuzz-fast", derandomize=True, deadline=None, suppress_health_check=_QUIET
)
settings.register_profile(
    "tel3sis-fuzz-long", deadline=None, suppress_health_check=_QUIET, print_blob=True
)
_PROFILE = settings.get_profile(f"tel3sis-fuzz-{MODE}")
PARSER = settings(_PROFILE, max_examples=EXAMPLES[MODE][0])
PIPELINE = settings(_PROFILE, max_examples=EXAMPLES[MODE][1])

# --- line arithmetic ---------------------------------------------------------------------

_BREAK = re.compile(r"\r\n|\r|\n")
_BYTE_BREAK = re.compile(rb"\r\n|\r|\n")


def line_count(text: str | bytes) -> int:
    """Lines as editors (and the linter's excerpts) count them: \\r\\n, \\r and \\n end one."""
    if isinstance(text, bytes):
        breaks, ends = len(_BYTE_BREAK.findall(text)), text.endswith((b"\r", b"\n"))
    else:
        breaks, ends = len(_BREAK.findall(text)), text.endswith(("\r", "\n"))
    return breaks + (1 if text and not ends else 0)


def assert_inside(loc: Location, path: str, lines: int, what: str) -> None:
    """A location names the file and a line of it (or the one after, for additions)."""
    assert loc.path == path, f"{what}: path {loc.path!r}, expected {path!r}"
    assert 1 <= loc.line <= lines + 1, f"{what}: line {loc.line} outside 1..{lines + 1}"
    assert loc.column >= 1, f"{what}: column {loc.column}"


def locations(obj: object) -> Iterator[Location]:
    """Every Location inside a parsed record (dataclasses, tuples, mappings)."""
    if isinstance(obj, Location):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from locations(getattr(obj, f.name))
    elif isinstance(obj, Mapping):
        for value in obj.values():
            yield from locations(value)
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from locations(item)


def check_parse(kind: str, text: str, path: str) -> None:
    """The parser returns its record, every location inside the file, or a located ParseError."""
    lines = line_count(text)
    try:
        record = PARSERS[kind][0](text, path)
    except ParseError as exc:
        event("ParseError")
        assert isinstance(exc.message, str) and exc.message
        assert_inside(exc.location, path, lines, f"ParseError {exc.message!r}")
        return
    event("record")
    for loc in locations(record):
        assert_inside(loc, path, lines, f"{type(record).__name__} location")
    counted = getattr(record, "line_count", None)
    if counted is not None:
        assert counted == lines, f"line_count {counted}, the file has {lines} lines"


# --- what these tests found ------------------------------------------------------------
# Each was a failure of the properties above, now fixed; the smallest example stays here.


# libyaml ends lines at NEL, LS and PS too; a syntax error's position must not count them
def test_compose_syntax_error_lines_ignore_unicode_line_separators() -> None:
    with pytest.raises(ParseError) as caught:
        parse_compose('x-note: "a\u2028b\u2028c"\nservices: [\n', "compose.yaml", {})
    assert caught.value.location.line == 3  # the end of the 2-line file


def test_pgbouncer_lines_are_counted_as_in_the_file() -> None:
    ini = parse_pgbouncer("[pgbouncer]\nlisten_addr = *\x0c\nbroken\n", "pgbouncer.ini")
    assert (ini.line_count, [p.loc.line for p in ini.problems]) == (3, [3])


def test_redis_conf_lines_are_counted_as_in_the_file() -> None:
    conf = parse_redis_conf("port 26379 \u2028\nsentinel monitor m h x 2\n", "sentinel.conf")
    assert (conf.line_count, [p.loc.line for p in conf.problems]) == (2, [2])


def test_compose_locations_ignore_unicode_line_separators() -> None:
    compose = parse_compose("x-note: 'a\u2028b'\nservices: {}\n", "compose.yaml", {})
    assert compose.root.key_loc("services").line == 2


def test_env_lines_after_a_broken_line_in_a_crlf_file() -> None:
    env = parse_env("bad line\r\nA=1\r\n", ".env")
    assert [(e.key, e.loc.line) for e in env.entries] == [("A", 2)]


# --- realistic fragments -----------------------------------------------------------------

COMPOSE = [
    """\
version: "3.8"
x-app: &app
  image: ghcr.io/acme/tel3sis:1.4.2
  env_file:
    - .env
  restart: unless-stopped
services:
  web:
    <<: *app
    command: uvicorn server.app:app --host 0.0.0.0 --port 3000
    ports:
      - "3000:3000"
  worker:
    <<: *app
    command: celery -A server.celery_app worker -c ${CELERY_WORKER_CONCURRENCY:-4} -Q default,calls
    deploy:
      replicas: 2
  beat:
    <<: *app
    command: ["celery", "-A", "server.celery_app", "beat", "--loglevel=info"]
""",
    """\
services:
  pgbouncer:
    image: edoburu/pgbouncer:v1.23.1-p2
    environment:
      DB_HOST: postgres
      DB_USER: app
      DB_PASSWORD: ${POSTGRES_PASSWORD:?set it}
      POOL_MODE: transaction
      MAX_CLIENT_CONN: "400"
    volumes:
      - ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro
  postgres:
    image: postgres:16-alpine
    environment:
      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}
      - POSTGRES_HOST_AUTH_METHOD=scram-sha-256
    ports: ["5432:5432"]
""",
    """\
services:
  redis:
    image: bitnami/redis:7.2
    environment: {REDIS_REPLICATION_MODE: master, REDIS_PASSWORD: "${REDIS_PASSWORD}"}
  redis-replica:
    image: redis:7.2-alpine
    command: >-
      redis-server --replicaof redis 6379
      --masterauth '$${REDIS_PASSWORD}'
    deploy: {replicas: 2}
  sentinel:
    image: redis:7.2-alpine
    command: redis-sentinel /etc/redis/sentinel.conf
    volumes:
      - type: bind
        source: ./sentinel-1.conf
        target: /etc/redis/sentinel.conf
    profiles: [ha]
    healthcheck:
      test: |
        redis-cli -p 26379 ping
""",
    """\
x-common: &common {restart: always}
x-env: &env
  CELERY_BROKER_URL: sentinel://:pw@s1:26379;sentinel://:pw@s2:26379
services:
  worker: &worker
    <<: [*common]
    image: app
    command: celery -A app worker -B --concurrency=2 -Q ${QUEUES}
    environment:
      <<: *env
      REDIS_URL: redis://:pw@redis:6379/0
  worker-2: !reset
    <<: *worker
    container_name: w2
""",
]

ENV = [
    """\
# TEL3SIS settings
BASE_URL=https://tel3sis.example.com
SECRET_KEY=Zp4Kx9Wq2Rm7Tc5Vb8Nh3Lj6
export DATABASE_URL="postgresql://app:pw@pgbouncer:6432/app"
REDIS_URL='redis://:pw@redis:6379/0'
CELERY_BROKER_URL=sentinel://:pw@s1:26379;sentinel://:pw@s2:26379
CELERY_RESULT_BACKEND=${REDIS_URL}  # falls back
CELERY_WORKER_CONCURRENCY=4
""",
    """\
DB_PASSWORD=s3cret
DATABASE_URL=postgresql+psycopg://app:${DB_PASSWORD}@pgbouncer:6432/app
MULTI="first line
second line"
EMPTY=
BARE
KEY: value
escaped="a \\" b \\n c"
""",
]

PGBOUNCER = [
    """\
;; PgBouncer in front of the database
[databases]
app = host=postgres port=5432 dbname=app
* = host=postgres

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
auth_type = scram-sha-256
auth_file = /etc/pgbouncer/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 1000 ; inline comment
%include /etc/pgbouncer/extra.ini
""",
    """\
[pgbouncer]
listen_addr = *
auth_query = SELECT usename, passwd FROM pg_shadow WHERE usename=$1
admin_users = postgres
max_prepared_statements = 100
[users]
app = pool_mode=session
""",
]

REDIS = [
    """\
port 26379
sentinel resolve-hostnames yes
sentinel monitor mymaster redis-primary 6379 2
sentinel auth-pass mymaster "pa ss\\x41"
sentinel down-after-milliseconds mymaster 5000
""",
    """\
bind 0.0.0.0
requirepass 'it''s'
masterauth secret
replicaof redis-primary 6379
save ""
appendonly yes
""",
]

# What breaks parsers: line structure, quoting, interpolation, YAML structure, odd bytes.
TOKENS = [
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "    ",
    "\x00",
    "'",
    '"',
    "\\",
    "${",
    "}",
    "$",
    "${VAR:-x}",
    "${VAR:?missing}",
    "$$",
    "&anchor ",
    "*anchor",
    "<<: *anchor\n",
    "<<: [*anchor, *other]\n",
    ": ",
    "- ",
    "? ",
    "#",
    "# tel3sis-lint: ignore[TL101] why\n",
    ";",
    "=",
    "[",
    "]",
    "{",
    "}",
    ",",
    "|",
    ">-",
    "---\n",
    "!!python/object/apply:os.system ['x']",
    "!reset ",
    "%include ",
    "[pgbouncer]\n",
    "sentinel monitor m h 6379 2\n",
    "\ufeff",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
    "\u2029",
    "\x1b[31m",
    "é",
    "\U0001f600",
]
TEXT_TOKENS = st.one_of(st.sampled_from(TOKENS), st.text(max_size=4))


@st.composite
def mutated(draw: st.DrawFn, fragments: list[str]) -> str:
    """A realistic fragment (or two glued), then a few edits a hostile or careless hand makes."""
    text = draw(st.sampled_from(fragments))
    if draw(st.booleans()):
        text += draw(st.sampled_from(fragments))
    for _ in range(draw(st.integers(0, 6))):
        text = draw(_edit(text))
    return text


def _edit(text: str) -> st.SearchStrategy[str]:
    n = len(text)
    pos = st.integers(0, n)

    def insert(at: int, token: str) -> str:
        return text[:at] + token + text[at:]

    def delete(at: int, size: int) -> str:
        return text[:at] + text[at + size :]

    def duplicate(at: int, size: int) -> str:
        return text[: at + size] + text[at : at + size] + text[at + size :]

    def line_op(op: str, i: int, j: int) -> str:
        lines = text.splitlines(keepends=True) or [""]
        i, j = i % len(lines), j % len(lines)
        if op == "dup":
            lines.insert(i, lines[i])
        elif op == "del":
            del lines[i]
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * (j % 5 + 1) + lines[i]
        elif op == "tab":
            lines[i] = "\t" + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip(" \t")
        return "".join(lines)

    def endings(to: str) -> str:
        return _BREAK.sub(to, text)

    return st.one_of(
        st.builds(insert, pos, TEXT_TOKENS),
        st.builds(delete, pos, st.integers(1, 8)),
        st.builds(duplicate, pos, st.integers(1, 12)),
        st.builds(
            line_op,
            st.sampled_from(["dup", "del", "swap", "indent", "tab", "dedent"]),
            st.integers(0, 200),
            st.integers(0, 200),
        ),
        st.builds(endings, st.sampled_from(["\r\n", "\r", "\n"])),
    )


# --- the parsers -------------------------------------------------------------------------

ENVIRONMENT = {"POSTGRES_PASSWORD": "pw", "REDIS_PASSWORD": "pw", "VAR": "value"}


def _compose(text: str, path: str) -> object:
    return parse_compose(text, path, ENVIRONMENT)


PARSERS: dict[str, tuple[Callable[[str, str], object], list[str], str]] = {
    "compose": (_compose, COMPOSE, "deploy/compose.yaml"),
    "env": (parse_env, ENV, "deploy/.env"),
    "pgbouncer": (parse_pgbouncer, PGBOUNCER, "deploy/pgbouncer.ini"),
    "redis": (parse_redis_conf, REDIS, "deploy/sentinel.conf"),
}
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
TOKEN_SOUP = st.lists(TEXT_TOKENS, max_size=40).map("".join)


@pytest.mark.parametrize("kind", sorted(PARSERS))
@PARSER
@given(data=st.data())
def test_parser_survives_arbitrary_text(kind: str, data: st.DataObject) -> None:
    path = PARSERS[kind][2]
    check_parse(kind, data.draw(st.one_of(ANY_TEXT, TOKEN_SOUP)), path)


@pytest.mark.parametrize("kind", sorted(PARSERS))
@PARSER
@given(data=st.data())
def test_parser_survives_mutated_fragments(kind: str, data: st.DataObject) -> None:
    _, fragments, path = PARSERS[kind]
    check_parse(kind, data.draw(mutated(fragments)), path)


def check_decode(data: bytes) -> None:
    lines = line_count(data)
    try:
        text = decode(data, "x/.env")
    except ParseError as exc:
        assert exc.message
        assert_inside(exc.location, "x/.env", lines, f"ParseError {exc.message!r}")
        return
    assert "\x00" not in text and not text.startswith("\ufeff")
    assert line_count(text) == lines


@PARSER
@given(st.binary(max_size=400))
def test_decode_survives_arbitrary_bytes(data: bytes) -> None:
    check_decode(data)


ALL_FRAGMENTS = COMPOSE + ENV + PGBOUNCER + REDIS


@st.composite
def mutated_bytes(draw: st.DrawFn, fragments: list[str]) -> bytes:
    """A mutated fragment encoded, with a BOM perhaps, then bytes no UTF-8 text holds."""
    data = draw(mutated(fragments)).encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        junk = draw(
            st.sampled_from([b"\xff", b"\xc3", b"\xe2\x80", b"\x00", b"\r", b"\xed\xa0\x80"])
        )
        data = data[:at] + junk + data[at:]
    return data


@PARSER
@given(mutated_bytes(ALL_FRAGMENTS))
def test_decode_survives_mutated_bytes(data: bytes) -> None:
    check_decode(data)


# --- the whole pipeline ------------------------------------------------------------------


def _worker(name: str, conc: str, queues: str, beat: bool, replicas: int) -> str:
    flags = " ".join(f for f in (conc, queues, "-B" if beat else "") if f)
    return (
        f"  {name}:\n    <<: *app\n    command: celery -A server.celery_app worker {flags}\n"
        f"    deploy:\n      replicas: {replicas}\n"
    )


PGBOUNCER_SERVICES = {
    "ini": "  pgbouncer:\n    image: edoburu/pgbouncer:v1.23.1-p2\n    volumes:\n"
    "      - ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro\n",
    "bitnami": "  pgbouncer:\n    image: bitnami/pgbouncer:1.23.1\n    environment:\n"
    "      - POSTGRESQL_HOST=postgres\n      - POSTGRESQL_PASSWORD=${POSTGRES_PASSWORD}\n"
    "      - PGBOUNCER_DATABASE=app\n      - PGBOUNCER_POOL_MODE=transaction\n"
    "      - PGBOUNCER_PORT=6432\n",
    "edoburu": "  pgbouncer:\n    image: edoburu/pgbouncer:v1.23.1-p2\n    environment:\n"
    "      DB_HOST: postgres\n      DB_PASSWORD: ${POSTGRES_PASSWORD}\n"
    "      POOL_MODE: transaction\n      MAX_CLIENT_CONN: '500'\n      LISTEN_PORT: '6432'\n",
}
REDIS_SERVICES = (
    "  redis-primary:\n    image: redis:7.2-alpine\n"
    "    command: redis-server --requirepass ${REDIS_PASSWORD} --masterauth ${REDIS_PASSWORD}\n"
    "  redis-replica:\n    image: redis:7.2-alpine\n"
    "    command: redis-server --replicaof redis-primary 6379 --masterauth ${REDIS_PASSWORD}\n"
    "    ports:\n      - '6379:6379'\n"
)
URLS = {
    "DATABASE_URL": [
        "postgresql://app:pw@pgbouncer:6432/app",
        "postgresql://app:pw@postgres:5432/app",
        "postgres://app@pgbouncer/app",
        "db+postgresql://u:pw@h/db",
    ],
    "REDIS_URL": [
        "redis://:pw@redis-primary:6379/0",
        "redis://mymaster/0",
        "rediss://user:pw@redis-primary",
        "sentinel://:pw@s1:26379;sentinel://:pw@s2:26379",
    ],
    "CELERY_BROKER_URL": ["redis://redis-primary:6379/1", "amqp://u:pw@rabbit//", "${REDIS_URL}"],
}


def _sentinel_conf(quorum: int) -> str:
    return (
        "port 26379\nsentinel resolve-hostnames yes\n"
        f"sentinel monitor mymaster redis-primary 6379 {quorum}\n"
        "sentinel auth-pass mymaster pw\nsentinel down-after-milliseconds mymaster 5000\n"
    )


@st.composite
def deployments(draw: st.DrawFn) -> dict[str, bytes]:
    """A deployment folder built from realistic service fragments, then mutated byte-wise."""
    files: dict[str, str] = {}
    services = [
        "  web:\n    <<: *app\n    command: uvicorn server.app:app --port 3000\n"
        "    ports: ['3000:3000']\n"
    ]
    for i in range(draw(st.integers(0, 2))):
        services.append(
            _worker(
                f"worker-{i}",
                draw(st.sampled_from(["", "-c 4", "--concurrency=0", "-c ${CONC:-2}"])),
                draw(st.sampled_from(["", "-Q default", "-Q default,calls"])),
                draw(st.booleans()),
                draw(st.integers(1, 3)),
            )
        )
    if draw(st.booleans()):
        services.append("  beat:\n    <<: *app\n    command: celery -A server.celery_app beat\n")
    flavor = draw(st.sampled_from([None, *PGBOUNCER_SERVICES]))
    if flavor:
        services.append(PGBOUNCER_SERVICES[flavor])
        if flavor == "ini":
            files["pgbouncer.ini"] = draw(st.sampled_from(PGBOUNCER))
    services.append(
        "  postgres:\n    image: postgres:16-alpine\n    environment:\n"
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n"
    )
    if draw(st.booleans()):
        services.append(REDIS_SERVICES)
    for i in range(1, draw(st.integers(0, 3)) + 1):
        services.append(
            f"  s{i}:\n    image: redis:7.2-alpine\n    command: redis-sentinel /etc/s.conf\n"
            f"    volumes:\n      - ./sentinel-{i}.conf:/etc/s.conf\n"
        )
        files[f"sentinel-{i}.conf"] = _sentinel_conf(draw(st.integers(1, 4)))
    env_name = draw(st.sampled_from([".env", "app.env"]))
    header = f"x-app: &app\n  image: ghcr.io/acme/tel3sis:1.4.2\n  env_file: {env_name}\n"
    version = draw(st.sampled_from(["", "version: '3.8'\n"]))
    files["compose.yaml"] = version + header + "services:\n" + "".join(services)
    env_lines = ["BASE_URL=https://x.example.com", "POSTGRES_PASSWORD=pw", "REDIS_PASSWORD=pw"]
    for key, choices in URLS.items():
        if draw(st.booleans()):
            env_lines.append(f"{key}={draw(st.sampled_from(choices))}")
    files[env_name] = "\n".join(env_lines) + "\n"
    if env_name != ".env" and draw(st.booleans()):
        files[".env"] = "CONC=3\nQUEUES=default\n"
    # text edits first (structure), then byte edits (encoding, endings, BOM)
    out: dict[str, bytes] = {}
    for name, text in files.items():
        for _ in range(draw(st.integers(0, 3))):
            text = draw(_edit(text))
        ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
        data = _BREAK.sub(ending, text).encode("utf-8")
        if draw(st.integers(0, 9)) == 0:
            data = b"\xef\xbb\xbf" + data
        if draw(st.integers(0, 9)) == 0:
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from([b"\xff", b"\x00", b"\xc3("])) + data[at:]
        out[name] = data
    return out


def _check_report(files: Mapping[str, bytes], code: int, out: str, err: str) -> None:
    assert code in (0, 1), (code, err)
    assert "Traceback" not in out + err
    report: Any = json.loads(out)
    assert isinstance(report, list)
    keys = [(d["path"], d["line"], d["code"]) for d in report]
    assert keys == sorted(keys), "not sorted by (path, line, code)"
    for d in report:
        for loc in (d, *d["related"]):
            data = files.get(loc["path"])
            if data is None:
                continue  # a file the run names but did not read (a missing env_file)
            lines = line_count(data)
            where = f"{d['code']} at {loc['path']}:{loc['line']} ({d['message']})"
            assert 1 <= loc["line"] <= lines + 1, f"{where}: outside 1..{lines + 1}"
            assert loc["column"] >= 1, where


@PIPELINE
@given(deployments())
def test_pipeline_survives_generated_deployments(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in files.items():
            (root / name).write_bytes(data)
        first = run_cli(["--format", "json", "."], cwd=root)
        _check_report(files, *first)
        assert run_cli(["--format", "json", "."], cwd=root) == first, "not deterministic"
