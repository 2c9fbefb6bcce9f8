"""Static reading of an app's Python source: required settings, routed queues, REDIS_URL client."""

from __future__ import annotations

import ast
import os
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

from tel3sis_lint.model.app_source import AppFacts, read_app_facts

# Modelled on TEL3SIS as the rule catalogue describes it (TL106, TL309, TL402).
TEL3SIS = {
    "server/__init__.py": "",
    "server/settings.py": '''
        """Application settings loaded from the environment."""
        from __future__ import annotations

        from pydantic import ValidationError
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class ConfigError(RuntimeError):
            """Raised when the environment is incomplete."""


        class Settings(BaseSettings):
            secret_key: str
            base_url: str
            twilio_account_sid: str
            twilio_auth_token: str

            openai_api_key: str = ""
            redis_url: str = "redis://redis:6379/0"
            database_url: str = "sqlite:///tel3sis.db"
            celery_broker_url: str | None = None
            celery_result_backend: str | None = None
            log_level: str = "INFO"

            model_config = SettingsConfigDict(env_file=".env", extra="ignore")

            def model_post_init(self, __context: object) -> None:
                if self.celery_broker_url is None:
                    self.celery_broker_url = self.redis_url
                if self.celery_result_backend is None:
                    self.celery_result_backend = self.celery_broker_url

            @classmethod
            def load(cls) -> "Settings":
                try:
                    return cls()
                except ValidationError as exc:
                    raise ConfigError(str(exc)) from exc
    ''',
    "server/celery_app.py": """
        from __future__ import annotations

        import os

        from celery import Celery
        from celery.schedules import crontab


        def create_celery_app() -> Celery:
            broker = os.getenv("CELERY_BROKER_URL", os.getenv("REDIS_URL", "redis://redis:6379/0"))
            backend = os.getenv("CELERY_RESULT_BACKEND", broker)
            app = Celery("tel3sis", broker=broker, backend=backend)
            app.conf.task_routes = {"server.tasks.*": {"queue": "default"}}
            app.conf.beat_schedule = {
                "cleanup": {"task": "server.tasks.cleanup", "schedule": crontab(minute=0)},
            }
            return app


        celery_app = create_celery_app()
    """,
    "server/state_manager.py": """
        from __future__ import annotations

        import os
        from typing import Optional

        import redis


        class StateManager:
            def __init__(self, url: Optional[str] = None, prefix: str = "session") -> None:
                self.url = url or os.getenv("REDIS_URL", "redis://redis:6379/0")
                self.prefix = prefix
                self._redis = redis.Redis.from_url(self.url, decode_responses=True)
    """,
    "server/tasks.py": """
        from .celery_app import celery_app


        @celery_app.task
        def cleanup() -> None:
            pass
    """,
    "server/fast_app.py": """
        from fastapi import FastAPI

        app = FastAPI()
    """,
}


