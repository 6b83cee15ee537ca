"""Lesson 7: /lessons/overfitting. The setup form (the page, or with htmx only its regions), and the lesson's view
of a live run (JSON for static/js/lesson-overfitting.js; training and the one test evaluation go through
/api/v1/runs)."""

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
from app.services import overfitting as of
from app.services import playground as pg
from app.templating import request_lang

router = APIRouter()
LESSON = BY_SLUG["overfitting"]


def playground_url(exp) -> str:
    return pg.PATH + "?" + urlencode(pg.to_query(exp))


@router.get(of.PATH, response_class=HTMLResponse)
def overfitting_page(request: Request):
    s = of.handle(request.query_params)
    t = translator(request_lang(request))
    context = {"s": s, "of": of, "lesson": LESSON, "page_url": s.url, "playground_url": playground_url(s.experiment)}
    if is_htmx(request):
        context["swap_fields"] = request.query_params.get("action") == "reset"
        return swap(request, "lessons/_of_swap.html", context, s.url, not s.errors)
    context.update(empty_plot=of.empty_plot(t), config={
        "api": "/api/v1/runs", "view": of.PATH + "/runs/{id}/view", "chunk": of.CHUNK, "max_updates": of.MAX_UPDATES})
    return page(request, "lessons/overfitting.html", context)


@router.get(of.PATH + "/runs/{run_id}/view", responses=VIEW_ERRORS)
async def run_view(run_id: str, request: Request, session: Session, store: Store, compare: Compare = None) -> Any:
    t = translator(request_lang(request))
    return await view_compared(request, store, session, run_id, compare, lambda run, other: of.payload(run, t, other))
