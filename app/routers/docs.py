"""/docs: the OpenAPI schema in a vendored Swagger UI (no other host; started by a static script, so the CSP holds)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.templating import templates

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    return templates.TemplateResponse(request, "api_docs.html", {"schema_url": request.app.openapi_url})
