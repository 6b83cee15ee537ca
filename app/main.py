"""The FastAPI application: `create_app()` builds it, `app` is what uvicorn serves (make run)."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app import errors
from app.compute import ComputePool
from app.limits import BodyLimitMiddleware
from app.middleware import LanguageMiddleware, SecurityHeadersMiddleware, SessionMiddleware
from app.routers import api, backprop, docs, pages, playground, runs
from app.runs.store import MemoryRunStore
from app.routers.lessons import routers as lesson_routers
from app.settings import Settings, get_settings
from app.templating import STATIC_DIR


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.getLogger("nnlab").setLevel(settings.log_level.upper())
    # FastAPI's own Swagger/ReDoc pages load scripts from a CDN; /docs (app.routers.docs) serves a vendored copy.
    app = FastAPI(title="nnlab", version="0.1.0", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.dependency_overrides[get_settings] = lambda: settings

    errors.install(app)
    app.state.runs = MemoryRunStore(settings.max_runs, settings.run_idle_seconds, settings.runs_per_session,
                                    settings.store_mb * 2**20)
    app.state.compute = ComputePool(settings.compute_threads, settings.requests_per_session, settings.max_queue)
    app.state.streams = runs.StreamQuota(settings.streams_per_session)
    # Lesson routers before `pages`, whose /lessons/{slug} answers 404 for everything not claimed.
    app.include_router(api.router)
    app.include_router(runs.router)
    app.include_router(docs.router)
    app.include_router(backprop.router)
    app.include_router(playground.router)
    for router in lesson_routers():
        app.include_router(router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    app.add_middleware(LanguageMiddleware, default_lang=settings.default_lang)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(SessionMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes,
                       max_import_bytes=settings.max_import_bytes)
    return app


app = create_app()
