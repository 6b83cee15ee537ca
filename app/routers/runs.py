"""Live training runs: /api/v1/runs (create, read, delete, step, change, stream, export, import).

Every route that computes hands the work to the compute pool (app.compute) under the request's session, so the
event loop and the page threads never wait behind training, and a class shares the CPU fairly. A session holds at
most a few streams at once (429 beyond); a stream trains only while its client listens, and ends when its run
is deleted, evicted or diverges.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel, Field, ValidationError

from app import json_input
from app.api_models import Message
from app.compute import Busy
from app.json_input import Float, Int
from app.openapi import BAD_JSON, BUSY, NO_RUN, invalid
from app.routers.api import ApiRoute, busy_response
from app.runs import homework, service, views
from app.runs.experiment import MAX_HIDDEN_LAYERS, MAX_UNITS, Experiment, ExperimentChanges
from app.runs.export import RunDocument
from app.runs.service import RunError
from app.runs.store import RunStore
from app.settings import Settings, SettingsDep

MAX_FPS = 20

# Each route declares the errors it answers (app.openapi); the middlewares' 413 and 429 are added to all of them.
router = APIRouter(prefix="/api/v1/runs", tags=["runs"], route_class=ApiRoute)
CONFLICT = {409: {"model": Message, "description": "the change needs a new run"}}
NO_TWIN = {409: {"model": Message, "description": "the network has no nn.Sequential twin (residual, attention)"}}


def session_id(request: Request) -> str:
    """The browser session that app.middleware.SessionMiddleware found or made (an HttpOnly cookie)."""
    return request.state.session


def run_store(request: Request) -> RunStore:
    return request.app.state.runs


Session = Annotated[str, Depends(session_id)]
Store = Annotated[RunStore, Depends(run_store)]


def error_response(exc: RunError | Busy) -> JSONResponse:
    if isinstance(exc, Busy):
        return busy_response(exc)
    if exc.status == 422:
        loc = exc.field.split(".") if exc.field else ["body"]
        return JSONResponse({"detail": [{"loc": loc, "msg": exc.message, "type": exc.kind}]}, 422)
    return JSONResponse({"detail": exc.message}, exc.status, headers=exc.headers)


async def run_job(request: Request, fn, counted: bool = True, long: bool = False) -> Any:
    """fn in the compute pool for the request's session and client (raises Busy when the pool cannot take it).
    long: a request that builds, trains or exports a run, kept off the thread that serves short slices."""
    state = request.state
    return await request.app.state.compute.run(state.session, fn, client=getattr(state, "client", ""),
                                               counted=counted, long=long)


def as_json(fn, status: int = 200, headers: dict | None = None):
    """A job that answers fn's value (or the return value of the generator fn gives) as a JSONResponse, encoded
    in the compute pool: a big answer (a 20-layer network's weights) never ties up the event loop."""
    def job():
        value = fn()
        if inspect.isgenerator(value):
            value = yield from value
        return JSONResponse(value, status_code=status, headers=headers)
    return job


async def compute(request: Request, fn, status: int = 200, headers: dict | None = None, long: bool = True) -> Any:
    """fn's value as JSON, computed and encoded in the compute pool; a RunError or Busy as its JSON answer."""
    try:
        return await run_job(request, as_json(fn, status, headers), long=long)
    except (RunError, Busy) as exc:
        return error_response(exc)


class WeightRequest(BaseModel):
    layer: Int = Field(ge=0, le=MAX_HIDDEN_LAYERS, description=f"dense layer, counted from 0 (0..{MAX_HIDDEN_LAYERS})")
    row: Int = Field(ge=0, le=MAX_UNITS - 1, description="the neuron in that layer (row of the weight matrix)")
    col: Int | None = Field(None, ge=0, le=MAX_UNITS - 1, description="the input (column); omitted: the neuron's bias")
    value: Float = Field(ge=-1e3, le=1e3, description="the new value, -1000..1000")


class StepRequest(BaseModel):
    updates: Int = Field(1, ge=1, le=service.MAX_STEP_UPDATES,
                         description=f"updates to apply, 1..{service.MAX_STEP_UPDATES}; also capped by the work "
                                     "they take (about NNLAB_MAX_REQUEST_SECONDS, 1.5 s by default): a 422 names "
                                     "the most updates allowed for the run")


# Declared before /{run_id}: OPTIONS /import then names the methods of this path (POST), not GET of /{run_id}.
@router.post("/import", status_code=201,
             responses={**invalid("the body is not a valid run export (the field at fault named)"), **BUSY},
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/RunDocument"}}}}})
async def import_run(request: Request, session: Session, store: Store) -> Any:
    """A run from a document of .../export, in exactly the exported state. The document is checked strictly
    (schema, shapes, counters) before any of it is used; it is parsed off the event loop."""
    body = await request.body()  # the size limit was enforced before (app.limits)

    def work() -> dict:
        try:
            doc = json_input.loads(body)
        except (ValueError, RecursionError):
            raise RunError(422, "body: not a JSON document", "body") from None
        return service.state(service.import_run(store, session, doc))

    return await compute(request, work, status=201)


@router.post("", status_code=201, responses={**BAD_JSON, **BUSY})
async def create_run(experiment: Experiment, request: Request, session: Session, store: Store,
                     brief: Annotated[bool, Query(description="answer the summary and history only, without the "
                                                             "network's weights and the data points")] = False) -> Any:
    def work() -> dict:
        run = service.create(store, session, experiment)
        return service.locked(run, lambda r: {**r.summary(), "history": r.history()}) if brief else service.state(run)

    return await compute(request, work, status=201)


@router.get("/{run_id}", responses={**NO_RUN, **BUSY})
async def read_run(run_id: str, request: Request, session: Session, store: Store) -> Any:
    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    return await compute(request, lambda: service.state(run), long=False)


@router.delete("/{run_id}", status_code=204, response_class=Response, responses=NO_RUN)
def delete_run(run_id: str, session: Session, store: Store) -> Response:
    if not store.delete(session, run_id):
        return error_response(RunError(404, f"no run {run_id!r} in this session"))
    return Response(status_code=204)


@router.post("/{run_id}/step", responses={
    **BAD_JSON, **NO_RUN, **BUSY, **invalid("bad body, or more updates than the ceiling allows")})
async def step_run(run_id: str, body: StepRequest, request: Request, session: Session, store: Store,
                   settings: SettingsDep) -> Any:
    """Train `updates` updates now and answer the run's state. The work runs in slices of about 25 ms, shared
    fairly with everyone else's; a client that goes away stops it at the next slice."""
    try:
        run = service.get(store, session, run_id)
        service.check_step(run, body.updates, settings.max_request_seconds)
    except RunError as exc:
        return error_response(exc)
    task = asyncio.ensure_future(compute(request, lambda: service.step(run, body.updates)))
    while not task.done():
        await asyncio.wait({task}, timeout=0.25)
        if not task.done() and await request.is_disconnected():
            task.cancel()
            return Response(status_code=499)
    return task.result()


@router.patch("/{run_id}", responses={**BAD_JSON, **NO_RUN, **CONFLICT, **BUSY})
async def patch_run(run_id: str, body: ExperimentChanges, request: Request, session: Session, store: Store) -> Any:
    """Change settings of a run: the fields sent. Mutable ones (optimizer, schedule, batch size, shuffle,
    regularization, dropout) keep its weights and step; a change of any other is a 409 (it needs a new run)."""
    changes = body.model_dump(mode="json", exclude_unset=True)
    try:
        run = service.get(store, session, run_id)
        return await run_job(request, as_json(lambda: service.patch(run, changes)))
    except (RunError, Busy) as exc:
        return error_response(exc)
    except ValidationError as exc:  # the merged experiment is checked in the service: the standard 422, not a 500
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]) from None


