"""Live training runs: experiments, their state, the store that holds them, and the stream that trains them."""

from fastapi import FastAPI


def install(app: FastAPI, max_runs: int, idle_seconds: float, train_threads: int) -> None:
    """Give the app its run store, its training limiter and the /api/v1/runs routes."""
    import anyio

    from app.routers import runs as runs_router

    from .store import MemoryRunStore

    app.state.runs = MemoryRunStore(max_runs, idle_seconds)
    app.state.train_limiter = anyio.CapacityLimiter(train_threads)
    app.include_router(runs_router.router)