SETTINGS_ONE = """
    from pydantic_settings import BaseSettings

    class Settings(BaseSettings):
        {field}: str
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _facts(root: Path, files: dict[str, str], **limits: int) -> AppFacts:
    return read_app_facts(str(_write(root, files)), **limits)


# --- the TEL3SIS shape ----------------------------------------------------------------------


def test_tel3sis_facts_match_its_documented_behaviour(tmp_path: Path) -> None:
    assert _facts(tmp_path, TEL3SIS) == AppFacts(
        required_settings=("SECRET_KEY", "BASE_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"),
        routed_queues=("default",),
        default_queue=None,
        redis_url_client="from_url",
        sources=("server/celery_app.py", "server/settings.py", "server/state_manager.py"),
    )


def test_root_may_be_a_path_object(tmp_path: Path) -> None:
    _write(tmp_path, TEL3SIS)
    assert read_app_facts(tmp_path) == read_app_facts(str(tmp_path))


def test_an_app_without_python_facts_says_nothing(tmp_path: Path) -> None:
    assert _facts(tmp_path, {"main.py": "print('hi')\n", "README.md": "x"}) == AppFacts()


def test_files_without_markers_are_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real_parse = ast.parse

    def spy(
        source: str | bytes, filename: str = "<unknown>", *args: object, **kw: object
    ) -> ast.AST:
        parsed.append(os.path.relpath(filename, tmp_path))
        return real_parse(source, filename, *args, **kw)  # type: ignore[arg-type]

    _write(tmp_path, TEL3SIS)
    monkeypatch.setattr(ast, "parse", spy)
    read_app_facts(str(tmp_path))
    assert sorted(parsed) == [
        "server/celery_app.py",
        "server/settings.py",
        "server/state_manager.py",
    ]


# --- required settings ----------------------------------------------------------------------

PYDANTIC_V2 = """
    from typing import Annotated, ClassVar, Optional

    from pydantic import AliasChoices, Field
    from pydantic_settings import BaseSettings, SettingsConfigDict


    class Settings(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")

        secret_key: str
        token: str = Field(alias="TWILIO_AUTH_TOKEN")
        sid: str = Field(validation_alias=AliasChoices("TWILIO_ACCOUNT_SID", "SID"))
        api_key: str = Field(...)
        base_url: str = Field(default=..., description="public URL")
        maybe: Optional[str]
        annotated: Annotated[str, Field(alias="ANNOTATED_NAME")]
        legacy: str = Field(env="IGNORED_BY_PYDANTIC_2")
        bare: int = ...

        debug: bool = False
        optional: Optional[str] = None
        union: str | None = Field(default=None)
        items: list[str] = Field(default_factory=list)
        positional: str = Field("x")
        annotated_default: Annotated[str, Field(default="z")]
        annotated_plain: Annotated[int, "unit: s"] = 5
        counter: ClassVar[int]
        _cache: dict[str, str]
"""


def test_required_fields_of_a_pydantic_settings_class_in_source_order(tmp_path: Path) -> None:
    facts = _facts(tmp_path, {"app/config.py": PYDANTIC_V2})
    assert facts.required_settings == (
        "APP_SECRET_KEY",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_ACCOUNT_SID",
        "APP_API_KEY",
        "APP_BASE_URL",
        "APP_MAYBE",
        "ANNOTATED_NAME",
        "APP_LEGACY",
        "APP_BARE",
    )
    assert facts.sources == ("app/config.py",)


def test_pydantic_1_reads_env_not_aliases_and_defaults_optional_to_none(tmp_path: Path) -> None:
    source = """
        from typing import Optional, Union
        from pydantic import BaseSettings, Field

        class Settings(BaseSettings):
            database_url: str = Field(..., env="DATABASE_URL")
            name: str
            aliased: str = Field(alias="IGNORED_BY_PYDANTIC_1")
            maybe: Optional[str]
            union: Union[int, None]
            quoted: "str | None"
            must: Optional[str] = Field(...)
            listed: str = Field(env=["FIRST_NAME", "SECOND_NAME"])

            class Config:
                env_prefix = "svc_"
    """
    assert _facts(tmp_path, {"settings.py": source}).required_settings == (
        "DATABASE_URL",
        "SVC_NAME",
        "SVC_ALIASED",
        "SVC_MUST",
        "FIRST_NAME",
    )


def test_subclass_inherits_fields_across_modules_and_its_prefix_wins(tmp_path: Path) -> None:
    files = {
        "core/base.py": """
            import pydantic_settings as ps

            class CommonSettings(ps.BaseSettings, env_prefix="CORE_"):
                secret_key: str
                region: str = "eu"
        """,
        "core/settings.py": """
            from pydantic_settings import SettingsConfigDict
            from .base import CommonSettings

            class Settings(CommonSettings):
                model_config = SettingsConfigDict(env_prefix="APP_")
                base_url: str
        """,
    }
    facts = _facts(tmp_path, files)
    assert facts.required_settings == ("APP_SECRET_KEY", "APP_BASE_URL")
    assert facts.sources == ("core/base.py", "core/settings.py")


def test_subclass_of_a_same_named_base_is_not_its_own_ancestor(tmp_path: Path) -> None:
    files = {
        "lib/base.py": """
            from pydantic_settings import BaseSettings

            class Settings(BaseSettings):
                secret_key: str
        """,
        "app/settings.py": """
            from lib import base

            class Settings(base.Settings):
                base_url: str
        """,
    }
    assert _facts(tmp_path, files).required_settings == ("SECRET_KEY", "BASE_URL")


def test_a_chain_of_same_named_classes_resolves_without_a_cycle(tmp_path: Path) -> None:
    files = {
        "a/settings.py": SETTINGS_ONE.format(field="x"),
        "b/settings.py": "from a import settings as base\nclass Settings(base.Settings):\n    y: str\n",
        "c/settings.py": "from b import settings as mid\nclass Settings(mid.Settings):\n    z: str\n",
    }
    assert _facts(tmp_path, files).required_settings == ("X", "Y", "Z")


def test_case_sensitive_settings_keep_the_names_as_written(tmp_path: Path) -> None:
    source = """
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            model_config = {"case_sensitive": True, "env_prefix": "App_"}
            secretKey: str
    """
    assert _facts(tmp_path, {"s.py": source}).required_settings == ("App_secretKey",)


def test_settings_class_with_only_defaults_requires_nothing(tmp_path: Path) -> None:
    source = """
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            redis_url: str = "redis://redis:6379/0"
    """
    assert _facts(tmp_path, {"s.py": source}).required_settings == ()


def test_plain_pydantic_models_and_lookalike_bases_are_not_settings(tmp_path: Path) -> None:
    source = """
        from pydantic import BaseModel
        from mylib import BaseSettings as Unrelated

        class Payload(BaseModel):
            call_sid: str

        class Other(Unrelated):
            token: str
    """
    assert _facts(tmp_path, {"s.py": source}).required_settings is None


# --- routed queues --------------------------------------------------------------------------


def test_every_way_of_naming_a_queue_is_collected_in_source_order(tmp_path: Path) -> None:
    files = {
        "worker/celery.py": """
            import os
            from celery import Celery, shared_task
            from kombu import Queue

            ROUTES = {
                "worker.calls.*": {"queue": "calls"},
                "worker.media.*": "media",
                "worker.mail.*": {"queue": Queue("mail")},
            }
            app = Celery("w", task_routes=ROUTES)
            app.conf.update(
                task_default_queue=os.getenv("CELERY_TASK_DEFAULT_QUEUE", "work"),
                task_routes=([("worker.slow.*", {"queue": "slow"})], {"worker.x": {"queue": "x"}}),
            )

            @app.task(bind=True, queue="priority")
            def urgent(self) -> None:
                pass

            @shared_task(queue="reports")
            def report() -> None:
                urgent.apply_async(queue="adhoc")
                app.send_task("worker.mail.send", queue="mail")
        """,
    }
    facts = _facts(tmp_path, files)
    assert facts.routed_queues == (
        "calls",
        "media",
        "mail",
        "work",
        "slow",
        "x",
        "priority",
        "reports",
        "adhoc",
    )
    assert facts.default_queue == "work"
    assert facts.sources == ("worker/celery.py",)


def test_django_style_and_dict_config_are_read(tmp_path: Path) -> None:
    files = {
        "proj/settings.py": """
            CELERY_TASK_DEFAULT_QUEUE = "celery-main"
            CELERY_TASK_ROUTES = {"proj.tasks.*": {"queue": "tasks"}}
        """,
        "proj/worker_config.py": """
            from proj.celery import app
            app.conf.update({"task_default_queue": "override"})
        """,
    }
    facts = _facts(tmp_path, files)
    assert facts.routed_queues == ("celery-main", "tasks", "override")
    assert facts.default_queue == "override"  # files are read in sorted order, the last value wins


def test_empty_routes_are_known_but_route_nowhere(tmp_path: Path) -> None:
    files = {"celery_app.py": "app.conf.task_routes = {}\n"}
    assert _facts(tmp_path, files).routed_queues == ()


def test_routes_built_at_runtime_are_not_guessed(tmp_path: Path) -> None:
    files = {"celery_app.py": "app.conf.task_routes = load_routes()\n"}
    assert _facts(tmp_path, files) == AppFacts()


def test_queue_keyword_of_unrelated_calls_is_ignored(tmp_path: Path) -> None:
    files = {"jobs.py": "broker.publish(msg, queue='events')\nx = {'queue': 'y'}\n"}
    assert _facts(tmp_path, files).routed_queues is None


# --- REDIS_URL client -----------------------------------------------------------------------

SENTINEL_STATE = """
    from urllib.parse import urlparse

    from redis.sentinel import Sentinel

    from .settings import settings


    def connect():
        parsed = urlparse(settings.redis_url)
        sentinel = Sentinel([(parsed.hostname, 26379)], socket_timeout=0.5)
        return sentinel.master_for(parsed.path.strip("/") or "mymaster")
"""


def test_redis_from_url_on_the_settings_attribute(tmp_path: Path) -> None:
    files = {
        "state.py": "import redis\nfrom .settings import settings\nr = redis.Redis.from_url(settings.redis_url)\n"
    }
    assert _facts(tmp_path, files).redis_url_client == "from_url"


@pytest.mark.parametrize(
    "source",
    [
        "import os, redis\nr = redis.from_url(os.environ['REDIS_URL'])\n",
        "import os\nimport redis.asyncio as aioredis\nr = aioredis.from_url(os.getenv('REDIS_URL', 'redis://x'))\n",
        "import os, aioredis\nREDIS_URL = os.environ.get('REDIS_URL')\nr = aioredis.from_url(REDIS_URL)\n",
        "from redis.asyncio import from_url\nimport os\nurl = os.getenv('REDIS_URL')\nr = from_url(url)\n",
        "from redis import ConnectionPool\nfrom x import settings\n"
        "def pool(u=settings.REDIS_URL):\n    return ConnectionPool.from_url(url=u)\n",
    ],
)
def test_redis_url_reaching_from_url(tmp_path: Path, source: str) -> None:
    assert _facts(tmp_path, {"state.py": source}).redis_url_client == "from_url"


def test_settings_field_aliased_to_redis_url_is_followed(tmp_path: Path) -> None:
    files = {
        "settings.py": """
            from pydantic import Field
            from pydantic_settings import BaseSettings

            class Settings(BaseSettings):
                cache_dsn: str = Field("redis://redis:6379/0", alias="REDIS_URL")
        """,
        "cache.py": "import redis\nfrom .settings import s\nclient = redis.Redis.from_url(s.cache_dsn)\n",
    }
    assert _facts(tmp_path, files).redis_url_client == "from_url"


@pytest.mark.parametrize(
    "source",
    [
        "import redis\nr = redis.from_url('redis://localhost:6379/0')\n",
        "import os\ndef from_url(u): ...\nr = from_url(os.getenv('REDIS_URL'))\n",
        "import os\nfrom redis.sentinel import Sentinel\ns = Sentinel([('s1', 26379)])\n",
        "import os\nclass Sentinel: ...\ns = Sentinel(os.environ['REDIS_URL'])\n",
    ],
)
def test_unrelated_from_url_and_sentinel_use_say_nothing(tmp_path: Path, source: str) -> None:
    assert _facts(tmp_path, {"state.py": source}).redis_url_client is None


def test_sentinel_client_serving_redis_url(tmp_path: Path) -> None:
    facts = _facts(tmp_path, {"app/state.py": SENTINEL_STATE})
    assert facts.redis_url_client == "sentinel"
    assert facts.sources == ("app/state.py",)


def test_async_sentinel_is_recognised(tmp_path: Path) -> None:
    source = "import os\nimport redis.asyncio.sentinel as rs\ns = rs.Sentinel(hosts_from(os.getenv('REDIS_URL')))\n"
    assert _facts(tmp_path, {"state.py": source}).redis_url_client == "sentinel"


def test_from_url_on_redis_url_wins_over_sentinel(tmp_path: Path) -> None:
    files = {
        "app/state.py": SENTINEL_STATE,
        "app/cache.py": "import redis\nfrom .settings import settings\nc = redis.from_url(settings.redis_url)\n",
    }
    assert _facts(tmp_path, files).redis_url_client == "from_url"


# --- what is skipped, and robustness ---------------------------------------------------------


@pytest.mark.parametrize(
    "folder",
    ["venv", ".venv", "node_modules", "lib/site-packages", "tests", "test", "migrations", ".git"],
)
def test_vendored_test_and_migration_folders_are_skipped(tmp_path: Path, folder: str) -> None:
    files = {f"{folder}/pkg/settings.py": SETTINGS_ONE.format(field="hidden")}
    assert _facts(tmp_path, files) == AppFacts()


def test_a_virtualenv_is_recognised_by_pyvenv_cfg_whatever_its_name(tmp_path: Path) -> None:
    files = {
        "python311/pyvenv.cfg": "home = /usr/bin\n",
        "python311/lib/settings.py": SETTINGS_ONE.format(field="hidden"),
        "app/settings.py": SETTINGS_ONE.format(field="shown"),
    }
    assert _facts(tmp_path, files).required_settings == ("SHOWN",)


def test_test_modules_outside_test_folders_are_skipped(tmp_path: Path) -> None:
    files = {
        "app/test_settings.py": SETTINGS_ONE.format(field="a"),
        "app/settings_test.py": SETTINGS_ONE.format(field="b"),
        "app/conftest.py": SETTINGS_ONE.format(field="c"),
    }
    assert _facts(tmp_path, files) == AppFacts()


def test_broken_files_are_skipped_silently(tmp_path: Path) -> None:
    _write(tmp_path, {"app/settings.py": SETTINGS_ONE.format(field="secret_key")})
    bad = tmp_path / "app"
    (bad / "syntax.py").write_text("class Settings(BaseSettings:\n    x: str\n", encoding="utf-8")
    (bad / "nulls.py").write_bytes(b"from_url = 1\x00\n")
    (bad / "latin.py").write_bytes(b"# BaseSettings \xff\xfe\nx = '\xe9'\n")
    (bad / "deep.py").write_text(
        "from_url(" + "(" * 200_000 + ")" * 200_000 + ")\n", encoding="utf-8"
    )
    escapes = SETTINGS_ONE.format(field="pattern") + "        digits: str = '\\d+'\n"
    (bad / "escapes.py").write_text(textwrap.dedent(escapes), encoding="utf-8")
    with warnings.catch_warnings():
        # An invalid escape in the app is its own business: no warning of ours, and still read.
        warnings.simplefilter("error")
        assert _facts(tmp_path, {}).required_settings == ("PATTERN", "SECRET_KEY")


def test_a_file_over_512_kb_is_skipped(tmp_path: Path) -> None:
    padding = "# " + "x" * 100 + "\n"
    huge = textwrap.dedent(SETTINGS_ONE.format(field="huge")) + padding * 6000
    assert len(huge) > 512 * 1024
    files = {"app/generated.py": huge, "app/settings.py": SETTINGS_ONE.format(field="small")}
    assert _facts(tmp_path, files).required_settings == ("SMALL",)


def test_reading_stops_at_max_files_and_max_bytes(tmp_path: Path) -> None:
    files = {f"{name}/settings.py": SETTINGS_ONE.format(field=name) for name in ("a", "b", "c")}
    _write(tmp_path, files)
    assert read_app_facts(str(tmp_path), max_files=2).required_settings == ("A", "B")
    size = (tmp_path / "a" / "settings.py").stat().st_size
    assert read_app_facts(str(tmp_path), max_bytes=size).required_settings == ("A",)
    assert read_app_facts(str(tmp_path), max_files=0) == AppFacts()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    _write(tmp_path, {"app/settings.py": SETTINGS_ONE.format(field="secret_key")})
    os.mkfifo(tmp_path / "app" / "pipe.py")  # opening it for reading would block forever
    assert _facts(tmp_path, {}).required_settings == ("SECRET_KEY",)


def test_the_source_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed.txt"
    harmful = f"""
        import pathlib, sys
        pathlib.Path({str(marker)!r}).write_text("ran")
        sys.exit(3)
        from pydantic_settings import BaseSettings

        class Settings(BaseSettings):
            secret_key: str
            redis_url: str = __import__("os").system("touch {marker}")
    """
    files = {"app/__init__.py": harmful, "app/settings.py": harmful, "app/celery_app.py": harmful}
    modules_before = set(sys.modules)
    facts = _facts(tmp_path, files)
    assert facts.required_settings == ("SECRET_KEY",)
    assert not marker.exists()
    assert not {"app", "app.settings", "app.celery_app"} & (set(sys.modules) - modules_before)
