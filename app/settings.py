"""Settings from the environment (prefix NNLAB_), read once and shared through a cached dependency."""

from __future__ import annotations

import ipaddress
import os
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
    # Live runs (the embedded in-memory store): how many are held in all and per session, the memory they may
    # take (MB, as app.runs.run.Run.nbytes counts it), and how long an idle one is kept.
    max_runs: int = Field(1000, ge=1, le=100_000)
    runs_per_session: int = Field(20, ge=1, le=1000)
    store_mb: int = Field(512, ge=16, le=65_536)
    run_idle_seconds: float = Field(3600.0, gt=0)
    # Where live runs are kept: memory:// (this process only: `make run`) or redis://host:port/db, shared by
    # several workers (compose.yaml); the bounds above then hold over all of them.
    store_url: str = Field("memory://", max_length=1000, pattern=r"^(memory://|redis://|rediss://|unix://)")
    # The compute pool (app.compute): its threads (one per core), the requests a session may have waiting or
    # running at once (429 beyond), the requests that may wait in all (503 beyond), the estimated work one request
    # may ask for (422 beyond, naming the largest value allowed), and the streams a session may hold open.
    compute_threads: int = Field(default_factory=lambda: max(1, min(os.cpu_count() or 1, 64)), ge=1, le=64)
    requests_per_session: int = Field(4, ge=1, le=100)
    max_queue: int = Field(64, ge=1, le=10_000)
    max_request_seconds: float = Field(1.5, gt=0, le=60)
    streams_per_session: int = Field(4, ge=1, le=100)
    # Scenes and decks (app.scenes, app.presenter): where saved scenes live (a SQLite file in this directory; empty:
    # in memory, gone at a restart), how many are kept (the oldest go first), the directory of a school's own decks,
    # and the address links and QR codes name (empty: the address the request came to).
    data_dir: str = Field("data", max_length=1000)
    max_scenes: int = Field(10_000, ge=10, le=10_000_000)
    decks_dir: str = Field("", max_length=1000)
    public_url: str = Field("", max_length=200, pattern=r"^(https?://[^\s/]+(:[0-9]+)?)?$")
    # Request bodies: the largest accepted (413 beyond), for the JSON API and for run imports.
    max_body_bytes: int = Field(256 * 1024, ge=1024, le=64 * 2**20)
    max_import_bytes: int = Field(4 * 2**20, ge=1024, le=256 * 2**20)
    # Cost caps of one JSON API request (/api/v1/trace, /api/v1/train); over a cap -> 422 naming the field.
    api_train_max_sample_passes: int = Field(200_000, ge=1)  # samples x epochs
    api_train_max_updates: int = Field(20_000, ge=1)  # epochs x ceil(samples / batch_size)
    api_trace_max_values: int = Field(100_000, ge=1)  # samples x (outputs of the dense and conv2d layers)

    # Protocol (app/middleware.py, app/sessions.py, app/clients.py): sessions, proxies, cookies.
    # Signs session ids; unset -> a random key per process, so several workers must share one set here.
    secret_key: SecretStr | None = Field(None, min_length=16, max_length=1024)
    # New sessions per client address: a token bucket of `session_burst` refilled at `session_rate` a second.
    session_burst: int = Field(300, ge=1, le=1_000_000)
    session_rate: float = Field(5.0, gt=0, le=1_000_000)
    # Requests one session may make: a burst, then so many a second (429 beyond, before any work is done).
    session_request_burst: int = Field(120, ge=1, le=1_000_000)
    session_request_rate: float = Field(30.0, gt=0, le=1_000_000)
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
