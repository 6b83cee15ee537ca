"""Live training runs: /api/v1/runs (create, read, delete, step, change, stream, export, import)."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel, Field, ValidationError

from app.routers.api import ApiRoute
from app.runs import service
from app.runs.experiment import Experiment
from app.runs.service import RunError
from app.runs.store import RunStore

router = APIRouter(prefix="/api/v1/runs", tags=["runs"], route_class=ApiRoute)

MAX_FPS = 20


def session_id(request: Request) -> str:
    """The browser session that app.middleware.SessionMiddleware found or made (an HttpOnly cookie)."""
    return request.state.session


def run_store(request: Request) -> RunStore:
    return request.app.state.runs


Session = Annotated[str, Depends(session_id)]
Store = Annotated[RunStore, Depends(run_store)]


def error_response(exc: RunError) -> JSONResponse:
    if exc.status == 422:
        loc = exc.field.split(".") if exc.field else ["body"]
        return JSONResponse({"detail": [{"loc": loc, "msg": exc.message, "type": "value_error"}]}, 422)
    return JSONResponse({"detail": exc.message}, exc.status)


class WeightRequest(BaseModel):
    layer: int = Field(ge=0, le=7, description="dense layer, counted from 0")
    row: int = Field(ge=0, le=63, description="the neuron in that layer (row of the weight matrix)")
    col: int | None = Field(None, ge=0, le=63, description="the input (column); omitted: the neuron's bias")
    value: float = Field(ge=-1e3, le=1e3, description="the new value, -1000..1000")


class StepRequest(BaseModel):
    updates: int = Field(1, ge=1, le=service.MAX_STEP_UPDATES,
                         description=f"updates to apply, 1..{service.MAX_STEP_UPDATES}")


@router.post("", status_code=201)
def create_run(experiment: Experiment, session: Session, store: Store) -> Any:
    try:
        return service.state(service.create(store, session, experiment))
    except RunError as exc:
        return error_response(exc)


@router.get("/{run_id}")
def read_run(run_id: str, session: Session, store: Store) -> Any:
    try:
        return service.state(service.get(store, session, run_id))
    except RunError as exc:
        return error_response(exc)


@router.delete("/{run_id}", status_code=204)
def delete_run(run_id: str, session: Session, store: Store) -> Response:
    if not store.delete(session, run_id):
        return error_response(RunError(404, f"no run {run_id!r} in this session"))
    return Response(status_code=204)


@router.post("/{run_id}/step")
def step_run(run_id: str, body: StepRequest, session: Session, store: Store) -> Any:
    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    run.train(body.updates)
    return service.state(run)


@router.patch("/{run_id}")
def patch_run(run_id: str, session: Session, store: Store,
              changes: Annotated[dict[str, Any], Body(description="experiment fields to change")]) -> Any:
    try:
        return service.state(service.patch(service.get(store, session, run_id), changes))
    except RunError as exc:
        return error_response(exc)
    except ValidationError as exc:  # the merged experiment is checked in the service: the standard 422, not a 500
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]) from None


@router.put("/{run_id}/weight")
def set_weight(run_id: str, body: WeightRequest, session: Session, store: Store) -> Any:
    """Type a new value for one weight or bias (the network diagram's click-to-edit)."""
    try:
        run = service.get(store, session, run_id)
        try:
            run.set_weight(body.layer, body.row, body.col, body.value)
        except ValueError as exc:
            raise service.value_error(exc) from None
        return service.state(run)
    except RunError as exc:
        return error_response(exc)


@router.post("/{run_id}/test")
def test_run(run_id: str, session: Session, store: Store) -> Any:
    """Evaluate the test set (meant to be done once, at the end: a test set that steers choices stops being an
    unbiased estimate). Answers {step, test_loss, test_acc}."""
    try:
        run = service.get(store, session, run_id)
        try:
            return run.evaluate_test()
        except ValueError as exc:
            raise service.value_error(exc) from None
    except RunError as exc:
        return error_response(exc)


@router.get("/{run_id}/history.csv", response_class=PlainTextResponse)
def history_csv(run_id: str, session: Session, store: Store) -> Response:
    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    with run.lock:
        text = run.history_csv()
    return PlainTextResponse(text, media_type="text/csv", headers={
        "Content-Disposition": f'attachment; filename="nnlab-loss-{run.id[:8]}.csv"'})


@router.get("/{run_id}/export")
def export_run(run_id: str, session: Session, store: Store) -> Any:
    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    return JSONResponse(run.export(), headers={
        "Content-Disposition": f'attachment; filename="nnlab-run-{run.id[:8]}.json"'})


@router.post("/import", status_code=201)
def import_run(doc: Annotated[dict[str, Any], Body(description="a document from .../export")],
               session: Session, store: Store) -> Any:
    try:
        return service.state(service.import_run(store, session, doc))
    except RunError as exc:
        return error_response(exc)


@router.get("/{run_id}/stream", response_class=StreamingResponse)
async def stream_run(run_id: str, request: Request, session: Session, store: Store,
                     speed: Annotated[int, Query(ge=1, le=1000, description="updates per frame, 1..1000")] = 10):
    """Server-Sent Events: while connected, the run trains in chunks of `speed` updates in a worker thread
    (behind the app's own capacity limiter) and each chunk yields a `frame` event, at most 20 a second."""
    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    limiter: anyio.CapacityLimiter = request.app.state.train_limiter

    maker = service.FrameMaker(run)

    def chunk(updates: int) -> str:
        # Training, building the frame and encoding it all happen here, off the event loop.
        if updates:
            run.train(updates)
        return service.sse("frame", maker.frame())

    async def frames():
        yield await anyio.to_thread.run_sync(chunk, 0, limiter=limiter)
        while run.status != "diverged":
            started = time.monotonic()
            if await request.is_disconnected():
                break
            yield await anyio.to_thread.run_sync(chunk, speed, limiter=limiter)
            await asyncio.sleep(max(0.0, 1 / MAX_FPS - (time.monotonic() - started)))

    return StreamingResponse(frames(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
