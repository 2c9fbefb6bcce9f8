"""No secret leaves the linter: one planted in every place a secret lives, every output checked.

Each secret is distinct and names where it was planted, so a leak says which place leaked.
Nearly every line that holds one is reported (TL403, TL002, TL001...), so the source
excerpts, snippets, messages and diff context all see the secret-bearing text.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tel3sis_lint.masking import mask_text
from tel3sis_lint.testing import lint_tree, run_cli

FORMATS = ("text", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")

# secret -> where it must be reported: "line" (a diagnostic on its line), "related" (a
# diagnostic names its line as a related location) or "" (a valid line no rule reports)
SECRETS: dict[str, str] = {}


def S(tag: str, where: str = "line", tail: str = "") -> str:
    """A distinctive secret; ``tail`` adds punctuation and a second distinctive part."""
    n = len(SECRETS)
    secret = f"Hq{n:02d}{tag}Zv" + tail.replace("@", f"Hq{n:02d}Tail")
    SECRETS[secret] = where
    return secret


def fragments(secret: str) -> list[str]:
    """The parts of a secret that must not appear, whatever punctuation split it."""
    return re.findall(r"[A-Za-z0-9]{6,}", secret)


ENV = f"""\
# URLs with passwords, each form set twice: the second line is a duplicate (TL403)
DATABASE_URL=postgresql://app:{S("PgUrlFirst", "related")}@pgbouncer:6432/app
DATABASE_URL=postgresql://app:{S("PgUrl")}@pgbouncer:6432/app
DATABASE_URL=db+postgresql://app:{S("DbPlusUrl")}@pgbouncer:6432/app
DATABASE_URL=postgresql://app@pgbouncer:6432/app?sslmode=require&password={S("QueryPw")}
DATABASE_URL=postgresql://app:{S("PctUrl", tail="%40@")}@pgbouncer:6432/app
REDIS_URL=redis://redis:6379/0
REDIS_URL=redis://:{S("RedisUrl")}@redis:6379/0
REDIS_URL=rediss://default:{S("RedissUrl")}@redis:6380/0
CELERY_BROKER_URL=redis://redis:6379/1
CELERY_BROKER_URL=sentinel://:{S("SentinelA")}@s1:26379;sentinel://:{S("SentinelB")}@s2:26379
CELERY_BROKER_URL=amqp://app:{S("AmqpUrl")}@rabbit//
# values of secret-looking keys
SECRET_KEY=dev
SECRET_KEY={S("SecretKey")}
DB_PASSWORD=x
DB_PASSWORD={S("DbPassword")}
export DB_PASSWORD='{S("QuotedPw", tail=" and @")}'
DB_PASSWORD="{S("SpacedPw", tail=", @; #@")}"
DB_PASSWORD={S("CommaPw", tail=",@;@")}
TWILIO_AUTH_TOKEN=x
TWILIO_AUTH_TOKEN={S("AuthToken")}
STRIPE_API_KEY=x
STRIPE_API_KEY={S("ApiKey")}  # with a comment
"""

COMPOSE = f"""\
version: "3.8"
x-redis-password: &redispw {S("AnchorPw", "")}
services:
  worker:
    image: app:1
    command: celery -A app worker -c 2
    env_file: secrets.env
    environment:
      DB_PASSWORD: x
      DB_PASSWORD: {S("MapPw")}
      APP_SECRET: x
      APP_SECRET: "{S("MapQuoted", tail=" @")}"
      GITHUB_TOKEN: x
      GITHUB_TOKEN: &tok '{S("MapAnchored")}'
      DATABASE_URL: postgresql://app:{S("MapUrl")}@pgbouncer:6432/app${{UNSET_TL_A}}
  beat:
    image: app:1
    command: celery -A app beat
    environment:
      - DB_PASSWORD={S("ListPw")}${{UNSET_TL_B}}
      - "REDIS_URL=redis://:{S("ListUrl")}@redis:6379/${{UNSET_TL_C}}"
      - SIGNING_KEY={S("ListKey")}-${{UNSET_TL_D}}
  redis:
    image: redis:7.2
    command: redis-server --requirepass {S("CmdPass")} --port ${{UNSET_TL_E}}
    healthcheck:
      test: ["CMD", "redis-cli", "-a", "{S("CliPass")}", "ping", "${{UNSET_TL_F}}"]
  redis-replica:
    image: redis:7.2
    command: ["redis-server", "--masterauth", "{S("ExecAuth")}", "${{UNSET_TL_G}}"]
