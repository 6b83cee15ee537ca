"""Two small ASGI middlewares: the request's language, and the security headers of every response.

Plain ASGI (not BaseHTTPMiddleware) so streaming responses pass through untouched.
"""

from __future__ import annotations

import secrets

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n import COOKIE, LANGS, choose_lang

# Plotly writes <style> elements and style attributes, hence 'unsafe-inline' for styles only; scripts are
# our own files (no inline JS, no eval: htmx runs with allowEval false).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
COOKIE_MAX_AGE = 365 * 24 * 3600


class LanguageMiddleware:
    """Chooses the language (?lang=, cookie, Accept-Language, default) into request.state.lang.

    A valid ?lang= also sets the cookie, so the choice sticks on the following pages.
    """

    def __init__(self, app: ASGIApp, default_lang: str) -> None:
        self.app = app
        self.default_lang = default_lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        asked = conn.query_params.get("lang")
        lang = choose_lang(asked, conn.cookies.get(COOKIE), conn.headers.get("accept-language"), self.default_lang)
        scope.setdefault("state", {})["lang"] = lang

        async def send_with_lang(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.add_vary_header("Accept-Language")
                headers.add_vary_header("Cookie")
                if asked in LANGS:
                    headers.append("Set-Cookie", f"{COOKIE}={lang}; Max-Age={COOKIE_MAX_AGE}; Path=/; SameSite=Lax")
            await send(message)

        await self.app(scope, receive, send_with_lang)


SESSION_COOKIE = "nnlab_session"
SESSION_MAX_AGE = 7 * 24 * 3600


def valid_session(value: str | None) -> bool:
    return bool(value) and 20 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()


class SessionMiddleware:
    """Gives every browser a session id (192 random bits) in an HttpOnly, SameSite=Lax cookie on its first
    request, and puts the id into request.state.session. Setting it on the page load, not on the first run,
    means runs a page creates in parallel all belong to one session."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        sid = HTTPConnection(scope).cookies.get(SESSION_COOKIE)
        fresh = not valid_session(sid)
        if fresh:
            sid = secrets.token_urlsafe(24)
        scope.setdefault("state", {})["session"] = sid

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                MutableHeaders(scope=message).append(
                    "Set-Cookie", f"{SESSION_COOKIE}={sid}; Max-Age={SESSION_MAX_AGE}; Path=/; HttpOnly; SameSite=Lax")
            await send(message)

        await self.app(scope, receive, send_with_cookie)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and friends to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
