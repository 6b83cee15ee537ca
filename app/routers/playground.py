"""The Playground: /playground (the page, prefilled from its query), the experiment its controls describe, the
views of a paused run, and importing a saved run.

Training itself goes through /api/v1/runs (app/routers/runs.py). This router renders the page; reads the controls'
text as an experiment (GET /playground/data/experiment: the experiment JSON is built on the server only, and a bad
control is answered with its {field, key, params} error, 200, never a 4xx the browser would log); answers the one
thing the runs API gives only while streaming: the decision boundary, neuron maps, gradient norms and dead-ReLU
fractions of a run right now, so a paused run's views follow a single step, an edited weight or a reset; and
imports a run's file with its problem said beside the file field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app import json_input
from app.compute import Busy
from app.forms import query_choice
from app.openapi import BUSY, NO_RUN
from app.routers.runs import Session, Store, WeightRequest, as_json, compute, error_response, run_job
from app.runs import service, views
from app.runs.run import Run
from app.runs.service import RunError
from app.runs.store import RunStore
from app.services import playground as pg
from app.services.playground import model_limits
from app.templating import request_lang, templates

# What a JSON view of a run answers besides 200 (view_run's errors: the runs API's).
VIEW_ERRORS = {**NO_RUN, **BUSY}


async def view_run(request: Request, store: RunStore, session: str, run_id: str, build: Callable[[Run], Any]) -> Any:
    """build(run) for the session's run `run_id`, in the compute pool with the run's lock held (no training
    happens here), or the runs API's JSON error: 404 for an unknown run, 429/503 when the pool is full."""
    def work() -> Any:  # the lookup too: a shared store loads the run, which is work for the pool
        return service.locked(service.get(store, session, run_id), build)

    try:
        return await run_job(request, as_json(work))
    except (RunError, Busy) as exc:
        return error_response(exc)

router = APIRouter()
WEIGHT = model_limits(WeightRequest.model_fields["value"].metadata)  # what the diagram's editor may set


@router.get(pg.PATH, response_class=HTMLResponse)
def playground_page(request: Request):
    # A plain `def`: the checks build the data set in a worker thread, never on the event loop.
    prefill = pg.parse(request.query_params)
    speed = query_choice(request.query_params.get("speed"), pg.SPEEDS) or pg.DEFAULT_SPEED
    exp = prefill.experiment
    config = pg.script_config(exp, request_lang(request), speed, WEIGHT)
    values = dict(pg.to_query(exp))
    for name in prefill.errors:  # a bad number keeps the text the learner wrote, beside its message
        if pg.BY_NAME[name].kind in ("int", "float") and name in request.query_params:
            values[name] = request.query_params[name][:40]
    context = {
        "exp": exp, "e": exp.model_dump(mode="json"), "values": values, "errors": prefill.errors,
        "pg": pg, "speed": speed, "info": pg.dataset_info(exp.dataset.value), "config": config,
        "page_url": pg.PATH + "?" + urlencode(pg.to_query(exp) + [("speed", str(speed))]),
    }
    return templates.TemplateResponse(request, "playground.html", context)


@router.get(pg.PATH + "/data/experiment")
def experiment(request: Request) -> dict:
    """The experiment the controls' text describes (the page's query parameters, numbers with a decimal point or
    comma): {"experiment", "query", "train_size", "errors": [{field, key, params}]}. With errors, each bad
    parameter took its default in "experiment" (the page applies nothing until they are fixed)."""
    return pg.parse(request.query_params).as_json()


def _views(run) -> dict:
    return {"step": run.trainer.step, "grid": views.grid(run), "network": views.network(run),
            "grad_norms": views.gradient_norms(run), "dead_relu": views.dead_relu_fraction(run),
            "neuron_maps": views.neuron_maps(run)}


@router.get(pg.PATH + "/runs/{run_id}/view", responses=VIEW_ERRORS)
async def run_view(run_id: str, request: Request, session: Session, store: Store) -> Any:
    """What the stream's detail frames carry, for a run that is not streaming (JSON, no training)."""
    return await view_run(request, store, session, run_id, _views)


@router.post(pg.PATH + "/runs/import", responses=BUSY)
async def import_run(request: Request, session: Session, store: Store) -> Any:
    """POST /api/v1/runs/import for the page: {"run": the run's state}, or {"errors": [{field, key, params}]} for
    a file that is no run export (200: the message goes beside the file field)."""
    body = await request.body()  # the size limit was enforced before (app.limits)

    def work() -> dict:
        try:
            doc = json_input.loads(body)
        except (ValueError, RecursionError):
            return {"errors": [pg.FieldError("import", "pg.files.not_json").as_json()]}
        try:
            run = service.import_run(store, session, doc)
        except RunError as exc:
            if exc.status != 422:
                raise
            return {"errors": [pg.import_error(exc.field).as_json()]}
        return {"run": service.state(run)}

    return await compute(request, work)
