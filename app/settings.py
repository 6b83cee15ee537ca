"""Settings from the environment (prefix NNLAB_), read once and shared through a cached dependency."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Annotated, Literal

from fastapi import Depends
from pydantic import Field, SecretStr, field_validator
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

    # Protocol (app/middleware.py, app/sessions.py, app/clients.py): sessions, proxies, cookies.
    # Signs session ids; unset -> a random key per process, so several workers must share one set here.
    secret_key: SecretStr | None = Field(None, min_length=16, max_length=1024)
    # New sessions per client address: a token bucket of `session_burst` refilled at `session_rate` a second.
    session_burst: int = Field(300, ge=1, le=1_000_000)
    session_rate: float = Field(5.0, gt=0, le=1_000_000)
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: comma-separated IPs or CIDRs.
    trusted_proxies: str = Field("", max_length=4096)
    # The Secure cookie attribute: auto = when the request came over HTTPS.
    cookie_secure: Literal["auto", "always", "never"] = "auto"

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies_parse(cls, value: str) -> str:
        for item in value.split(","):
            if item.strip():
                try:
                    ipaddress.ip_network(item.strip(), strict=False)
                except ValueError:
                    raise ValueError(f"expected IP addresses or CIDRs separated by commas, got {item.strip()!r}")
        return value

    @property
    def trusted_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in self.trusted_proxies.split(",")
                     if item.strip())


@lru_cache
def get_settings() -> Settings:
    return Settings()


SettingsDep = Annotated[Settings, Depends(get_settings)]
