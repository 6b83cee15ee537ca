"""A real redis-server for the tests (Debian's /usr/bin/redis-server, installed by .ci/run): started on a free
port in a temporary directory, without persistence, and stopped at the end. No fake of Redis anywhere."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server_path() -> str | None:
    return "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else shutil.which("redis-server")


@contextlib.contextmanager
def redis_server():
    """Yields the URL of a fresh redis-server (database 0) that lives as long as the context."""
    path = redis_server_path()
    if path is None:
        message = "redis-server not found: apt-get install redis-server (Debian) to run the Redis store's tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    import redis

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="nnlab-redis-") as tmp:
        proc = subprocess.Popen([path, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                 "no", "--dir", tmp], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"redis://127.0.0.1:{port}/0"
        try:
            client = redis.Redis.from_url(url)
            deadline = time.monotonic() + 10
            while True:
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        pytest.fail("redis-server did not answer within 10 s")
                    time.sleep(0.05)
            client.close()
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def redis_url():
    """The URL of one redis-server for the whole test session; tests keep apart by key prefix or FLUSHDB."""
    with redis_server() as url:
        yield url


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET = "test-secret-key-shared-by-the-workers"  # workers accept each other's session cookies


def start_worker(store_url: str, data_dir: str, workers: int = 1, **env: str) -> tuple[subprocess.Popen, str]:
    """A real uvicorn (its own process group) serving app.main:app with the store at `store_url`; returns the
    process and its base URL once /healthz answers."""
    import urllib.request

    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning", "--workers", str(workers)]
    proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True, env={
        **os.environ, "OPENBLAS_NUM_THREADS": "1", "NNLAB_STORE_URL": store_url, "NNLAB_SECRET_KEY": SECRET,
        "NNLAB_DATA_DIR": data_dir, **env})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            stop_worker(proc)
            pytest.fail(f"uvicorn with {store_url} did not answer /healthz within 30 s")
        time.sleep(0.1)


def stop_worker(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
