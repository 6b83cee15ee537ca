"""The FastAPI application: `create_app()` builds it, `app` is what uvicorn serves (make run)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from threadpoolctl import threadpool_limits

from app import errors, openapi
from app.clients import Clients
from app.compute import ComputePool
from app.lessons import router as lesson_pages
from app.limits import BodyLimitMiddleware
from app.middleware import (
    CatchErrorsMiddleware,
    LanguageMiddleware,
    NoStoreMiddleware,
    SecurityHeadersMiddleware,
    SessionMiddleware,
    TrailingSlashMiddleware,
)
from app.routers import api, docs, pages, playground, present, runs
from app.runs.store import open_store
from app.scenes import SceneStore
from app.sessions import SessionIds, TokenBuckets
from app.settings import Settings, get_settings
from app.static import assets_for
from app.templating import STATIC_DIR

log = logging.getLogger("nnlab")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # One BLAS thread a process: the compute pool runs several small jobs at once, and threaded matrix products
    # would fight each other for the same cores (a step of a large network was ~10x slower with two BLAS threads).
    threadpool_limits(1, user_api="blas")
    # Hand the GIL over every millisecond rather than every 5: the event loop and the page threads get their turn
    # between the compute threads' NumPy calls sooner, so pages and frames keep moving while big networks train.
    sys.setswitchinterval(0.001)
    logging.getLogger("nnlab").setLevel(settings.log_level.upper())
    # FastAPI's own Swagger/ReDoc pages load scripts from a CDN; /docs (app.routers.docs) serves a vendored copy.
    # redirect_slashes off: Starlette's redirect takes its host from the Host header; TrailingSlashMiddleware
    # answers with a relative one instead.
    app = FastAPI(title="nnlab", version="0.1.0", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  redirect_slashes=False)
    app.state.settings = settings
    app.dependency_overrides[get_settings] = lambda: settings

    errors.install(app)
    openapi.install(app)
    app.state.runs = open_store(settings.store_url, settings.max_runs, settings.run_idle_seconds,
                                settings.runs_per_session, settings.store_mb * 2**20)
    app.state.compute = ComputePool(settings.compute_threads, settings.requests_per_session, settings.max_queue)
    # streams open per session: counted in this process, or over all workers when they share the runs
    app.state.streams = (app.state.runs.stream_quota(settings.streams_per_session) if app.state.runs.shared
                         else runs.StreamQuota(settings.streams_per_session))
    app.state.scenes = SceneStore(Path(settings.data_dir) / "scenes.sqlite" if settings.data_dir else None,
                                  settings.max_scenes)
    app.state.decks_dir = Path(settings.decks_dir) if settings.decks_dir else None
    # Lesson routers before `pages`, whose /lessons/{slug} answers 404 for everything not claimed.
    app.include_router(api.router)
    app.include_router(runs.router)
    app.include_router(docs.router)
    app.include_router(present.router)
    lesson_pages.install(app)
    app.include_router(playground.router)
    app.include_router(pages.router)
    app.mount("/static", assets_for(STATIC_DIR), name="static")

    if settings.secret_key is None:
        log.info("NNLAB_SECRET_KEY is not set: session cookies are signed with a key of this process only")
    key = settings.secret_key.get_secret_value().encode() if settings.secret_key else None
    clients = Clients(settings.trusted_networks, settings.cookie_secure)
    # Added innermost first: SecurityHeadersMiddleware ends up outermost (after Starlette's ServerErrorMiddleware).
    app.add_middleware(NoStoreMiddleware)
    app.add_middleware(SessionMiddleware, ids=SessionIds(key), clients=clients,
                       budget=TokenBuckets(settings.session_burst, settings.session_rate),
                       requests=TokenBuckets(settings.session_request_burst, settings.session_request_rate))
    app.add_middleware(TrailingSlashMiddleware, router=app.router)
    app.add_middleware(LanguageMiddleware, default_lang=settings.default_lang, clients=clients)
    # Text answers above 500 bytes; Starlette leaves text/event-stream alone (DEFAULT_EXCLUDED_CONTENT_TYPES), so
    # a stream's frames go out as they come. Level 4: within 10 % of level 9's size for a tenth of its CPU (a 100 KB
    # lesson answer: 22.7 KB in 1.2 ms against 20.8 KB in 12 ms at level 9 and 4.6 ms at level 6).
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=4)
    # Bodies are bounded before anything reads them (413), and their size is known to every layer inside.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes,
                       max_import_bytes=settings.max_import_bytes)
    app.add_middleware(CatchErrorsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


app = create_app()
