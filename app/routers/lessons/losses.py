"""Lesson 10: /lessons/losses. The full page, or (htmx) the regions that changed, from one service call."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.errors import is_htmx
from app.lessons import BY_SLUG
from app.routers.lessons import page, swap
from app.services import losses_lesson, losses_lesson_tex

router = APIRouter()
LESSON = BY_SLUG["losses"]


@router.get(losses_lesson.PATH, response_class=HTMLResponse)
def losses_page(request: Request):
    # A plain `def`: FastAPI runs it in a worker thread, so the NumPy work never blocks the event loop.
    state = losses_lesson.handle(request.query_params)
    context = {"s": state, "lesson": LESSON, "ls": losses_lesson, "tx": losses_lesson_tex, "page_url": state.url,
               "playground_url": state.playground_url}
    if is_htmx(request):
        swap_fields = request.query_params.get("action") == "reset"
        return swap(request, "lessons/_loss_swap.html", {**context, "swap_fields": swap_fields}, state.url,
                    not state.errors)
    return page(request, "lessons/losses.html", context)
