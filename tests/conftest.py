"""Shared fixtures: an in-process client, a real uvicorn server, and Debian's Chromium through Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import threading
import time
import urllib.request

import pytest

# Every in-process client of the suite comes from one address ("testclient"), every browser from 127.0.0.1, and
# many tests start without cookies: far more new sessions a minute than one school's address may start. The
# budget's own tests set theirs explicitly (tests/test_protocol.py). Likewise the suite's clients send far more
# requests a second in one session than a browser does (schemathesis: thousands); the per-session request budget
# has its own tests (tests/test_fair_share_live.py). Set before app.main builds its `app`.
os.environ.setdefault("NNLAB_SESSION_BURST", "1000000")
os.environ.setdefault("NNLAB_SESSION_REQUEST_BURST", "1000000")
# Saved scenes go to a directory of this test session, not to the checkout's data/.
os.environ.setdefault("NNLAB_DATA_DIR", tempfile.mkdtemp(prefix="nnlab-test-data-"))

from fastapi.testclient import TestClient  # noqa: E402

from app.main import create_app  # noqa: E402
from tests.redis_helpers import redis_url  # noqa: E402, F401  (a real redis-server for the Redis store's tests)

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(app):
    """A real uvicorn serving `app` on 127.0.0.1 in a background thread; yields the base URL."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-live-server", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            pytest.fail("uvicorn did not answer /healthz within 15 s")
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def serve_app():
    """`serve` for tests that need a real server for an app of their own: `with serve_app(app) as base_url:`."""
    return serve


@pytest.fixture(scope="session")
def live_server():
    """A real uvicorn serving create_app() on 127.0.0.1 in a background thread; yields the base URL."""
    with serve(create_app()) as base:
        yield base


def _chromium_path() -> str | None:
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (Debian's; never `playwright install`)."""
    path = _chromium_path()
    if path is None:
        message = "Chromium not found: apt-get install chromium (Debian) to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageProblems:
    """Console errors and uncaught page errors seen by a page."""

    def __init__(self) -> None:
        self.console: list[str] = []
        self.page: list[str] = []

    # hx-sync="...:replace" aborts a request still running when the next input comes, on purpose; htmx reports
    # each such abort with console.error ("htmx:sendAbort", then "htmx:afterRequest" for the aborted request).
    ABORTED = ("htmx:sendAbort", "htmx:afterRequest")

    def assert_none(self) -> None:
        aborts = any(text.startswith("htmx:sendAbort") for text in self.console)
        console = [text for text in self.console if not (aborts and text.startswith(self.ABORTED))]
        assert console == [] and self.page == [], f"console errors: {console}; page errors: {self.page}"


@pytest.fixture
def page(browser):
    """A fresh page (own context: no cookies shared between tests) that records console and page errors.

    The problems are at `page.problems`; a test ends with `page.problems.assert_none()`.
    """
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="pl-PL")
    pg = context.new_page()
    problems = PageProblems()
    pg.on("console", lambda msg: problems.console.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: problems.page.append(str(exc)))
    pg.problems = problems
    pg.set_default_timeout(5000)
    pg.set_default_navigation_timeout(15000)  # a page load, not a reaction: slow when two suites share 2 cores
    yield pg
    context.close()
