"""static/ served from memory, each file under a versioned URL that browsers may cache for good.

`StaticAssets.url("js/nnlab.js")` (the templates' `static_url`) is "/static/js/nnlab.js?v=<first 10 hex digits
of the file's SHA-256>". A request whose `v` is the file's version gets `Cache-Control: public, max-age=31536000,
immutable`, so the next page loads Plotly and htmx from the browser's cache without even asking; any other request
gets `no-cache` (the browser revalidates with the ETag and gets a 304). A changed file has a new version, hence a
new URL, so nobody keeps a stale copy.

Files are read once (at the first use of the directory in a process) and gzipped at most once each, at their
first request by a client that accepts gzip, never per request. A file that changes on disk is read again at
its next request (a stat per request; handy while editing), a file added later is found at its first use.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

PREFIX = "/static/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
MIN_GZIP = 500  # smaller files gain less than a gzip header and a round of CPU
TYPES = {
    ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
    ".json": "application/json", ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".map": "application/json", ".csv": "text/csv; charset=utf-8",
}
COMPRESSIBLE = frozenset(TYPES)  # text formats; images and fonts are compressed already


@dataclass
class Asset:
    """One file: its bytes, version (hash prefix), type, and its gzipped bytes once a client asked for them."""

    data: bytes
    stat: tuple[int, int]  # (mtime_ns, size) when read
    media_type: str
    compressible: bool
    version: str = ""
    _gzipped: bytes | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.version = hashlib.sha256(self.data).hexdigest()[:10]

    @property
    def etag(self) -> str:
        return f'"{self.version}"'

    @property
    def gzip_etag(self) -> str:
        return f'"{self.version}-gz"'

    @property
    def gzip_ready(self) -> bool:
        return self._gzipped is not None

    def gzipped(self) -> bytes:
        """The gzipped bytes, compressed on the first call only (level 9; mtime 0 so they never change)."""
        with self._lock:
            if self._gzipped is None:
                self._gzipped = gzip.compress(self.data, compresslevel=9, mtime=0)
            return self._gzipped


def _read(path: Path) -> Asset:
    st = path.stat()
    suffix = path.suffix.lower()
    media_type = TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    data = path.read_bytes()
    return Asset(data, (st.st_mtime_ns, st.st_size), media_type, suffix in COMPRESSIBLE and len(data) >= MIN_GZIP)


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (named or through *, with a q above 0)."""
    q_of = {}
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip() == "q":
            try:
                q = float(value)
            except ValueError:
                q = 0.0
        q_of[coding.strip().lower()] = q
    return q_of.get("gzip", q_of.get("x-gzip", q_of.get("*", 0.0))) > 0


class StaticAssets:
    """The ASGI app mounted at /static, and `url()` for the templates."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory.resolve()
        self.assets: dict[str, Asset] = {}
        for path in sorted(self.directory.rglob("*")):
            if path.is_file():
                self.assets[path.relative_to(self.directory).as_posix()] = _read(path)

    def _path(self, name: str) -> Path | None:
        """The file `name` names inside the directory, or None (also for anything that leaves it)."""
        if "\x00" in name or name.startswith("/"):
            return None
        path = (self.directory / name).resolve()
        if not path.is_relative_to(self.directory) or not path.is_file():
            return None
        # Only the canonical name ("css/x.css", not "css/./x.css"): one entry per file, so the table stays bounded.
        return path if path.relative_to(self.directory).as_posix() == name else None

    def get(self, name: str) -> Asset | None:
        """The file as it is now: read again when its mtime or size changed, read now when it is new."""
        asset = self.assets.get(name)
        try:
            st = os.stat(self.directory / name) if asset is not None else None
        except (OSError, ValueError):
            st = None
        if asset is not None and st is not None and (st.st_mtime_ns, st.st_size) == asset.stat:
            return asset
        path = self._path(name)
        if path is None:
            self.assets.pop(name, None)
            return None
        self.assets[name] = asset = _read(path)
        return asset

    def url(self, name: str) -> str:
        """"/static/<name>?v=<version>" for a file that exists; a template naming a missing file is a bug."""
        asset = self.assets.get(name) or self.get(name)
        if asset is None:
            raise ValueError(f"no static file {name!r} in {self.directory}")
        return f"{PREFIX}{name}?v={asset.version}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(405, headers={"Allow": "GET, HEAD"})
        root = scope.get("root_path", "")
        path = scope["path"][len(root):] if scope["path"].startswith(root) else scope["path"]
        asset = self.get(path.lstrip("/"))
        if asset is None:
            raise HTTPException(404)
        request_headers = Headers(scope=scope)
        versioned = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get("v") == asset.version
        use_gzip = asset.compressible and accepts_gzip(request_headers.get("accept-encoding", ""))
        headers = {"content-type": asset.media_type, "cache-control": IMMUTABLE if versioned else REVALIDATE,
                   "etag": asset.gzip_etag if use_gzip else asset.etag}
        if asset.compressible:
            headers["vary"] = "Accept-Encoding"
        if _not_modified(request_headers.get("if-none-match"), asset):
            await _respond(send, 304, headers, b"")
            return
        body = asset.data
        if use_gzip:
            body = asset.gzipped() if asset.gzip_ready else await anyio.to_thread.run_sync(asset.gzipped)
            headers["content-encoding"] = "gzip"
        headers["content-length"] = str(len(body))
        await _respond(send, 200, headers, b"" if scope["method"] == "HEAD" else body)


def _not_modified(if_none_match: str | None, asset: Asset) -> bool:
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or asset.etag in tags or asset.gzip_etag in tags


async def _respond(send: Send, status: int, headers: dict[str, str], body: bytes) -> None:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


@lru_cache
def assets_for(directory: Path) -> StaticAssets:
    """One StaticAssets per directory and process, shared by every app create_app() builds."""
    return StaticAssets(directory)