@router.put("/{run_id}/weight", responses={**BAD_JSON, **NO_RUN, **BUSY})
async def set_weight(run_id: str, body: WeightRequest, request: Request, session: Session, store: Store) -> Any:
    """Type a new value for one weight or bias (the network diagram's click-to-edit)."""
    def work() -> dict:
        try:
            run.set_weight(body.layer, body.row, body.col, body.value)
        except ValueError as exc:
            raise service.value_error(exc) from None
        return service.state(run)

    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    return await compute(request, work)


@router.post("/{run_id}/test", responses={**NO_RUN, **BUSY})
async def test_run(run_id: str, request: Request, session: Session, store: Store) -> Any:
    """Evaluate the test set (meant to be done once, at the end: a test set that steers choices stops being an
    unbiased estimate). Answers {step, test_loss, test_acc}."""
    def work() -> dict:
        try:
            return service.locked(run, lambda r: r.evaluate_test())
        except ValueError as exc:
            raise service.value_error(exc) from None

    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    return await compute(request, work)


@router.get("/{run_id}/history.csv", response_class=Response, responses={**NO_RUN, 200: {
    "content": {"text/csv": {"schema": {"type": "string"}}}, "description": "step,train_loss,val_loss"}})
def history_csv(run_id: str, session: Session, store: Store) -> Response:
    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    with run.lock:
        text = views.history_csv(run)
    return PlainTextResponse(text, media_type="text/csv", headers={
        "Content-Disposition": f'attachment; filename="nnlab-loss-{run.id[:8]}.csv"'})


