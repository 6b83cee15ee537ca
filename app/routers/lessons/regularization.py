"""Lesson 6: /lessons/regularization. The form (the page, or with htmx only its regions: messages, the setup of
the next run, the train/eval-mode demonstration), and the lesson's view of a live run (JSON for
static/js/lesson-regularization.js; training goes through /api/v1/runs)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.errors import is_htmx
from app.i18n import translator
from app.lessons import BY_SLUG
from app.routers.lessons import VIEW_ERRORS, Compare, page, swap, view_compared
from app.routers.runs import Session, Store
from app.services import playground as pg
from app.services import regularization as reg
from app.templating import request_lang

router = APIRouter()
LESSON = BY_SLUG["regularization"]


@router.get(reg.PATH, response_class=HTMLResponse)
def regularization_page(request: Request):
    s = reg.handle(request.query_params)
    t = translator(request_lang(request))
    context = {"s": s, "reg": reg, "lesson": LESSON, "page_url": s.url,
               "playground_url": pg.PATH + "?" + urlencode(pg.to_query(s.experiment))}
    if is_htmx(request):
        return swap(request, "lessons/_reg_swap.html", context, s.url, not s.errors)
    context.update(start=reg.initial_payload(t, s.experiment), config={
        "api": "/api/v1/runs", "view": reg.PATH + "/runs/{id}/view", "chunk": reg.CHUNK,
        "max_updates": reg.MAX_UPDATES})
    return page(request, "lessons/regularization.html", context)


@router.get(reg.PATH + "/runs/{run_id}/view", responses=VIEW_ERRORS)
async def run_view(run_id: str, request: Request, session: Session, store: Store, compare: Compare = None) -> Any:
    t = translator(request_lang(request))
    return await view_compared(request, store, session, run_id, compare, lambda run, other: reg.payload(run, t, other))
