"""The FastAPI application: `create_app()` builds it, `app` is what uvicorn serves (make run)."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app import errors, runs
from app.middleware import LanguageMiddleware, SecurityHeadersMiddleware, SessionMiddleware
from app.routers import api, backprop, docs, pages, playground
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
    runs.install(app, settings.max_runs, settings.run_idle_seconds, settings.train_threads)
    # Lesson routers before `pages`, whose /lessons/{slug} answers 404 for everything not claimed.
    app.include_router(api.router)
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
    return app


app = create_app()
