"""What goes over the wire: compressed text answers, uncompressed event streams that flush frame by frame, and
static files under versioned URLs that browsers cache for good, compressed once per file."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import time

import httpx
import pytest
from bs4 import BeautifulSoup
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.routing import Mount

from app import static as static_module
from app.main import create_app
from app.static import IMMUTABLE, StaticAssets, accepts_gzip, assets_for
from app.templating import STATIC_DIR

GZIP = {"Accept-Encoding": "gzip"}
PLOTLY = "vendor/plotly-cartesian-3.7.0.min.js"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def raw_size(client, path: str, headers: dict) -> tuple[int, str | None]:
    """(bytes on the wire, Content-Encoding) of a GET, read without decoding."""
    with client.stream("GET", path, headers=headers) as r:
        body = b"".join(r.iter_raw())
        return len(body), r.headers.get("content-encoding")


# ------------------------------------------------------------------------------------------ compression


@pytest.mark.parametrize("path", ["/", "/lessons/learning-rate", "/lessons/backprop", "/api/openapi.json"])
def test_pages_and_json_are_gzipped_for_clients_that_accept_it(client, path):
    plain, plain_encoding = raw_size(client, path, {"Accept-Encoding": "identity"})
    packed, encoding = raw_size(client, path, GZIP)
    assert plain_encoding is None and encoding == "gzip"
    assert packed < plain / 3, f"{path}: {packed} of {plain} bytes"
    assert "Accept-Encoding" in client.get(path, headers=GZIP).headers["vary"]


def test_small_answers_are_not_compressed(client):
    assert raw_size(client, "/healthz", GZIP)[1] is None


def test_a_compressed_api_answer_decodes_to_the_same_json(client):
    body = {"dataset": "circle", "n": 60, "hidden": [{"units": 3, "activation": "tanh"}], "epochs": 2}
    packed = client.post("/api/v1/train", json=body, headers=GZIP)
    plain = client.post("/api/v1/train", json=body, headers={"Accept-Encoding": "identity"})
    assert packed.status_code == plain.status_code
    assert packed.json() == plain.json()


def sse_app():
    """The app plus an event stream whose frames are 0.4 s apart and each large enough to be compressed."""
    app = create_app()

    @app.get("/test-sse")
    async def sse():
        async def frames():
            for i in range(4):
                yield f"data: {i} {'x' * 900}\n\n"
                await asyncio.sleep(0.4)

        return StreamingResponse(frames(), media_type="text/event-stream")

    return app


def test_event_streams_are_never_compressed_and_flush_every_frame(serve_app):
    """Starlette 1.10's GZipMiddleware leaves text/event-stream alone (DEFAULT_EXCLUDED_CONTENT_TYPES): each
    frame goes out as the route yields it, in plain text, though the client accepts gzip."""
    with serve_app(sse_app()) as base, httpx.Client(base_url=base, headers=GZIP) as c:
        start = time.monotonic()
        arrivals = []
        with c.stream("GET", "/test-sse") as r:
            assert "content-encoding" not in r.headers
            buffer = b""
            for chunk in r.iter_raw():
                buffer += chunk
                while b"\n\n" in buffer:
                    frame, buffer = buffer.split(b"\n\n", 1)
                    assert frame.startswith(b"data: ")
                    arrivals.append(time.monotonic() - start)
    assert len(arrivals) == 4
    # Each frame arrived while the stream was still producing: the first long before the last was made.
    assert arrivals[0] < 0.35
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert all(gap > 0.2 for gap in gaps), arrivals


# ------------------------------------------------------------------------------------------ static files


def sha10(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]


def test_every_static_url_of_a_page_is_versioned_with_the_file_hash_and_cached_for_good(client):
    for path in ("/lessons/learning-rate", "/docs", "/playground"):
        soup = BeautifulSoup(client.get(path).text, "html.parser")
        refs = [el.get("src") or el.get("href") for el in soup.select("script[src], link[href]")]
        static = [ref for ref in refs if ref.startswith("/static/")]
        assert static, path
        for ref in static:
            name, _, version = ref.removeprefix("/static/").partition("?v=")
            assert version == sha10(name), ref
            r = client.get(ref, headers=GZIP)
            assert r.status_code == 200 and r.headers["cache-control"] == IMMUTABLE, ref


def test_unversioned_or_stale_static_urls_are_revalidated_by_etag(client):
    for ref in ("/static/css/nnlab.css", "/static/css/nnlab.css?v=0000000000"):
        r = client.get(ref, headers=GZIP)
        assert r.headers["cache-control"] == "no-cache"
        again = client.get(ref, headers={**GZIP, "If-None-Match": r.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == r.headers["etag"]
    assert client.get("/static/css/nnlab.css", headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("name", [PLOTLY, "vendor/htmx-2.0.11.min.js", "css/nnlab.css", "js/nnlab.js"])
def test_static_text_files_are_gzipped_and_decode_to_the_file(client, name):
    url = assets_for(STATIC_DIR).url(name)
    with client.stream("GET", url, headers=GZIP) as r:
        raw = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip"
        assert int(r.headers["content-length"]) == len(raw)
    assert gzip.decompress(raw) == (STATIC_DIR / name).read_bytes()
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == (STATIC_DIR / name).read_bytes()


def test_static_content_types(client):
    types = {name: client.get(f"/static/{name}").headers["content-type"]
             for name in ("js/nnlab.js", "css/nnlab.css", "favicon.svg")}
    assert types == {"js/nnlab.js": "text/javascript; charset=utf-8", "css/nnlab.css": "text/css; charset=utf-8",
                     "favicon.svg": "image/svg+xml"}


def test_plotly_raw_and_compressed_sizes(client):
    """The figures the report quotes (printed with -s): Plotly as stored and as sent."""
    raw = (STATIC_DIR / PLOTLY).stat().st_size
    sent, encoding = raw_size(client, assets_for(STATIC_DIR).url(PLOTLY), GZIP)
    print(f"\nplotly: {raw / 1024:.0f} KiB raw, {sent / 1024:.0f} KiB gzipped")
    assert encoding == "gzip" and sent < raw * 0.4


def test_each_file_is_compressed_once_not_per_request(tmp_path, monkeypatch):
    (tmp_path / "app.js").write_text("console.log('x');\n" * 100)
    calls = []
    real = gzip.compress
    monkeypatch.setattr(static_module.gzip, "compress", lambda *a, **k: calls.append(1) or real(*a, **k))
    assets = StaticAssets(tmp_path)
    with TestClient(Starlette(routes=[Mount("/static", assets)])) as c:
        bodies = {c.get("/static/app.js", headers=GZIP).content for _ in range(5)}
        assert len(bodies) == 1 and len(calls) == 1
        # A file edited on disk is read again, with a new version.
        before = assets.url("app.js")
        (tmp_path / "app.js").write_text("console.log('y');\n" * 200)
        assert c.get("/static/app.js").text.startswith("console.log('y')")
        assert assets.url("app.js") != before


def test_static_serves_only_files_inside_the_directory(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.css").write_text("a{}")
    (tmp_path.parent / "secret.txt").write_text("secret")
    assets = StaticAssets(tmp_path / "sub")
    with TestClient(Starlette(routes=[Mount("/static", assets)])) as c:
        assert c.get("/static/a.css").status_code == 200
        for path in ("/static/%2e%2e/secret.txt", "/static/%2e/a.css", "/static/missing.css", "/static/",
                     "/static/a.css%00"):
            assert c.get(path).status_code == 404, path
        assert c.post("/static/a.css").status_code == 405
        head = c.head("/static/a.css")
        assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == "3"
    with pytest.raises(ValueError, match="no static file"):
        assets.url("missing.css")


@pytest.mark.parametrize(
    ("header", "expected"),
    [("gzip", True), ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.8", True), ("gzip;q=0", False),
     ("identity", False), ("", False), ("*", True), ("*;q=0", False), ("br, *;q=0.1", True), ("gzip;q=x", False)],
)
def test_accepts_gzip(header, expected):
    assert accepts_gzip(header) is expected
