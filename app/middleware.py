"""The app's ASGI middlewares, outermost first (main.py adds them in reverse):

- SecurityHeadersMiddleware: CSP and friends on every response, 500s included;
- CatchErrorsMiddleware: an unexpected exception becomes the plain 500 and the connection stays usable;
- (Starlette's GZipMiddleware: compresses text responses, never event streams)
- LanguageMiddleware: the request's language, and its cookie;
- TrailingSlashMiddleware: /path/ -> a relative redirect to /path;
- SessionMiddleware: the session id (server-made, signed) and the budget of new sessions per client address;
- NoStoreMiddleware: run state and exports are never stored by a cache.

Plain ASGI (not BaseHTTPMiddleware) so streaming responses pass through untouched.
"""

from __future__ import annotations

import re

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Match, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.clients import Clients
from app.errors import render_error, unhandled_error_handler
from app.i18n import COOKIE, LANGS, choose_lang
from app.sessions import SessionIds, TokenBuckets, retry_after

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
STATIC_PREFIX = "/static/"
# Requests that never get a session: files, and the health check (a probe every few seconds is no visitor).
NO_SESSION = re.compile(r"^(?:/static/|/healthz$)")
# Run state and exports: the runs API, and the pages' views of a run (.../runs/{id}/..., /lessons/batch-size/view).
RUN_STATE = re.compile(r"^/api/v1/runs(?:/|$)|/runs/|/view$")


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


class CatchErrorsMiddleware:
    """Answers an exception nothing else handled with the plain 500 (app.errors: page, fragment or JSON), logged,
    and does not raise it further.

    Starlette's ServerErrorMiddleware, outermost, also answers with that handler but then re-raises, so the
    response skips our middlewares (no security headers) and uvicorn, seeing the exception, closes the keep-alive
    connection, failing the client's next request on it. Once a response has started there is nothing to answer
    with any more: the exception goes on, and the server ends the connection of that truncated response.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as exc:
            if started:
                raise
            response = await unhandled_error_handler(Request(scope), exc)
            await response(scope, receive, send)


class LanguageMiddleware:
    """Chooses the language (?lang=, cookie, Accept-Language, default) into request.state.lang.

    A valid ?lang= also sets the cookie, so the choice sticks on the following pages. Responses vary with the
    language's sources, except static files, which are the same in every language.
    """

    def __init__(self, app: ASGIApp, default_lang: str, clients: Clients) -> None:
        self.app = app
        self.default_lang = default_lang
        self.clients = clients

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        asked = conn.query_params.get("lang")
        lang = choose_lang(asked, conn.cookies.get(COOKIE), conn.headers.get("accept-language"), self.default_lang)
        scope.setdefault("state", {})["lang"] = lang
        static = scope["path"].startswith(STATIC_PREFIX)

        async def send_with_lang(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if not static:
                    headers.add_vary_header("Accept-Language")
                    headers.add_vary_header("Cookie")
                if asked in LANGS:
                    headers.append("Set-Cookie", f"{COOKIE}={lang}; Max-Age={COOKIE_MAX_AGE}; Path=/; SameSite=Lax"
                                   + self.clients.cookie_attrs(scope))
            await send(message)

        await self.app(scope, receive, send_with_lang)


class TrailingSlashMiddleware:
    """`/lessons/backprop/?x=1` -> 307 to `/lessons/backprop?x=1` when only the path without the slash has a route.

    The Location is relative. Starlette's own redirect (redirect_slashes, turned off in main.py) builds an absolute
    URL from the Host header, which the client writes: `Host: evil.example` made it redirect to evil.example.
    """

    def __init__(self, app: ASGIApp, router: Router) -> None:
        self.app = app
        self.router = router

    def _routed(self, scope: Scope, path: str) -> bool:
        probe = {**scope, "path": path}
        return any(route.matches(probe)[0] != Match.NONE for route in self.router.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            raw = scope.get("raw_path")
            location = raw.decode("latin-1").split("?")[0].rstrip("/") if raw else path.rstrip("/")
            # "//host" or "/\host" would be read by browsers as another host: never redirect there.
            if location.startswith("/") and not location.startswith(("//", "/\\")) \
                    and not self._routed(scope, path) and self._routed(scope, path.rstrip("/")):
                query = scope.get("query_string", b"").decode("latin-1")
                response = Response(status_code=307, headers={"Location": location + (f"?{query}" if query else "")})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


SESSION_COOKIE = "nnlab_session"
SESSION_MAX_AGE = 7 * 24 * 3600


class SessionMiddleware:
    """Gives every browser a session in an HttpOnly, SameSite=Lax cookie on its first request, and puts the
    session id into request.state.session. Setting it on the page load, not on the first run, means runs a page
    creates in parallel all belong to one session.

    Ids are made and signed by the server (app.sessions.SessionIds); a cookie that does not check out gets a
    fresh session. A new session costs one from its client address's budget, a request one from its session's
    (app.sessions.TokenBuckets); over budget the answer is 429 with Retry-After (JSON for /api/, the error page
    or fragment otherwise), at once, before any routing or parsing.
    """

    def __init__(self, app: ASGIApp, ids: SessionIds, budget: TokenBuckets, clients: Clients,
                 requests: TokenBuckets | None = None) -> None:
        self.app = app
        self.ids = ids
        self.budget = budget
        self.requests = requests  # requests per session: a flood is turned away here, before any routing
        self.clients = clients

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or NO_SESSION.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        sid = self.ids.check(HTTPConnection(scope).cookies.get(SESSION_COOKIE))
        cookie = None
        if sid is not None and self.requests is not None:
            wait = self.requests.take(sid)
            if wait > 0:
                response = render_error(Request(scope), 429, "error.too_many_requests",
                                        {"seconds": retry_after(wait)}, headers={"Retry-After": retry_after(wait)})
                await response(scope, receive, send)
                return
        if sid is None:
            wait = self.budget.take(self.clients.address(scope))
            if wait > 0:
                response = render_error(Request(scope), 429, "error.too_many_sessions",
                                        {"seconds": retry_after(wait)}, headers={"Retry-After": retry_after(wait)})
                await response(scope, receive, send)
                return
            sid, value = self.ids.new()
            cookie = (f"{SESSION_COOKIE}={value}; Max-Age={SESSION_MAX_AGE}; Path=/; HttpOnly; SameSite=Lax"
                      + self.clients.cookie_attrs(scope))
        state = scope.setdefault("state", {})
        state["session"] = sid
        state["client"] = self.clients.address(scope)  # the compute pool shares fairly by client, then session

        async def send_with_cookie(message: Message) -> None:
            if cookie and message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("Set-Cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on run state and exports (RUN_STATE), the live stream included: a learner's runs
    never land in a shared or on-disk cache."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not RUN_STATE.search(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_no_store)
