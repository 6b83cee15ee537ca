"""Lesson 4: /lessons/batch-size. The page; its settings form's htmx answer; and the measurements of the
page's live runs (JSON for the page's script)."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.compute import Busy
from app.errors import is_htmx
from app.i18n import translator
from app.lessons import BY_SLUG
from app.routers.lessons import VIEW_ERRORS, page, swap
from app.routers.runs import Session, Store, as_json, error_response, run_job
from app.runs import service as runs_service
from app.runs.service import RunError
from app.services import batch_size as bs
from app.services import batch_size_tex as bs_tex
from app.templating import request_lang

router = APIRouter()
LESSON = BY_SLUG["batch-size"]


def _render(request: Request, settings_form: bool):
    s = bs.page_state(request.query_params)
    t = translator(request_lang(request))
    context = {"s": s, "lesson": LESSON, "bs": bs, "page_url": s.url, "plan": bs.plan(s.m),
               "run_config": bs.run_config(s, t), "bs_tex": bs_tex, "playground_url": bs.playground_url(s)}
    if settings_form and is_htmx(request):
        return swap(request, "lessons/_bs_swap.html", context, s.url, not (s.errors or s.m_error))
    context["plots"] = bs.empty_plots(s.m, t)
    return page(request, "lessons/batch-size.html", context)


@router.get(bs.PATH, response_class=HTMLResponse)
def batch_size_page(request: Request):
    return _render(request, False)


@router.get(bs.PATH + "/settings", response_class=HTMLResponse)
def batch_size_settings(request: Request):
    """Messages beside bad fields, or the new table and run configuration (the script starts new runs)."""
    return _render(request, True)


@router.get(bs.PATH + "/view", responses=VIEW_ERRORS)
async def batch_size_view(request: Request, session: Session, store: Store, ids: Annotated[str, Query(
        max_length=40 * bs.MAX_RUNS, pattern=rf"^[^,]+(,[^,]+){{0,{bs.MAX_RUNS - 1}}}$",
        description=f"1..{bs.MAX_RUNS} run ids, comma-separated")]) -> Any:
    """The measurements of the page's runs right now (no training happens here)."""
    t = translator(request_lang(request))

    def work():
        runs = [runs_service.get(store, session, run_id) for run_id in ids.split(",")]  # in the pool: may load
        with ExitStack() as locks:
            for run in runs:
                locks.enter_context(run.lock)
            try:
                return bs.view(runs, t)
            finally:
                for run in runs:
                    run.release()

    try:
        return await run_job(request, as_json(work))
    except (RunError, Busy) as exc:
        return error_response(exc)
