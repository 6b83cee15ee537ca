"""One router module per lesson page (lessons 2-10); each defines `router`. main.py includes every one found.

The helpers below are what every lesson route does the same way: answer with the whole page or, for htmx,
with the swap partial (and the URL of the new state when every field was good), and look up one of the
session's runs for a read-only view.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.api_models import Message
from app.compute import Busy
from app.openapi import BUSY, NO_RUN
from app.routers.runs import as_json, error_response, run_job
from app.runs import service as runs_service
from app.runs.run import Run
from app.runs.service import RunError
from app.runs.store import RunStore
from app.templating import templates

# What a JSON view of a run answers besides 200 (view_run's errors: the runs API's).
VIEW_ERRORS = {**NO_RUN, **BUSY}
NOT_FOR_THIS_VIEW = {409: {"model": Message, "description": "the run is not one of this lesson's (another data set "
                                                           "or loss)"}}


def routers() -> list[APIRouter]:
    return [importlib.import_module(f"{__name__}.{info.name}").router
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)]


def page(request: Request, template: str, context: dict) -> Response:
    """The whole page (it varies with HX-Request: an htmx request to the same URL gets a partial)."""
    return templates.TemplateResponse(request, template, context, headers={"Vary": "HX-Request"})


def swap(request: Request, template: str, context: dict, url: str, ok: bool) -> Response:
    """An htmx answer: the swap partial; when `ok` (no bad field) the browser's URL becomes `url`, the URL of
    the new state (not the request's, which may carry an action)."""
    headers = {"Vary": "HX-Request"}
    if ok:
        headers["HX-Replace-Url"] = url
    return templates.TemplateResponse(request, template, context, headers=headers)


async def view_run(request: Request, store: RunStore, session: str, run_id: str, build: Callable[[Run], Any]) -> Any:
    """build(run) for the session's run `run_id`, in the compute pool with the run's lock held (no training
    happens here), or the runs API's JSON error: 404 for an unknown run, 429/503 when the pool is full, or whatever
    RunError `build` raises (e.g. 409 for a run the view is not for)."""
    def work() -> Any:  # the lookup too: a shared store loads the run, which is work for the pool
        run = runs_service.get(store, session, run_id)
        return runs_service.locked(run, build)

    try:
        return await run_job(request, as_json(work))
    except (RunError, Busy) as exc:
        return error_response(exc)


# A previous run of the same session, drawn faded behind the current one.
Compare = Annotated[str | None, Query(max_length=64, description="a previous run to draw faded")]


async def view_compared(request: Request, store: RunStore, session: str, run_id: str, compare: str | None,
                        build: Callable[[Run, Run | None], Any]) -> Any:
    """`view_run` with a second run: build(run, the run `compare`, or None when none was asked for or it is gone
    (expired): then it is simply not drawn)."""
    def both(run: Run) -> Any:
        other = store.get(session, compare) if compare else None  # here: in the compute pool
        try:
            return build(run, other)
        finally:
            if other is not None:
                other.release()

    return await view_run(request, store, session, run_id, both)
