"""Lesson 5: /lessons/initialization. The page (or, for htmx, the regions that changed) and the Experiment JSON
of its live runs (the page's script posts it to /api/v1/runs)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse

from app.errors import is_htmx
from app.i18n import translator
from app.lessons import BY_SLUG
from app.routers.lessons import page, swap
from app.services import initialization as ini
from app.services import initialization_tex as tx
from app.templating import request_lang

router = APIRouter()
LESSON = BY_SLUG["initialization"]


@router.get(ini.PATH, response_class=HTMLResponse)
def initialization_page(request: Request):
    # A plain `def`: FastAPI runs it in a worker thread, so NumPy never blocks the event loop.
    state = ini.handle(request.query_params)
    context = {"s": state, "lesson": LESSON, "ini": ini, "tx": tx, "page_url": state.url,
               "playground_url": state.playground_url}
    if is_htmx(request):
        return swap(request, "lessons/_init_swap.html", context, state.url, not state.errors)
    return page(request, "lessons/initialization.html", context)


@router.get(ini.EXPERIMENT_PATH)
def initialization_experiment(request: Request) -> JSONResponse:
    """{"experiment": {...}} for the page's settings (query `run_seed` / `run_scaling` override the seed and the
    scaling), or {"errors": {field: message}}. Always 200: the page shows the messages beside its fields."""
    values, _, errors = ini.parse_fields(ini.FIELDS, request.query_params)
    t = translator(request_lang(request))
    q = request.query_params
    seed_text = q.get("run_seed", "")
    seed = ini.DEEP_FIELDS["seed"].query_int(seed_text)
    if seed_text and seed is None:
        errors["seed"] = ini.Message("init.err.int_range", {"min": "0", "max": ini.plain(ini.DEEP_FIELDS["seed"].hi)})
    scaling = q.get("run_scaling") or None
    if scaling is not None and scaling not in ini.SCALINGS:
        errors["scaling"] = ini.Message("init.err.choice")
    if errors:
        return JSONResponse({"errors": {name: t(m.key, **m.params) for name, m in errors.items()}})
    return JSONResponse({"experiment": ini.experiment(values, seed, scaling)})
