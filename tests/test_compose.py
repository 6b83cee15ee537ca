"""compose.yaml, checked without a Docker engine (none runs on the development and CI machines): parsed as YAML,
it runs a pinned Redis without persistence and nnlab with several workers on it, both with healthchecks, nnlab
starting only once Redis is healthy, every worker signing cookies with one key, and the store URL naming the
Redis service. The URL and the worker command are the ones tests/test_runs_workers.py runs for real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_has_redis_and_nnlab(compose):
    assert set(compose["services"]) == {"redis", "nnlab"}


def test_redis_image_is_pinned_and_keeps_nothing_on_disk(compose):
    redis = compose["services"]["redis"]
    assert re.fullmatch(r"redis:\d+\.\d+\.\d+-alpine", redis["image"]), redis["image"]
    command = redis["command"]
    assert command[0] == "redis-server"
    assert command[command.index("--save") + 1] == "" and command[command.index("--appendonly") + 1] == "no"


def test_every_service_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        check = service["healthcheck"]
        assert check["test"][0] == "CMD" and check["interval"] and check["retries"] >= 1, name
    assert "redis-cli" in compose["services"]["redis"]["healthcheck"]["test"]
    assert any("/healthz" in part for part in compose["services"]["nnlab"]["healthcheck"]["test"])


def test_nnlab_runs_several_workers_on_the_redis_service(compose):
    nnlab = compose["services"]["nnlab"]
    env = nnlab["environment"]
    url = env["NNLAB_STORE_URL"]
    assert re.fullmatch(r"redis://redis:6379/\d+", url)
    assert Settings(store_url=url).store_url == url  # a URL the settings accept
    assert "NNLAB_SECRET_KEY" in env and ":?" in env["NNLAB_SECRET_KEY"]  # required, never a default
    assert nnlab["depends_on"]["redis"]["condition"] == "service_healthy"
    command = shlex.split(nnlab["command"][-1])
    assert command[:3] == ["exec", "uvicorn", "app.main:app"]
    assert "--workers" in command and command[command.index("--workers") + 1].startswith("${NNLAB_WORKERS:-")
    assert "8000:8000" in nnlab["ports"]
