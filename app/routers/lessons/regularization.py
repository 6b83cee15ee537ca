"""Lesson 6: /lessons/regularization. The form (the page, or with htmx only its regions: messages, the setup of
the next run, the train/eval-mode demonstration), and the lesson's view of a live run (JSON for
static/js/lesson-regularization.js; training goes through /api/v1/runs)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.errors import is_htmx
from app.i18n import translator
from app.lessons import BY_SLUG
from app.routers.runs import Session, Store, error_response
from app.runs import service as runs_service
from app.runs.service import RunError
from app.services import playground as pg
from app.services import regularization as reg
from app.templating import request_lang, templates

router = APIRouter()
LESSON = BY_SLUG["regularization"]


@router.get(reg.PATH, response_class=HTMLResponse)
def regularization_page(request: Request):
    s = reg.handle(request.query_params)
    t = translator(request_lang(request))
    context = {"s": s, "reg": reg, "lesson": LESSON, "page_url": s.url,
               "playground_url": pg.PATH + "?" + urlencode(pg.to_query(s.experiment))}
    headers = {"Vary": "HX-Request"}
    if is_htmx(request):
        if not s.errors:
            headers["HX-Replace-Url"] = s.url
        return templates.TemplateResponse(request, "lessons/_reg_swap.html", context, headers=headers)
    context.update(start=reg.initial_payload(t, s.experiment), config={
        "api": "/api/v1/runs", "view": reg.PATH + "/runs/{id}/view", "chunk": reg.CHUNK,
        "max_updates": reg.MAX_UPDATES})
    return templates.TemplateResponse(request, "lessons/regularization.html", context, headers=headers)


@router.get(reg.PATH + "/runs/{run_id}/view")
def run_view(run_id: str, request: Request, session: Session, store: Store,
             compare: Annotated[str | None, Query(max_length=64, description="a previous run to draw faded")] = None
             ) -> Any:
    try:
        run = runs_service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    other = store.get(session, compare) if compare else None
    return reg.payload(run, translator(request_lang(request)), other)
