"""The start page, the health check, and /lessons/{slug} for a slug no lesson has (its 404 page)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from app.errors import AppError
from app.templating import templates

router = APIRouter()


@router.get("/healthz")
def healthz(request: Request) -> Any:
    """ok, or a 503 when the run store (Redis, with several workers) does not answer."""
    if not request.app.state.runs.alive():
        return JSONResponse({"status": "run store unreachable"}, status_code=503)
    return {"status": "ok"}


@router.get("/", response_class=HTMLResponse)
def index(request: Request):
    return templates.TemplateResponse(request, "index.html", {})


# Not in the OpenAPI schema: it only ever answers the 404 page, as an unrouted path does.
@router.get("/lessons/{slug}", response_class=HTMLResponse, include_in_schema=False)
def lesson_without_page(slug: str):
    """Reached only when no lesson router claimed the path: an unknown slug."""
    raise AppError(404, "error.lesson_unknown")
