"""The README's example deployments: ``examples/good`` is clean, ``examples/faulty`` is not.

Both are linted from the repository root, as the README runs them, so
``examples/.tel3sis-lint.toml`` (the example app reads ``REDIS_URL`` with a Sentinel
client) applies to both.
"""

from __future__ import annotations

from pathlib import Path

from tel3sis_lint.testing import run_cli, triples

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

FAULTY = [
    # .env
    ("examples/faulty/.env", 2, "TL401"),  # BASE_URL is http://
    ("examples/faulty/.env", 14, "TL306"),  # broker on another Redis than REDIS_URL
    ("examples/faulty/.env", 15, "TL309"),  # result backend in the guide's redis://mymaster/1 form
    ("examples/faulty/.env", 18, "TL201"),  # the later DATABASE_URL goes straight to postgres:5432
    ("examples/faulty/.env", 18, "TL403"),  # ... and DATABASE_URL is set twice
    # docker-compose.yml
    ("examples/faulty/docker-compose.yml", 3, "TL602"),  # version: "3.8"
    ("examples/faulty/docker-compose.yml", 21, "TL101"),  # one worker instance
    ("examples/faulty/docker-compose.yml", 23, "TL102"),  # ... started without --concurrency
    (
        "examples/faulty/docker-compose.yml",
        56,
        "TL502",
    ),  # replica publishes 6379 with no requirepass
    ("examples/faulty/docker-compose.yml", 60, "TL302"),  # two Sentinels
    # pgbouncer.ini
    ("examples/faulty/pgbouncer.ini", 13, "TL209"),  # max_client_conn = 1000 ; inline comment
    # sentinel-N.conf: quorum 3 with two Sentinels
    ("examples/faulty/sentinel-1.conf", 4, "TL303"),
    ("examples/faulty/sentinel-2.conf", 4, "TL303"),
]


def test_good_example_has_no_findings() -> None:
    code, out, err = run_cli(["examples/good"], cwd=REPO)
    assert triples(out) == []
    assert code == 0
    assert err == ""


def test_faulty_example_reports_each_planted_fault() -> None:
    code, out, err = run_cli(["examples/faulty"], cwd=REPO)
    assert triples(out) == FAULTY
    assert code == 1
    assert err == ""


def test_faulty_example_shows_every_family() -> None:
    families = {code[:3] for _path, _line, code in FAULTY}
    assert families == {"TL2", "TL3", "TL4", "TL5", "TL6", "TL1"}


def test_good_example_needs_the_sentinel_client_setting(tmp_path: Path) -> None:
    # Without examples/.tel3sis-lint.toml, REDIS_URL=redis://mymaster/0 is read the way
    # stock TEL3SIS reads it (Redis.from_url), which TL309 reports.
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    code, out, _err = run_cli(["--config", str(empty), "examples/good"], cwd=REPO)
    assert triples(out) == [("examples/good/.env", 11, "TL309")]
    assert code == 1


def test_examples_settings_file_declares_a_sentinel_client() -> None:
    text = (EXAMPLES / ".tel3sis-lint.toml").read_text(encoding="utf-8")
    assert 'redis-url-client = "sentinel"' in text
