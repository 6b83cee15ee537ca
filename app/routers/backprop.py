"""Lesson 1: /lessons/backprop. The full page, or (htmx) only the regions that changed, from one service call."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.errors import is_htmx
from app.lessons import BY_SLUG
from app.routers.lessons import page, swap
from app.services import backprop, backprop_tex

router = APIRouter()
LESSON = BY_SLUG["backprop"]


@router.get(backprop.PATH, response_class=HTMLResponse)
def backprop_page(request: Request):
    # A plain `def`: FastAPI runs it in a worker thread, so NumPy never blocks the event loop.
    state = backprop.handle(request.query_params)
    context = {"s": state, "lesson": LESSON, "bp": backprop, "tx": backprop_tex, "page_url": state.url}
    if is_htmx(request):
        swap_fields = request.query_params.get("action") in ("step", "reset")
        return swap(request, "lessons/_backprop_swap.html", {**context, "swap_fields": swap_fields}, state.url,
                    not state.errors)
    return page(request, "lessons/backprop.html", context)
