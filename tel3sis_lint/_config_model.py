"""The pydantic schema of the settings file (imported only when a settings file exists)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Strict(BaseModel):
    # strict: "yes" is not a boolean and true is not a number in a settings file
    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=True, strict=True)


class AppConfig(_Strict):
    profile: Literal["auto", "tel3sis", "generic"] = "auto"
    required_settings: list[str] | None = Field(None, alias="required-settings")
    celery_wrappers: list[str] = Field(default_factory=list, alias="celery-wrappers")
    pgbouncer_port: int = Field(6432, alias="pgbouncer-port", ge=1, le=65535)
    require_pgbouncer: bool = Field(True, alias="require-pgbouncer")
    redis_url_client: Literal["from_url", "sentinel"] = Field("from_url", alias="redis-url-client")
    routed_queues: list[str] | None = Field(None, alias="routed-queues")

    @field_validator("celery_wrappers")
    @classmethod
    def _regexes(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
        return value


class EnvironmentConfig(_Strict):
    compose: list[str] = Field(min_length=1)
    env_file: str | None = Field(None, alias="env-file")
    mode: Literal["production", "development"] = "production"
    profiles: list[str] | None = None


class ConfigFile(_Strict):
    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list, alias="extend-select")
    ignore: list[str] = Field(default_factory=list)
    fail_on: Literal["error", "warning", "info"] = Field("warning", alias="fail-on")
    exclude: list[str] = Field(default_factory=list)
    respect_gitignore: bool = Field(True, alias="respect-gitignore")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    app: AppConfig = Field(default_factory=AppConfig)
    unsuppressible: list[str] = Field(default_factory=list)
    require_suppression_reason: bool = Field(False, alias="require-suppression-reason")
    environments: dict[str, EnvironmentConfig] = Field(default_factory=dict)
