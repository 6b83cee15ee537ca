"""One error type for the app and the handlers that show errors as the request wants them.

- /api/... -> JSON {"detail": message, "error": key}
- an htmx request -> a fragment swapped out-of-band into the page's #flash region (HX-Reswap: none keeps
  the request's own target unchanged)
- otherwise -> the full error page.
Never a traceback: anything unexpected is logged and answered with a plain message in both languages.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.i18n import translate
from app.templating import request_lang, templates

log = logging.getLogger("nnlab")


class AppError(Exception):
    """An error to show the user: HTTP status, a message key of the catalog and its parameters."""

    def __init__(self, status: int, message_key: str, **params) -> None:
        super().__init__(f"{status} {message_key} {params}")
        self.status = status
        self.message_key = message_key
        self.params = params


# JSON endpoints: the API, and the lessons' JSON answers: views of runs (.../runs/{id}/...), data (.../data/...)
# and states (.../state.json) (app.lessons.router). Their scripts read JSON, errors included.
JSON_PATHS = re.compile(r"^/api/|/runs/|/data/|\.json$")


def is_api_path(path: str) -> bool:
    return JSON_PATHS.search(path) is not None


def is_api(request: Request) -> bool:
    return is_api_path(request.url.path)


def is_htmx(request: Request) -> bool:
    """An htmx request that swaps a fragment (a history restore wants the whole page)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


# Page titles by status, and the message for Starlette's own HTTP errors.
_TITLES = {400: "error.title.bad_request", 404: "error.title.not_found", 429: "error.title.too_many_requests"}
_HTTP_KEYS = {404: "error.not_found", 405: "error.method_not_allowed", 400: "error.bad_request"}


def render_error(request: Request, status: int, message_key: str, params: dict | None = None,
                 headers: dict | None = None) -> Response:
    """The error as JSON (/api/), an out-of-band #flash fragment (htmx) or the error page."""
    params = params or {}
    lang = request_lang(request)
    message = translate(lang, message_key, **params)
    if is_api(request):
        body = {"detail": message, "error": message_key, "params": jsonable_encoder(params)}
        return JSONResponse(body, status_code=status, headers=headers)
    context = {"status": status, "message": message, "title_key": _TITLES.get(status, "error.title.other")}
    if is_htmx(request):
        return templates.TemplateResponse(request, "_flash.html", context, status_code=status,
                                          headers={**(headers or {}), "HX-Reswap": "none"})
    return templates.TemplateResponse(request, "error.html", context, status_code=status, headers=headers)


async def app_error_handler(request: Request, exc: AppError) -> Response:
    return render_error(request, exc.status, exc.message_key, exc.params)


def allowed_methods(request: Request) -> str | None:
    """The methods of every route of the path template the request matched. Starlette's 405 names only those of
    the first route that matched (GET of /api/v1/runs/{run_id}, not its DELETE and PATCH)."""
    template = getattr(request.scope.get("route"), "path_format", None)
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if template is not None and route.path_format == template:
            methods |= route.methods or set()
    return ", ".join(sorted(methods)) or None


async def http_error_handler(request: Request, exc: StarletteHTTPException) -> Response:
    headers = exc.headers
    if exc.status_code == 405 and (allow := allowed_methods(request)):
        headers = {**(headers or {}), "Allow": allow}
    if is_api(request) and exc.status_code not in (404, 405):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)
    key = _HTTP_KEYS.get(exc.status_code, "error.http")
    return render_error(request, exc.status_code, key, {"status": exc.status_code}, headers=headers)


async def validation_error_handler(request: Request, exc: RequestValidationError) -> Response:
    if is_api(request):
        return await request_validation_exception_handler(request, exc)  # FastAPI's 422: field and limit
    return render_error(request, 400, "error.bad_request")


# Written out here, not through the templates or the catalog: this must work even when they are the fault.
PLAIN_500 = """<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><title>nnlab: błąd serwera / server error</title>
<link rel="stylesheet" href="/static/css/nnlab.css"></head>
<body><main id="main"><h1>Błąd serwera</h1>
<p>Coś poszło nie tak po stronie serwera. Błąd został zapisany w dzienniku. Spróbuj ponownie lub
<a href="/">wróć do strony głównej</a>.</p>
<h1 lang="en">Server error</h1>
<p lang="en">Something went wrong on the server. The error has been logged. Try again or
<a href="/">go back to the start page</a>.</p></main></body></html>
"""
PLAIN_500_FRAGMENT = """<div id="flash" class="flash" role="alert" hx-swap-oob="true">
<p>Błąd serwera: spróbuj ponownie.</p><p lang="en">Server error: please try again.</p></div>
"""


async def unhandled_error_handler(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    if is_api(request):
        return JSONResponse({"detail": "Internal server error / Błąd serwera"}, status_code=500)
    if is_htmx(request):
        return HTMLResponse(PLAIN_500_FRAGMENT, status_code=500, headers={"HX-Reswap": "none"})
    return HTMLResponse(PLAIN_500, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(AppError, app_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(Exception, unhandled_error_handler)
