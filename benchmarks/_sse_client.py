"""A light HTTP/1.1 client for the load benchmarks: create a run, then read its Server-Sent Events stream.

Plain asyncio streams and a few lines of parsing, on loopback. httpx (h11, pure Python) costs about as much CPU per
frame as the server spends making it, and on one machine the clients' CPU is taken from the server: with it, 200
learners measured the clients as much as the server. Only what the benchmarks need: one request per connection
(Connection: close for the POST), Content-Length or chunked bodies, the session cookie, no TLS, no gzip.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit


class HttpError(Exception):
    pass


async def _open(base: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, str]:
    url = urlsplit(base)
    reader, writer = await asyncio.open_connection(url.hostname, url.port, limit=1 << 20)
    return reader, writer, f"{url.hostname}:{url.port}"


async def _head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], list[str]]:
    """Status, headers (lower-case names; the last of repeated ones), and every Set-Cookie's name=value."""
    status_line = await reader.readline()
    if not status_line:
        raise HttpError("connection closed before the status line")
    status = int(status_line.split()[1])
    headers, cookies = {}, []
    while True:
        line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
        if not line:
            return status, headers, cookies
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        headers[name] = value
        if name == "set-cookie":
            cookies.append(value.split(";", 1)[0])


async def _chunks(reader: asyncio.StreamReader):
    """The pieces of a chunked body, until its last (empty) chunk."""
    while True:
        size = int((await reader.readline()).split(b";", 1)[0], 16)
        if size == 0:
            return
        data = await reader.readexactly(size + 2)
        yield data[:-2]


class Client:
    """One learner: its client address (X-Forwarded-For) and its session cookie."""

    def __init__(self, base: str, address: str):
        self.base, self.address, self.cookies = base, address, []

    def _request(self, method: str, path: str, host: str, body: bytes = b"", close: bool = True) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", f"X-Forwarded-For: {self.address}",
                 "Accept: */*", f"Connection: {'close' if close else 'keep-alive'}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(self.cookies))
        if method == "POST":
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    def _keep(self, cookies: list[str]) -> None:
        names = {c.split("=", 1)[0] for c in cookies}
        self.cookies = [c for c in self.cookies if c.split("=", 1)[0] not in names] + cookies

    async def post_json(self, path: str, payload: dict) -> tuple[int, dict]:
        reader, writer, host = await _open(self.base)
        try:
            writer.write(self._request("POST", path, host, json.dumps(payload).encode()))
            await writer.drain()
            status, headers, cookies = await _head(reader)
            self._keep(cookies)
            if headers.get("transfer-encoding") == "chunked":
                body = b"".join([piece async for piece in _chunks(reader)])
            else:
                body = await reader.readexactly(int(headers.get("content-length", "0")))
            return status, json.loads(body) if body else {}
        finally:
            writer.close()

    async def events(self, path: str):
        """(event name, data) of a text/event-stream, until the server ends it; raises HttpError on a status
        other than 200."""
        reader, writer, host = await _open(self.base)
        try:
            writer.write(self._request("GET", path, host, close=False))
            await writer.drain()
            status, headers, cookies = await _head(reader)
            self._keep(cookies)
            if status != 200:
                raise HttpError(f"stream {status}")
            buffer = b""
            async for piece in _chunks(reader):
                buffer += piece
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    name, data = "message", []
                    for line in block.decode().split("\n"):
                        if line.startswith("event:"):
                            name = line[6:].strip()
                        elif line.startswith("data:"):
                            data.append(line[5:].lstrip())
                    yield name, "\n".join(data)
        finally:
            writer.close()
