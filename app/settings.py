"""Settings from the environment (prefix NNLAB_), read once and shared through a cached dependency."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from fastapi import Depends
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

Lang = Literal["pl", "en"]


class Settings(BaseSettings):
    """`NNLAB_DEFAULT_LANG=en` makes English the language when the request names none."""

    model_config = SettingsConfigDict(env_prefix="NNLAB_")

    default_lang: Lang = "pl"
    log_level: Literal["debug", "info", "warning", "error", "critical"] = "info"
    # Live runs (the embedded in-memory store): how many are held, and how long an idle one is kept.
    max_runs: int = Field(1000, ge=1, le=100_000)
    run_idle_seconds: float = Field(3600.0, gt=0)
    # Worker threads that train streamed runs at once (their own limiter, not the shared thread pool).
    train_threads: int = Field(2, ge=1, le=64)
    # Cost caps of one JSON API request (/api/v1/trace, /api/v1/train); over a cap -> 422 naming the field.
    api_train_max_sample_passes: int = Field(200_000, ge=1)  # samples x epochs
    api_train_max_updates: int = Field(20_000, ge=1)  # epochs x ceil(samples / batch_size)
    api_trace_max_values: int = Field(100_000, ge=1)  # samples x (units summed over dense layers)


@lru_cache
def get_settings() -> Settings:
    return Settings()


SettingsDep = Annotated[Settings, Depends(get_settings)]
