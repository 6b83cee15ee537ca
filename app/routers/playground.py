"""The Playground: /playground (the page, prefilled from its query) and the views of a paused run.

Training itself goes through /api/v1/runs (app/routers/runs.py); this router only renders the page and answers
the one thing the runs API gives only while streaming: the decision boundary, neuron maps, gradient norms and
dead-ReLU fractions of a run right now, so a paused run's views follow a single step, an edited weight or a reset.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.forms import query_choice
from app.i18n import translator
from app.routers.lessons import VIEW_ERRORS, view_run
from app.routers.runs import Session, Store
from app.runs import views
from app.services import playground as pg
from app.templating import request_lang, templates

router = APIRouter()


@router.get(pg.PATH, response_class=HTMLResponse)
def playground_page(request: Request):
    # A plain `def`: the checks build the data set in a worker thread, never on the event loop.
    prefill = pg.parse(request.query_params)
    speed = query_choice(request.query_params.get("speed"), pg.SPEEDS) or pg.DEFAULT_SPEED
    exp = prefill.experiment
    config = pg.script_config(exp, translator(request_lang(request)), speed)
    context = {
        "exp": exp, "e": exp.model_dump(mode="json"), "values": dict(pg.to_query(exp)), "errors": prefill.errors, "pg": pg, "speed": speed,
        "info": pg.dataset_info(exp.dataset.value), "train_size": pg.train_size(exp), "config": config,
        "page_url": pg.PATH + "?" + urlencode(pg.to_query(exp) + [("speed", str(speed))]),
    }
    return templates.TemplateResponse(request, "playground.html", context)


def _views(run) -> dict:
    return {"step": run.trainer.step, "grid": views.grid(run), "network": views.network(run),
            "grad_norms": views.gradient_norms(run), "dead_relu": views.dead_relu_fraction(run),
            "neuron_maps": views.neuron_maps(run)}


@router.get(pg.PATH + "/runs/{run_id}/view", responses=VIEW_ERRORS)
async def run_view(run_id: str, request: Request, session: Session, store: Store) -> Any:
    """What the stream's detail frames carry, for a run that is not streaming (JSON, no training)."""
    return await view_run(request, store, session, run_id, _views)
