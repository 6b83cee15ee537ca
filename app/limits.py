"""Request bodies are bounded before anything parses them.

`BodyLimitMiddleware` reads a request's body itself, up to the limit for its path (a run import may be larger
than the JSON API's other bodies), and answers 413 as soon as the declared or received length passes it; only a
body within the limit reaches the app, which then reads it from memory. Nothing large is ever parsed, and nothing
parses on the event loop what it has not bounded first.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMPORT_PATH = "/api/v1/runs/import"
IMPORT_PATHS = frozenset({IMPORT_PATH, "/playground/runs/import", "/api/v1/scenes"})  # bodies that carry run exports


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int, max_import_bytes: int) -> None:
        self.app = app
        self.max_bytes, self.max_import_bytes = max_bytes, max_import_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        limit = self.max_import_bytes if scope["path"] in IMPORT_PATHS else self.max_bytes
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._too_large(send, limit)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > limit:
                await self._too_large(send, limit)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        whole = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as the server's receive does

        await self.app(scope, replay, send)

    @staticmethod
    async def _too_large(send: Send, limit: int) -> None:
        body = json.dumps({"detail": f"the request body is larger than {limit} bytes", "limit": limit}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
