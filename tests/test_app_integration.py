"""What the app's own code says (read statically) feeds the rules; settings still win."""

from __future__ import annotations

from pathlib import Path

from tel3sis_lint.testing import lint_tree, run_cli, triples

SETTINGS = """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")
    secret_key: str
    voice_api_token: str
    database_url: str = "sqlite:///app.db"
    redis_url: str = "redis://redis:6379/0"
"""
CELERY = """\
from celery import Celery

celery_app = Celery("server")
celery_app.conf.task_routes = {"server.tasks.calls.*": {"queue": "calls"}}
"""
STATE = """\
import redis
from redis.sentinel import Sentinel

from .settings import Settings


def client(settings: Settings):
    return Sentinel([("s1", 26379)]).master_for("mymaster", url=settings.redis_url)
"""
COMPOSE = """\
services:
  worker:
    build: .
    command: celery -A server.celery_app worker -Q default -c ${CELERY_WORKER_CONCURRENCY:-4}
    env_file: .env
    deploy:
      replicas: 2
"""
ENV = "SECRET_KEY=4b1e9c7d2a8f\nDATABASE_URL=postgresql://app:Zk3q9Lw2@db.example.com:6432/app\n"


def _tree(extra: dict[str, str] | None = None) -> dict[str, str]:
    files = {
        "docker-compose.yml": COMPOSE,
        ".env": ENV,
        "server/__init__.py": "",
        "server/settings.py": SETTINGS,
        "server/celery_app.py": CELERY,
        "server/state.py": STATE,
        ".tel3sis-lint.toml": "[app]\nrequire-pgbouncer = false\n",
    }
    files.update(extra or {})
    return files


def test_required_settings_and_queues_come_from_the_code(tmp_path: Path) -> None:
    code, out, _ = lint_tree(_tree(), tmp_path, ["--select", "TL1,TL4"])
    assert triples(out) == [
        (".env", 2, "TL402"),  # VOICE_API_TOKEN: required by the code, not set
        ("docker-compose.yml", 4, "TL106"),  # tasks routed to 'calls', workers consume 'default'
    ]
    assert "VOICE_API_TOKEN is required by the app but not set" in out
    assert "queue 'calls'" in out
    assert "TWILIO" not in out  # the TEL3SIS defaults give way to the code


def test_settings_file_wins_over_the_code(tmp_path: Path) -> None:
    files = _tree(
        {
            ".tel3sis-lint.toml": (
                "[app]\nrequire-pgbouncer = false\nrequired-settings = ['SECRET_KEY']\n"
                "routed-queues = ['default']\n"
            )
        }
    )
    code, out, _ = lint_tree(files, tmp_path, ["--select", "TL1,TL4"])
    assert triples(out) == []


def test_show_says_where_the_facts_came_from(tmp_path: Path) -> None:
    lint_tree(_tree(), tmp_path)
    code, out, _ = run_cli(["show", "."], cwd=tmp_path)
    assert (
        "    read from its code: server/celery_app.py, server/settings.py, server/state.py" in out
    )
    assert (
        "    required settings SECRET_KEY, VOICE_API_TOKEN; routed queues calls; REDIS_URL read with sentinel"
        in out
    )
