"""Lesson 3: /lessons/learning-rate. The full page, or (htmx) the regions that changed, from one service call."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.errors import is_htmx
from app.lessons import BY_SLUG
from app.routers.lessons import page, swap
from app.services import learning_rate, learning_rate_tex

router = APIRouter()
LESSON = BY_SLUG["learning-rate"]


@router.get(learning_rate.PATH, response_class=HTMLResponse)
def learning_rate_page(request: Request):
    # A plain `def`: FastAPI runs it in a worker thread, so the NumPy work never blocks the event loop.
    state = learning_rate.handle(request.query_params)
    context = {"s": state, "lesson": LESSON, "lr": learning_rate, "tx": learning_rate_tex,
               "page_url": state.url, "playground_url": state.playground_url}
    if is_htmx(request):
        swap_fields = request.query_params.get("action") in ("preset", "reset")
        return swap(request, "lessons/_lr_swap.html", {**context, "swap_fields": swap_fields}, state.url,
                    not state.errors)
    return page(request, "lessons/learning-rate.html", context)
