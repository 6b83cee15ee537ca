"""Lesson 9: /lessons/activations. The page (or, for htmx, the regions that changed), and for the page's live
comparison the fraction of units that are off in each hidden layer of one of the session's runs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.errors import is_htmx
from app.lessons import BY_SLUG
from app.routers.lessons import VIEW_ERRORS, page, swap, view_run
from app.routers.runs import Session, Store
from app.services import activations_lesson as act
from app.services import activations_tex as tx

router = APIRouter()
LESSON = BY_SLUG["activations"]


@router.get(act.PATH, response_class=HTMLResponse)
def activations_page(request: Request):
    # A plain `def`: FastAPI runs it in a worker thread, so NumPy never blocks the event loop.
    state = act.handle(request.query_params)
    context = {"s": state, "lesson": LESSON, "act": act, "tx": tx, "page_url": state.url,
               "playground_url": state.playground_url}
    if is_htmx(request):
        return swap(request, "lessons/_act_swap.html", context, state.url, not state.errors)
    return page(request, "lessons/activations.html", context)


@router.get(act.RUN_VIEW_PATH, responses=VIEW_ERRORS)
async def inactive_units(run_id: str, request: Request, session: Session, store: Store) -> Any:
    """{"step", "inactive": per hidden layer the fraction of units with z <= 0 for every training row}."""
    return await view_run(request, store, session, run_id,
                    lambda run: {"step": run.trainer.step, "inactive": act.inactive_fractions(run)})