"""

SECRETS_ENV = f"""\
SECRET_KEY=x
SECRET_KEY={S("EnvFileKey")}
POSTGRES_PASSWORD=x
POSTGRES_PASSWORD={S("EnvFilePw")}
"""

BROKEN_ENV = f"""\
DB_PASSWORD {S("BrokenEnv")}
REDIS_PASSWORD = "{S("BrokenQuote")}
"""

BROKEN_COMPOSE = f"""\
services:
  web:
    image: app:1
    environment:
      DB_PASSWORD: {S("BrokenYaml")}: [
"""

PGBOUNCER = f"""\
app = host=postgres dbname=app password={S("IniOrphan")}
[databases]
app = host=postgres dbname=app password={S("IniConnStr", "")}
[pgbouncer]
listen_addr = *
auth_type = scram-sha-256
auth_query = SELECT usename, passwd FROM pgbouncer.get_auth($1)
admin_users = postgres
password {S("IniBroken")}
server_password: {S("IniColon")}
"""

REDIS = f"""\
requirepass {S("RedisConfPw", "")}
masterauth {S("RedisConfAuth", "")}
requirepass "{S("RedisConfBroken")}
masterauth {S("RedisConfAuthBroken")} "x
user default on >{S("AclPw")} ~* &* +@all "
"""

SENTINEL = f"""\
sentinel monitor mymaster 10.0.0.1 6379 2
sentinel auth-pass mymaster {S("AuthPass", "")}
sentinel auth-pass mymaster "{S("AuthPassBroken")}
sentinel sentinel-pass {S("SentinelPass")} "
"""

TREE = {
    "env/compose.yaml": "services:\n  web:\n    image: app:1\n    env_file: .env\n",
    "env/.env": ENV,
    "compose/compose.yaml": COMPOSE,
    "compose/secrets.env": SECRETS_ENV,
    "broken-env/.env": BROKEN_ENV,
    "broken-compose/compose.yaml": BROKEN_COMPOSE,
    "pgbouncer/pgbouncer.ini": PGBOUNCER,
    "redis/redis.conf": REDIS,
    "sentinel/sentinel.conf": SENTINEL,
}


def where_planted() -> dict[str, tuple[str, int]]:
    """Each secret's file and line."""
    found: dict[str, tuple[str, int]] = {}
    for path, text in TREE.items():
        for number, line in enumerate(text.splitlines(), start=1):
            for secret in SECRETS:
                if fragments(secret)[0] in line:
                    found[secret] = (path, number)
    return found


def assert_no_secret(what: str, text: str) -> None:
    leaked = sorted({f for s in SECRETS for f in fragments(s) if f in text})
    assert not leaked, f"{what} leaks {leaked}"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("secrets") / "tree"
    root.mkdir()
    code, out, err = lint_tree(TREE, root)
    assert code == 1 and "Traceback" not in out + err
    return root


def test_every_plant_is_where_it_should_be() -> None:
    assert sorted(where_planted()) == sorted(SECRETS)
    assert len(SECRETS) > 40 and len(set(SECRETS)) == len(SECRETS)


def test_every_secret_bearing_line_is_reported(tree: Path) -> None:
    code, out, err = run_cli(["--format", "json", "."], cwd=tree)
    report: list[dict[str, Any]] = json.loads(out)
    lines = {(d["path"], d["line"]) for d in report}
    related = {(r["path"], r["line"]) for d in report for r in d["related"]}
    unreported = [
        (secret, place)
        for secret, place in where_planted().items()
        if (SECRETS[secret] == "line" and place not in lines)
        or (SECRETS[secret] == "related" and place not in related)
    ]
    assert unreported == []
    # so every file that holds a secret has a diagnostic on a line that holds one
    planted = set(where_planted().values())
    assert {path for path, _ in planted} == {path for path, n in lines if (path, n) in planted}


RUNS = [
    *[["--format", fmt, "."] for fmt in FORMATS],
    *[["--format", fmt, "--statistics", "."] for fmt in ("text", "concise", "github")],
    ["--quiet", "."],
    ["--diff", "."],
    ["show", "."],
    ["--show-settings", "."],
    ["--list-rules"],
]


@pytest.mark.parametrize("args", RUNS, ids=lambda args: " ".join(args))
def test_no_output_shows_a_secret(tree: Path, args: list[str]) -> None:
    code, out, err = run_cli(args, cwd=tree)
    assert code in (0, 1), err
    assert out and "Traceback" not in out + err
    assert_no_secret(f"stdout of {args}", out)
    assert_no_secret(f"stderr of {args}", err)


def test_show_masks_the_urls_it_prints(tree: Path) -> None:
    _, out, _ = run_cli(["show", "."], cwd=tree)
    assert "DATABASE_URL = postgresql://app:***@pgbouncer:6432/app" in out


def test_diff_shows_lines_that_hold_secrets(tree: Path) -> None:
    """The diff is worth checking: its hunks show secret-bearing lines, masked."""
    _, out, _ = run_cli(["--diff", "."], cwd=tree)
    assert "-DB_PASSWORD=***\n" in out
    assert "-DATABASE_URL=postgresql://app:***@pgbouncer:6432/app\n" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_report_file_holds_a_secret(tree: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    code, out, err = run_cli(["--format", fmt, "--output-file", str(target), "."], cwd=tree)
    assert code == 1 and out == ""
    assert_no_secret(f"the {fmt} report file", target.read_text(encoding="utf-8"))
    assert_no_secret(f"stderr of the {fmt} report", err)


def test_the_baseline_file_holds_no_secret(tree: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    code, out, err = run_cli(["--write-baseline", str(baseline), "."], cwd=tree)
    assert code == 0
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert len(data["findings"]) > 20
    assert_no_secret("the baseline", baseline.read_text(encoding="utf-8"))
    assert_no_secret("--write-baseline's output", out + err)
    # and reading it back (all findings hidden, nothing stale) says nothing secret either
    code, out, err = run_cli(["--baseline", str(baseline), "."], cwd=tree)
    assert code == 0
    assert_no_secret("--baseline's output", out + err)


def test_explain_of_every_reported_rule_holds_no_secret(tree: Path) -> None:
    _, out, _ = run_cli(["--format", "json", "."], cwd=tree)
    reported = sorted({d["code"] for d in json.loads(out)})
    assert {"TL001", "TL002", "TL403"} <= set(reported)
    for code in reported:
        status, text, err = run_cli(["explain", code], cwd=tree)
        assert status == 0 and text
        assert_no_secret(f"explain {code}", text + err)


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("DB_PASSWORD s3cr3t", "DB_PASSWORD ***"),  # a broken .env line
        ("password s3cr3t", "password ***"),  # a broken pgbouncer.ini line
        ('DB_PASSWORD="two words, s3cr3t"', 'DB_PASSWORD="***"'),
        ("DB_PASSWORD=s3,cr;3t # note", "DB_PASSWORD=*** # note"),
        ('  - "DB_PASSWORD=s3 cr3t"', '  - "DB_PASSWORD=***"'),
        ("  GITHUB_TOKEN: &tok s3cr3t", "  GITHUB_TOKEN: *** ***"),  # the anchor too
        ("-SECRET_KEY=s3cr3t\n", "-SECRET_KEY=***\n"),  # a diff line
        ("db?sslmode=require&password=s3cr3t", "db?sslmode=require&password=***"),
        ('["redis-server", "--requirepass", "s3cr3t"]', '["redis-server", "--requirepass", "***"]'),
        (
            '["CMD", "redis-cli", "-a", "s3cr3t", "ping"]',
            '["CMD", "redis-cli", "-a", "***", "ping"]',
        ),
        ("redis-cli --no-auth-warning -a s3cr3t ping", "redis-cli --no-auth-warning -a *** ping"),
        ("user app on >s3cr3t <old ~* +@all", "user app on >*** <*** ~* +@all"),
        # prose and values that are not secrets stay as they are
        ("SECRET_KEY is already set on line 3; this later value wins", None),
        ("DB_PASSWORD:", None),
        ("DB_PASSWORD=", None),
        ("celery -A app worker -c 2", None),
        ("redis-server --appendonly yes", None),
    ],
)
def test_masking_shapes(line: str, shown: str | None) -> None:
    assert mask_text(line) == (line if shown is None else shown)


# --- a secret on a line of its own ---------------------------------------------------
# In a YAML block list or block scalar nothing beside the value says it is a secret; the
# linter masks the values the deployment holds wherever they appear.

OWN_LINE_SHAPES = {
    "block-list-command": "    command:\n      - redis-server\n      - --requirepass\n"
    "      - {secret}${{UNSET_TL_H}}\n",
    "block-scalar": "    environment:\n      REDIS_PASSWORD: >-\n        {secret}${{UNSET_TL_I}}\n",
}


@pytest.mark.parametrize("shape", sorted(OWN_LINE_SHAPES))
def test_a_secret_on_its_own_yaml_line_is_masked(tmp_path: Path, shape: str) -> None:
    secret = "Hq99OwnLineZv"
    compose = 'version: "3"\nservices:\n  redis:\n' + OWN_LINE_SHAPES[shape].format(secret=secret)
    code, out, err = lint_tree({"compose.yaml": compose}, tmp_path)
    assert "TL002" in out  # reported on the secret's own line
    assert secret not in out + err
    for args in (["--format", "sarif"], ["--format", "json"], ["--diff"], ["show"]):
        code, out, err = run_cli([*args, "."], cwd=tmp_path)
        assert secret not in out + err, args


# --- any secret in any of those shapes ----------------------------------------------------

SECRET_KEYS = st.sampled_from(
    [
        "DB_PASSWORD",
        "POSTGRES_PASSWORD",
        "SECRET_KEY",
        "API_TOKEN",
        "stripe_api_key",
        "REDIS_PASSWORD",
        "password",
        "masterauth",
        "APP_SECRET",
        "AWS_SECRET_ACCESS_KEY",
    ]
)
URL_KEYS = st.sampled_from(["DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "BROKER"])
# what each context lets a password hold: unquoted, quoted (not the quote), in a URL; a
# value that starts like a URL (`scheme://`) is shown as a URL, with its password masked
UNQUOTED = st.text(st.sampled_from("abcXYZ019-_.,;:!$%&*+/=?@^~()[]{}<>|"), max_size=12).filter(
    lambda s: "://" not in s
)
QUOTED = st.text(st.sampled_from("abcXYZ019 -_.,;:!$%&*+/=?@^~()[]{}<>|#"), max_size=12).filter(
    lambda s: "://" not in s
)
IN_URL = st.text(st.sampled_from("abcXYZ019-_.~%!*+"), max_size=12)


def marked(body: str) -> str:
    """A secret whose two ends are markers no template holds: a partial leak shows one."""
    return f"Qj{body}Xk"


@st.composite
def secret_lines(draw: st.DrawFn) -> str:
    key, prefix = draw(SECRET_KEYS), draw(st.sampled_from(["", "  ", "-", "+", " ", "export "]))
    q = draw(st.sampled_from(["", "'", '"']))
    secret = marked(draw(QUOTED if q else UNQUOTED))  # neither alphabet holds a quote
    comment = draw(st.sampled_from(["", " # note", "  # tel3sis-lint: ignore[TL501] ok"]))
    value = f"{q}{secret}{q}"
    shapes = [
        f"{prefix}{key}={value}{comment}",
        f"{prefix}{key}: {value}{comment}",
        f"{prefix}{key}: &anchor {value}{comment}",
        f"{prefix}{key} = {value}",
        f"    - {key}={value}",
        f'    - "{key}={secret}"',
        f"{key} {marked(draw(IN_URL))}",  # a broken line
        f"{prefix}requirepass {value}",
        f"command: redis-server --requirepass {value} --port 6379",
        f'command: ["redis-server", "--masterauth", "{secret}"]',
        f"sentinel auth-pass mymaster {value}",
        f"test: redis-cli -a {value} ping",
    ]
    return draw(st.sampled_from(shapes))


@st.composite
def url_lines(draw: st.DrawFn) -> str:
    scheme = draw(
        st.sampled_from(
            [
                "postgresql",
                "postgresql+psycopg",
                "db+postgresql",
                "redis",
                "rediss",
                "sentinel",
                "amqp",
            ]
        )
    )
    user = draw(st.sampled_from(["", "app", "default"]))
    secret = marked(draw(IN_URL))
    url = draw(
        st.sampled_from(
            [
                f"{scheme}://{user}:{secret}@host:6379/0",
                f"{scheme}://{user}@host/db?sslmode=require&password={secret}",
                f"sentinel://:{secret}@s1:26379;sentinel://:{secret}@s2:26379",
            ]
        )
    )
    return f"{draw(URL_KEYS)}={url}"


# TEL3SIS_FUZZ=long (see test_fuzz.py) draws many more lines, at random
LONG = os.environ.get("TEL3SIS_FUZZ", "").strip().lower() == "long"


@settings(max_examples=20_000 if LONG else 300, deadline=None, derandomize=not LONG)
@given(st.one_of(secret_lines(), url_lines()))
def test_no_secret_shape_survives_masking(line: str) -> None:
    masked = mask_text(line)
    assert "Qj" not in masked and "Xk" not in masked, masked