async def file_answer(request: Request, run_id: str, session: str, store: RunStore, make, media: str,
                      suffix: str) -> Any:
    """A download made from the run (with its lock held) in the compute pool: make(run) -> str or bytes."""
    try:
        run = service.get(store, session, run_id)
        body = await run_job(request, lambda: service.locked(run, make), long=True)
    except (RunError, Busy) as exc:
        return error_response(exc)
    except homework.NoTorchTwin as exc:
        return error_response(RunError(409, str(exc)))
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{homework.filename(run, suffix)}"'})


@router.get("/{run_id}/export.npz", response_class=Response, responses={**NO_RUN, **BUSY, 200: {
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    "description": "weights (named as the state_dict of export.py's nn.Sequential), history.* and data.* arrays; "
                   "numpy.load(..., allow_pickle=False) reads it"}})
async def export_npz(run_id: str, request: Request, session: Session, store: Store) -> Any:
    return await file_answer(request, run_id, session, store, homework.npz, "application/octet-stream", "npz")


@router.get("/{run_id}/weights.csv", response_class=Response, responses={**NO_RUN, **BUSY, 200: {
    "content": {"text/csv": {"schema": {"type": "string"}}}, "description": "parameter,i,j,k,l,value"}})
async def weights_csv(run_id: str, request: Request, session: Session, store: Store) -> Any:
    return await file_answer(request, run_id, session, store, homework.weights_csv, "text/csv; charset=utf-8",
                             "weights.csv")


@router.get("/{run_id}/export.py", response_class=Response, responses={**NO_RUN, **BUSY, **NO_TWIN, 200: {
    "content": {"text/x-python": {"schema": {"type": "string"}}},
    "description": "a PyTorch script: the network as an nn.Sequential with the weights of export.npz"}})
async def export_torch(run_id: str, request: Request, session: Session, store: Store) -> Any:
    return await file_answer(request, run_id, session, store, homework.torch_snippet,
                             "text/x-python; charset=utf-8", "py")


@router.get("/{run_id}/export", response_model=RunDocument, responses={**NO_RUN, **BUSY})
async def export_run(run_id: str, request: Request, session: Session, store: Store) -> Any:
    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    return await compute(request, lambda: service.export_document(run),
                         headers={"Content-Disposition": f'attachment; filename="nnlab-run-{run.id[:8]}.json"'})


class StreamQuota:
    """Streams open per session, at most `per_session`."""

    def __init__(self, per_session: int):
        self.per_session = per_session
        self._open: dict[str, int] = {}
        self._lock = threading.Lock()

    def acquire(self, session: str) -> bool:
        with self._lock:
            if self._open.get(session, 0) >= self.per_session:
                return False
            self._open[session] = self._open.get(session, 0) + 1
            return True

    def release(self, session: str) -> None:
        with self._lock:
            self._open[session] -= 1
            if not self._open[session]:
                del self._open[session]


@router.get("/{run_id}/stream", response_class=StreamingResponse, responses={**NO_RUN, 429: BUSY[429], 200: {
    "content": {"text/event-stream": {}},
    "description": "`frame` events while connected; a last `end` event when the run is gone or diverged"}})
async def stream_run(run_id: str, request: Request, session: Session, store: Store,
                     speed: Annotated[int, Query(ge=1, le=1000, description="updates per frame, 1..1000")] = 10):
    """Server-Sent Events: while connected, the run trains in chunks of up to `speed` updates (fewer when that would
    take more than about 25 ms) in the compute pool, and each chunk yields a `frame` event, at most 20 a second.
    The stream ends with an `end` event {reason: diverged | gone} when the run diverges or is deleted or evicted."""
    quota: StreamQuota = request.app.state.streams
    try:
        run = service.get(store, session, run_id)
    except RunError as exc:
        return error_response(exc)
    if not quota.acquire(session):
        settings: Settings = request.app.state.settings
        return error_response(Busy(429, "error.busy.streams", 2, limit=settings.streams_per_session))
    maker = service.FrameMaker(run)

    async def frames():
        try:
            yield await run_job(request, lambda: maker.chunk(0), counted=False)
            while True:
                if run.closed or run.status == "diverged":
                    yield service.sse("end", {"reason": "gone" if run.closed else "diverged"})
                    break
                started = time.monotonic()
                if await request.is_disconnected():
                    break
                yield await run_job(request, lambda: maker.chunk(speed), counted=False)
                await asyncio.sleep(max(0.0, 1 / MAX_FPS - (time.monotonic() - started)))
        finally:
            quota.release(session)

    return StreamingResponse(frames(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
