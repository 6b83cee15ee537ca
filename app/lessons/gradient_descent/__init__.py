"""Lesson 2: /lessons/gradient-descent. The page; its two forms' htmx answers (the runs' settings, the hazard
surface); and a live run's card view (minibatch against full-batch gradient), JSON for the page's script."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.errors import is_htmx
from app.i18n import translator
from app.lessons import BY_SLUG
from app.routers.lessons import NOT_FOR_THIS_VIEW, VIEW_ERRORS, page, swap, view_run
from app.routers.runs import Session, Store
from app.runs.service import RunError
from app.services import gradient_descent as gd
from app.services import gradient_descent_tex as gd_tex
from app.templating import request_lang

router = APIRouter()
LESSON = BY_SLUG["gradient-descent"]


def _render(request: Request, part: str | None):
    s = gd.page_state(request.query_params)
    t = translator(request_lang(request))
    context = {"s": s, "lesson": LESSON, "gd": gd, "tx": gd_tex, "page_url": s.url,
               "start": gd.start(), "plots": gd.hazard_plots(s.hz, t), "start_plot": gd.start_plot(t),
               "loss_plots": gd.loss_plots(t, s.settings),
               "run_config": gd.run_config(s.settings, s.shuffle, s.speed, t),
               "playground_url": gd.playground_url(s.settings)}
    if part and is_htmx(request):
        return swap(request, "lessons/_gd_swap.html", {**context, "part": part}, s.url,
                    not (s.errors or s.hz.errors))
    return page(request, "lessons/gradient-descent.html", context)


@router.get(gd.PATH, response_class=HTMLResponse)
def gradient_descent_page(request: Request):
    return _render(request, None)


@router.get(gd.PATH + "/settings", response_class=HTMLResponse)
def gradient_descent_settings(request: Request):
    """The runs' settings: messages beside bad fields, or a new run configuration (the script restarts)."""
    return _render(request, "settings")


@router.get(gd.PATH + "/hazard", response_class=HTMLResponse)
def gradient_descent_hazard(request: Request):
    """A descent on the hazard surface from the clicked (or typed) start."""
    return _render(request, "hazard")


@router.get(gd.PATH + "/runs/{run_id}/view", responses={**VIEW_ERRORS, **NOT_FOR_THIS_VIEW})
async def gradient_descent_run_view(run_id: str, request: Request, session: Session, store: Store) -> Any:
    """A live run's card: status, last minibatch, its gradient against the full-batch gradient, the fit."""
    def build(run):
        if run.experiment.dataset.value != "fruit" or run.loss.name != "mse":
            raise RunError(409, "this view is for the lesson's fruit runs (data set fruit, loss mse)")
        return gd.run_view(run, translator(request_lang(request)))

    return await view_run(request, store, session, run_id, build)
