"""Bytes over the wire in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1.

A class opens a lesson with Plotly at once over one school connection: the first load must stay small (gzip),
and the next lesson must come almost entirely from the browser's cache (static files under versioned URLs with
`immutable`, so not even a revalidation goes out).

"The page" is the document and what it loads (scripts, styles, icons); the lesson's own data calls (fetch: the
runs it creates, their views) are counted apart: lesson 4 creates its nine runs on load, and each answer of
POST /api/v1/runs carries the run's data set points (~6 KB gzipped each).
"""

from __future__ import annotations

import contextlib
import os
import time

import pytest

from app.main import create_app
from app.templating import STATIC_DIR

pytestmark = pytest.mark.browser

FIRST_LOAD_MAX = 700 * 1024
NEXT_LESSON_MAX = 50 * 1024


class Recorder:
    """Wraps the app and keeps the path of every request it answers."""

    def __init__(self, app) -> None:
        self.app = app
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            self.paths.append(scope["path"])
        await self.app(scope, receive, send)


DATA_TYPES = ("Fetch", "XHR", "EventSource")


class Wire:
    """Bytes Chromium received per request (CDP Network.loadingFinished: headers and body as sent)."""

    def __init__(self, page) -> None:
        self.bytes: dict[str, int] = {}
        self.requests: dict[str, tuple[str, str]] = {}  # id -> (resource type, URL)
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", lambda e: self.requests.__setitem__(
            e["requestId"], (e.get("type", "Other"), e["request"]["url"])))
        cdp.on("Network.loadingFinished", lambda e: self.bytes.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.send("Network.enable")
        self.cdp = cdp

    def total(self, data: bool | None = None) -> int:
        """All bytes; data=False: the page's (document, scripts, styles...); data=True: its fetch/XHR calls."""
        return sum(n for rid, n in self.bytes.items()
                   if data is None or (self.requests.get(rid, ("Other", ""))[0] in DATA_TYPES) == data)

    def listing(self) -> list[tuple[int, str, str]]:
        return sorted(((n, *self.requests.get(rid, ("?", rid))) for rid, n in self.bytes.items()), reverse=True)

    def reset(self) -> None:
        self.bytes.clear()
        self.requests.clear()


def settle(page, wire: Wire, quiet: float = 0.5, timeout: float = 10.0) -> None:
    """Wait for the load event, then until no request has finished for `quiet` seconds."""
    page.wait_for_load_state("load")
    deadline = time.monotonic() + timeout
    seen, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        if len(wire.bytes) != seen:
            seen, since = len(wire.bytes), time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


@contextlib.contextmanager
def just_deployed():
    """Static files as a fresh checkout or image has them: modified a moment ago. Then a browser's heuristic
    freshness (a fraction of the age since Last-Modified) is nil, and only explicit caching keeps it from asking
    again. The files' times are put back afterwards."""
    files = [p for p in STATIC_DIR.rglob("*") if p.is_file()]
    times = {p: (p.stat().st_atime_ns, p.stat().st_mtime_ns) for p in files}
    try:
        for p in files:
            os.utime(p)
        yield
    finally:
        for p, ns in times.items():
            os.utime(p, ns=ns)


def test_first_lesson_is_small_and_the_next_comes_from_the_cache(page, serve_app):
    recorder = Recorder(create_app())
    with just_deployed(), serve_app(recorder) as base:
        wire = Wire(page)
        page.goto(f"{base}/lessons/learning-rate?lang=en")
        page.wait_for_selector("#lr-paths .js-plotly-plot")
        settle(page, wire)
        first, first_listing = wire.total(), wire.listing()

        wire.reset()
        recorder.paths.clear()
        page.click("#lesson-next")
        page.wait_for_url("**/lessons/batch-size**")
        page.wait_for_selector("#bs-loss")
        settle(page, wire)
        second_page, second_data, second_listing = wire.total(data=False), wire.total(data=True), wire.listing()
        second_paths = list(recorder.paths)

    print(f"\n/lessons/learning-rate, first load: {first / 1024:.1f} KiB in {len(first_listing)} requests")
    for n, kind, url in first_listing:
        print(f"  {n / 1024:8.1f} KiB  {kind:10} {url.removeprefix(base)[:70]}")
    print(f"/lessons/batch-size, next: page {second_page / 1024:.1f} KiB + the lesson's data calls "
          f"{second_data / 1024:.1f} KiB")
    for n, kind, url in second_listing:
        print(f"  {n / 1024:8.1f} KiB  {kind:10} {url.removeprefix(base)[:70]}")
    plotly = [n for n, _, url in first_listing if "plotly" in url]
    assert plotly and plotly[0] < 500 * 1024, "Plotly was not sent gzipped"
    assert first <= FIRST_LOAD_MAX, f"first load {first} bytes"
    assert second_page + second_data <= NEXT_LESSON_MAX, f"next lesson: page {second_page} + data {second_data} bytes"
    # Vendored and shared files came from the cache: the server was not even asked to revalidate them.
    shared = ("/static/css/nnlab.css", "/static/js/nnlab.js", "/static/js/lesson-common.js")
    assert [p for p in second_paths if p.startswith("/static/vendor/") or p in shared] == []
    # What else went out is the lesson's own work: its runs and their view.
    assert {p for p in second_paths if not p.startswith("/static/")} <= {
        "/lessons/batch-size", "/api/v1/runs", "/lessons/batch-size/data/view"}
    page.problems.assert_none()
