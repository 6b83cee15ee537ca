"""One router for every lesson that follows the contract (app.lessons.contract), generated from the registry.

For each such lesson, under /lessons/{slug}:
- GET ""                  the page, or for htmx (HX-Request) the swap partial of the new state
- GET "/{part}"           an htmx part of the page (LessonPage.parts)
- GET "/data/{name}"      a JSON answer (LessonPage.data)
- GET "/state.json"       the state as a JSON document (the scene format)
- GET "/runs/{id}/{view}" a view of one of the session's runs (LessonPage.run_views), in the compute pool
The routes are concrete paths, one per lesson, so the OpenAPI schema names each.

Page routes are plain `def`: FastAPI runs them in its thread pool, apart from the compute pool that trains, so a
lesson's recompute never waits behind anyone's training.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from app.api_models import Message
from app.compute import Busy
from app.errors import is_htmx
from app.i18n import translator
from app.lessons import LESSONS
from app.lessons.contract import Invalid, LessonPage, Parsed, RunView
from app.openapi import BUSY, NO_RUN
from app.routers.runs import Session, Store, as_json, error_response, run_job
from app.runs import service as runs_service
from app.runs.service import RunError
from app.templating import request_lang, templates

NOT_FOR_THIS_VIEW = {409: {"model": Message, "description": "the run is not one of this lesson's"}}
Compare = Annotated[str | None, Query(max_length=64, description="a previous run of the session, drawn faded")]


def pages() -> list[LessonPage]:
    """The PAGE of every lesson that lives in its own folder, in lecture order."""
    return [importlib.import_module(f"app.lessons.{lesson.package}").PAGE for lesson in LESSONS if lesson.has_folder]


def base_context(page: LessonPage, parsed: Parsed) -> dict:
    return {"lesson": page.lesson, "page": page, "s": parsed, "state": parsed.state,
            "page_url": page.url(parsed.state), "playground_url": page.playground_url(parsed.state)}


def render(request: Request, page: LessonPage, parsed: Parsed, template: str | None = None) -> Response:
    """The page, or (htmx) the swap answer: out-of-band regions of the new state, or only the messages when a
    field is bad (the page keeps its last good state). A good state's URL becomes the browser's."""
    t = translator(request_lang(request))
    ctx = base_context(page, parsed)
    htmx = is_htmx(request)
    ctx.update(page.context(parsed, t))
    headers = {"Vary": "HX-Request"}
    if not htmx:
        return templates.TemplateResponse(request, page.template, ctx, headers=headers)
    ctx["swap_fields"] = parsed.action is not None
    if parsed.ok:
        headers["HX-Replace-Url"] = ctx["page_url"]
    return templates.TemplateResponse(request, template or page.swap_template, ctx, headers=headers)


def _page_route(page: LessonPage):
    def lesson_page(request: Request) -> Response:
        return render(request, page, page.handle(request.query_params))

    lesson_page.__doc__ = f"Lesson {page.lesson.number}: the page, or for htmx the regions of the new state."
    return lesson_page


def _part_route(page: LessonPage, template: str):
    def lesson_part(request: Request) -> Response:
        return render(request, page, page.handle(request.query_params), template)

    return lesson_part


def _data_route(page: LessonPage, fn):
    def lesson_data(request: Request) -> Response:
        parsed = page.handle(request.query_params)
        if not parsed.ok:
            return JSONResponse({"detail": [e.as_json() for e in parsed.errors.values()]}, status_code=422)
        try:
            return JSONResponse(fn(parsed, translator(request_lang(request)), request))
        except Invalid as exc:
            return JSONResponse({"detail": [exc.error.as_json()]}, status_code=422)

    return lesson_data


def _state_route(page: LessonPage):
    def lesson_state(request: Request) -> Response:
        """The state of the query as a JSON document (what a scene stores); bad fields: 422 naming them."""
        parsed = page.handle(request.query_params)
        if not parsed.ok:
            return JSONResponse({"detail": [e.as_json() for e in parsed.errors.values()]}, status_code=422)
        return JSONResponse(parsed.state.document(page.slug))

    return lesson_state


def _run_view_route(page: LessonPage, view: RunView):
    async def lesson_run_view(run_id: str, request: Request, session: Session, store: Store,
                              compare: Compare = None) -> Any:
        t = translator(request_lang(request))
        parsed = page.handle(request.query_params)
        def work():  # the lookups too: a shared store loads runs, which is work for the compute pool
            run = runs_service.get(store, session, run_id)
            if not view.accepts(run):
                raise RunError(409, f"this view is for the runs of lesson {page.lesson.number}")
            other = store.get(session, compare) if (view.compare and compare) else None

            def build(r):
                try:
                    return view.build(r, other, parsed.state, t) if view.compare else view.build(r, parsed.state, t)
                finally:
                    if other is not None:
                        other.release()

            return runs_service.locked(run, build)

        try:
            return await run_job(request, as_json(work))
        except (RunError, Busy) as exc:
            return error_response(exc)

    return lesson_run_view


def install(app: FastAPI) -> None:
    """Add the routes of every lesson that follows the contract."""
    for page in pages():
        router = APIRouter(tags=["lessons"])
        tag = page.slug
        router.add_api_route(page.path, _page_route(page), methods=["GET"], response_class=HTMLResponse,
                             name=f"lesson-{tag}")
        router.add_api_route(f"{page.path}/state.json", _state_route(page), methods=["GET"],
                             name=f"lesson-{tag}-state", responses={422: {"description": "a bad field"}})
        for part, template in page.parts.items():
            router.add_api_route(f"{page.path}/{part}", _part_route(page, template), methods=["GET"],
                                 response_class=HTMLResponse, name=f"lesson-{tag}-{part}")
        for name, fn in page.data.items():
            doc = getattr(fn, "openapi", {})  # a data function's own query parameters and answers, if any
            router.add_api_route(f"{page.path}/data/{name}", _data_route(page, fn), methods=["GET"],
                                 name=f"lesson-{tag}-{name}",
                                 responses={422: {"description": "a bad field"}, **doc.get("responses", {})},
                                 openapi_extra={"parameters": doc["parameters"]} if "parameters" in doc else None)
        for name, view in page.run_views.items():
            router.add_api_route(f"{page.path}/runs/{{run_id}}/{name}", _run_view_route(page, view),
                                 methods=["GET"], name=f"lesson-{tag}-run-{name}",
                                 responses={**NO_RUN, **BUSY, **NOT_FOR_THIS_VIEW})
        app.include_router(router)
