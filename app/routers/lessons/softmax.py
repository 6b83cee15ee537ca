"""Lesson 8: /lessons/softmax. The calculator (the page, or with htmx only its regions), and the classifier's view
of a live run (JSON for static/js/lesson-softmax.js; the run itself trains through /api/v1/runs)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.errors import is_htmx
from app.i18n import translator
from app.lessons import BY_SLUG
from app.routers.lessons import NOT_FOR_THIS_VIEW, VIEW_ERRORS, page, swap, view_run
from app.routers.runs import Session, Store
from app.runs.run import Run
from app.runs.service import RunError
from app.services import playground as pg
from app.services import softmax_lesson as sm
from app.services import softmax_tex
from app.templating import request_lang

router = APIRouter()
LESSON = BY_SLUG["softmax"]


@router.get(sm.PATH, response_class=HTMLResponse)
def softmax_page(request: Request):
    s = sm.handle(request.query_params)
    t = translator(request_lang(request))
    context = {"s": s, "sm": sm, "tex": softmax_tex, "lesson": LESSON, "page_url": s.url,
               "playground_url": pg.PATH + "?" + urlencode(pg.to_query(sm.CLASSIFIER))}
    if is_htmx(request):
        return swap(request, "lessons/_sm_swap.html", context, s.url, not s.errors)
    view = sm.classifier_view(Run(sm.CLASSIFIER))  # the untrained network: what a new run starts from
    context.update(examples=sm.lecture_examples(), classifier=sm.classifier_payload(view, t), config={
        "experiment": sm.CLASSIFIER.model_dump(mode="json"), "api": "/api/v1/runs",
        "view": sm.PATH + "/runs/{id}/view", "chunk": sm.CHUNK, "max_updates": sm.MAX_UPDATES})
    return page(request, "lessons/softmax.html", context)


@router.get(sm.PATH + "/runs/{run_id}/view", responses={**VIEW_ERRORS, **NOT_FOR_THIS_VIEW})
async def classifier_view(run_id: str, request: Request, session: Session, store: Store) -> Any:
    """The classifier's probabilities over x from the run's current weights (no training here)."""
    t = translator(request_lang(request))

    def build(run: Run) -> dict:
        if run.experiment.dataset.value != "fruit_good" or run.loss.name != "cross_entropy":
            raise RunError(409, "this view is for the lesson's classifier runs (data set fruit_good, cross-entropy)")
        return sm.classifier_payload(sm.classifier_view(run), t)

    return await view_run(request, store, session, run_id, build)
