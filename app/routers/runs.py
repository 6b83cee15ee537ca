"""Live training runs: /api/v1/runs (create, read, delete, step, change, stream, export, import).

Every route that computes hands the work to the compute pool (app.compute) under the request's session, so the
event loop and the page threads never wait behind training, and a class shares the CPU fairly. A session holds at
most a few streams at once (429 beyond); a stream trains only while its client listens, and ends when its run
is deleted, evicted or diverges.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import threading
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.encoders import jsonable_encoder
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
from app.runs.run import Run
from app.runs.service import RunError
from app.runs.store import Elsewhere, RunStore
from app.settings import Settings

MAX_FPS = 20
SAVE_SECONDS = 0.75  # a streaming worker saves its run this often (shared store): a crash loses at most this much

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


def answer_of(exc: RunError) -> dict:
    """A RunError as an answer {status, body, headers} (what a worker holding a run sends back, too)."""
    if exc.status == 422:
        loc = exc.field.split(".") if exc.field else ["body"]
        return {"status": 422, "body": {"detail": [{"loc": loc, "msg": exc.message, "type": exc.kind}]}}
    return {"status": exc.status, "body": {"detail": exc.message}, "headers": exc.headers}


def error_response(exc: RunError | Busy) -> JSONResponse:
    if isinstance(exc, Busy):
        return busy_response(exc)
    answer = answer_of(exc)
    return JSONResponse(answer["body"], answer["status"], headers=answer.get("headers"))


def encoded(answer: dict) -> dict:
    """The answer with its body as JSON text (encoded in the compute pool, as a big network's weights are)."""
    body = json.dumps(answer.pop("body"), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return {**answer, "json": body}


def respond(answer: dict, headers: dict | None = None) -> Response:
    """The Response of an answer {status, json | body, headers}; `headers` are added to a 200."""
    if "json" not in answer:
        answer = encoded(dict(answer))
    status = answer["status"]
    extra = {**answer.get("headers", {}), **(headers if headers and status == 200 else {})}
    return Response(answer["json"], status, headers=extra, media_type="application/json")


def perform(store: RunStore, session: str, run: Run, op: str, args: dict, ceiling: float):
    """service.perform on a run this worker holds, saved after a change; its answer {status, json, headers}
    (a generator for the compute pool)."""
    try:
        body = yield from service.perform(run, op, args, ceiling)
    except RunError as exc:
        return encoded(answer_of(exc))
    except ValidationError as exc:  # the merged experiment of a PATCH: FastAPI's standard 422, not a 500
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        return encoded({"status": 422, "body": {"detail": jsonable_encoder(errors)}})
    if op in service.CHANGES:
        store.save(session, run)
    return encoded({"status": 200, "body": body})


def held(store: RunStore, session: str, run_id: str, op: str, args: dict, ceiling: float):
    """`perform` with the run held for the job (a generator for the compute pool); raises Elsewhere when
    another worker holds it."""
    run = store.acquire(session, run_id)
    if run is None:
        return encoded(answer_of(RunError(404, f"no run {run_id!r} in this session")))
    try:
        return (yield from perform(store, session, run, op, args, ceiling))
    finally:
        store.release(session, run)


async def on_run(request: Request, session: str, store: RunStore, run_id: str, op: str, args: dict | None = None,
                 headers: dict | None = None, long: bool = True) -> Response:
    """Do `op` (app.runs.service.OPS) on a run: here, or, when another worker holds the run (it is streaming
    there), by that worker between two of its frames, so the answer reflects the live run."""
    settings: Settings = request.app.state.settings
    args = args or {}
    for _ in range(5):
        answer = await store.forward(session, run_id, op, args)
        if answer is None:
            try:
                answer = await run_job(request, lambda: held(store, session, run_id, op, args,
                                                             settings.max_request_seconds), long=long)
            except Elsewhere:  # taken by another worker meanwhile: forward to it
                await asyncio.sleep(0.05)
                continue
            except Busy as exc:
                return busy_response(exc)
        return respond(answer, headers)
    return error_response(RunError(503, "the run is busy on another worker; try again", None, {"Retry-After": "1"}))


async def serve_commands(request: Request, store: RunStore, session: str, run: Run) -> None:
    """Answer the requests other workers forwarded for a run this worker streams (between two frames)."""
    settings: Settings = request.app.state.settings
    for command in await store.poll(session, run):
        try:
            answer = await run_job(request, lambda: perform(store, session, run, command["op"], command["args"],
                                                            settings.max_request_seconds), counted=False, long=True)
        except Busy as exc:  # (a stream's own jobs are not counted, so the pool does not refuse them today)
            busy = busy_response(exc)
            answer = {"status": busy.status_code, "json": busy.body.decode(), "headers": {"Retry-After": str(exc.retry_after)}}
        await store.reply(command, answer)


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
    return await on_run(request, session, store, run_id, "state", long=False)


@router.delete("/{run_id}", status_code=204, response_class=Response, responses=NO_RUN)
def delete_run(run_id: str, session: Session, store: Store) -> Response:
    if not store.delete(session, run_id):
        return error_response(RunError(404, f"no run {run_id!r} in this session"))
    return Response(status_code=204)


@router.post("/{run_id}/step", responses={
    **BAD_JSON, **NO_RUN, **BUSY, **invalid("bad body, or more updates than the ceiling allows")})
async def step_run(run_id: str, body: StepRequest, request: Request, session: Session, store: Store) -> Any:
    """Train `updates` updates now and answer the run's state. The work runs in slices of about 25 ms, shared
    fairly with everyone else's; a client that goes away stops it at the next slice."""
    task = asyncio.ensure_future(on_run(request, session, store, run_id, "step", {"updates": body.updates}))
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
    return await on_run(request, session, store, run_id, "patch", {"changes": changes})


@router.put("/{run_id}/weight", responses={**BAD_JSON, **NO_RUN, **BUSY})
async def set_weight(run_id: str, body: WeightRequest, request: Request, session: Session, store: Store) -> Any:
    """Type a new value for one weight or bias (the network diagram's click-to-edit)."""
    return await on_run(request, session, store, run_id, "weight", body.model_dump())


@router.post("/{run_id}/test", responses={**NO_RUN, **BUSY})
async def test_run(run_id: str, request: Request, session: Session, store: Store) -> Any:
    """Evaluate the test set (meant to be done once, at the end: a test set that steers choices stops being an
    unbiased estimate). Answers {step, test_loss, test_acc}."""
    return await on_run(request, session, store, run_id, "test")


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
    return await on_run(request, session, store, run_id, "export",
                        headers={"Content-Disposition": f'attachment; filename="nnlab-run-{run_id[:8]}.json"'})


class StreamQuota:
    """Streams open per session, at most `per_session` (in this process; app.runs.redis_store.RedisStreamQuota
    counts over all workers). acquire gives a token (None: over the quota) that release and alive take."""

    def __init__(self, per_session: int):
        self.per_session = per_session
        self._open: dict[str, int] = {}
        self._lock = threading.Lock()

    def acquire(self, session: str) -> str | None:
        with self._lock:
            if self._open.get(session, 0) >= self.per_session:
                return None
            self._open[session] = self._open.get(session, 0) + 1
            return "open"

    def alive(self, session: str, token: str) -> None:
        """A stream still open (a quota over several workers counts it only while told so)."""

    def release(self, session: str, token: str) -> None:
        with self._lock:
            self._open[session] -= 1
            if not self._open[session]:
                del self._open[session]


@router.get("/{run_id}/stream", response_class=StreamingResponse, responses={**NO_RUN, 429: BUSY[429], 200: {
    "content": {"text/event-stream": {}},
    "description": "`frame` events while connected; a last `end` event when the run is gone or diverged"}})
async def stream_run(run_id: str, request: Request, session: Session, store: Store,
                     speed: Annotated[int, Query(ge=1, le=1000, description="updates per frame, 1..1000")] = 10,
                     until: Annotated[int | None, Query(ge=1, le=10**9, description=(
                         "stop training at this step: the last frame has it, then an `end` event "
                         "{reason: until}"))] = None):
    """Server-Sent Events: while connected, the run trains in chunks of up to `speed` updates (fewer when that would
    take more than about 25 ms) in the compute pool, and each chunk yields a `frame` event, at most 20 a second.
    The stream ends with an `end` event {reason: diverged | gone | until} when the run diverges, is deleted or
    evicted, or has reached step `until`.
    A frame's id is its step. With several workers the streaming worker holds the run, takes the requests other
    workers forward between frames and saves the run at least every SAVE_SECONDS; a client that reconnects
    (to any worker) continues from the saved state."""
    quota: StreamQuota = request.app.state.streams
    if not await store.has(session, run_id):
        return error_response(RunError(404, f"no run {run_id!r} in this session"))
    token = quota.acquire(session)
    if token is None:
        settings: Settings = request.app.state.settings
        return error_response(Busy(429, "error.busy.streams", 2, limit=settings.streams_per_session))

    async def frames():
        try:
            run = await hold(request, store, session, run_id)
            if run is None:
                yield service.sse("end", {"reason": "gone"})
                return
            try:
                async for event in train(request, store, session, run, speed, lambda: quota.alive(session, token),
                                         until):
                    yield event
            finally:
                if store.shared:  # saved and let go in a thread: the generator may be closing on a cancelled task
                    asyncio.get_running_loop().run_in_executor(None, store.release, session, run)
        finally:
            quota.release(session, token)

    return StreamingResponse(frames(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


async def hold(request: Request, store: RunStore, session: str, run_id: str) -> Run | None:
    """The run, held by this worker for a stream; None if it is gone. While another worker holds it (a stream
    there that is ending, or a worker that died and whose lease runs out) this waits; after the lease's length
    and a second more the run is taken as gone from this stream's point of view."""
    if not store.shared:
        return store.acquire(session, run_id)
    deadline = time.monotonic() + store.lease_seconds + 1
    while True:
        job = asyncio.ensure_future(run_job(request, lambda: store.acquire(session, run_id), counted=False, long=True))
        try:
            return await asyncio.shield(job)
        except asyncio.CancelledError:  # the client left while the run was being taken: let it go once taken
            job.add_done_callback(lambda done: _let_go(store, session, done))
            raise
        except Elsewhere:
            if time.monotonic() > deadline:
                return None
            await asyncio.sleep(0.1)


def _let_go(store: RunStore, session: str, job: asyncio.Future) -> None:
    if not job.cancelled() and job.exception() is None and job.result() is not None:
        asyncio.get_running_loop().run_in_executor(None, store.release, session, job.result())


async def train(request: Request, store: RunStore, session: str, run: Run, speed: int, alive=lambda: None,
                until: int | None = None):
    """The frames of a stream on a run this worker holds, until the run is gone or diverged, has reached step
    `until`, or the client left."""
    maker = service.FrameMaker(run)

    def event(text: str) -> str:
        return f"id: {maker.sent_step}\n{text}"

    yield event(await run_job(request, lambda: maker.chunk(0), counted=False))
    saved = time.monotonic()
    while True:
        await serve_commands(request, store, session, run)
        if run.closed or run.status == "diverged":
            yield service.sse("end", {"reason": "gone" if run.closed else "diverged"})
            break
        if until is not None and run.trainer.step >= until:
            yield service.sse("end", {"reason": "until"})
            break
        started = time.monotonic()
        if await request.is_disconnected():
            break
        n = speed if until is None else min(speed, until - run.trainer.step)
        save = store.shared and started - saved >= SAVE_SECONDS
        yield event(await run_job(request, lambda: chunk(store, session, run, maker, n, save, alive), counted=False))
        if save:
            saved = started
        await asyncio.sleep(max(0.0, 1 / MAX_FPS - (time.monotonic() - started)))


def chunk(store: RunStore, session: str, run: Run, maker: service.FrameMaker, updates: int, save: bool, alive):
    """A stream's next frame (a job for the compute pool); with `save`, the run is saved after it in the same job,
    and its stream still counted toward its session's quota over all workers (a job of its own would wait its
    turn in the pool again: a frame's gap twice over)."""
    text = yield from maker.chunk(updates)
    if save:
        store.save(session, run)
        alive()
    return text
