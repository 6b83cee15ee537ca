"""What the runs routes do, callable without HTTP: create, look up, change, step, import, and the stream's frames.

Everything that touches a run's state takes its lock here, in one place (`locked`), and leaves the run holding
only its parameters afterwards (Run.release). Work that costs is checked against the per-request ceiling before it
starts (app.runs.cost) and cut into slices of about `SLICE_SECONDS` for the compute pool (app.compute).
"""

from __future__ import annotations

import bisect
import inspect
import math
import time
from collections.abc import Callable, Generator
from typing import Any

import orjson
from pydantic import ValidationError

from . import cost, export, views
from .experiment import Experiment
from .run import Run, finite
from .store import RunStore, StoreFull

MAX_STEP_UPDATES = 10_000  # updates one POST .../step may ask for (and the cost ceiling may allow fewer)
SLICE_SECONDS = 0.025  # work of one slice of the compute pool (a stream's chunk, a part of a long step)
# The heavy parts of a frame (grid, weights, gradient norms, dead ReLUs, layer statistics) go out every
# DETAIL_EVERY frames but at most twice a second, so a busy server spends its time on training; and at least
# every DETAIL_MAX_SECONDS, so a slow stream still refreshes its views.
DETAIL_EVERY = 5
DETAIL_SECONDS = 0.5
DETAIL_MAX_SECONDS = 2.0


class RunError(Exception):
    """A request the run cannot take: `status` 404, 409, 422 or 503, `field` the part of the request at fault,
    `headers` to send with the answer (Retry-After), `kind` the type of a 422 (pydantic's error types; value_error
    for a rule beyond a single field's schema)."""

    def __init__(self, status: int, message: str, field: str | None = None, headers: dict | None = None,
                 kind: str = "value_error"):
        super().__init__(message)
        self.status, self.message, self.field, self.headers, self.kind = status, message, field, headers or {}, kind


def value_error(exc: ValueError, where: str = "body") -> RunError:
    """A ValueError from nnlib, a Run or an export's check ('field: what is wrong') as a 422 naming the field."""
    text = str(exc)
    field = text.split(":", 1)[0] if ":" in text and " " not in text.split(":", 1)[0] else None
    return RunError(422, text, f"{where}.{field}" if field else where, kind=getattr(exc, "kind", "value_error"))


def locked(run: Run, fn: Callable[[Run], Any]) -> Any:
    """fn(run) with the run's lock held; the run's batch-sized caches are dropped afterwards."""
    with run.lock:
        try:
            return fn(run)
        finally:
            run.release()


# ---------------------------------------------------------------- costs

def shape(run: Run) -> cost.Shape:
    return run.shape


def update_seconds(run: Run) -> float:
    """Seconds one update of this run takes: the estimate, or what the run measured when that is more."""
    estimate = cost.update_seconds(shape(run), run.trainer.batch_size)
    return max(estimate, run.seconds_per_update or 0.0)


def eval_seconds(run: Run) -> float:
    """Seconds of the evaluation after a chunk (validation set, and the training set for accuracy)."""
    rows = len(run.parts["val"][0]) + (len(run.parts["train"][0]) if run.task != "regression" else 0)
    return cost.eval_seconds(shape(run), rows)


def chunk_updates(run: Run, wanted: int) -> int:
    """Updates in one slice: at most `wanted`, at most about SLICE_SECONDS of work, at least one."""
    return max(1, min(wanted, cost.updates_within(SLICE_SECONDS, update_seconds(run))))


def check_step(run: Run, updates: int, ceiling: float) -> None:
    """422 when `updates` would take more than `ceiling` seconds by the (static) estimate, naming the most
    updates allowed for this run."""
    per_update = cost.update_seconds(shape(run), run.trainer.batch_size)
    answer = cost.JSON_VALUE * (min(shape(run).parameters, views.STATE_NETWORK_MAX) + run.raw.x.size)  # the state
    largest = min(MAX_STEP_UPDATES, cost.updates_within(ceiling, per_update, eval_seconds(run) + answer))
    if updates > largest:
        raise RunError(422, f"updates: at most {largest} for this run (about {ceiling:g} s of work a request; "
                            f"one update of this network and batch takes about {per_update * 1e3:.2g} ms)",
                       "body.updates")


# ---------------------------------------------------------------- the routes' work

def create(store: RunStore, session: str, experiment: Experiment) -> Run:
    try:
        run = Run(experiment)
    except ValueError as exc:
        raise value_error(exc) from None
    run.release()
    add(store, session, run)
    return run


def add(store: RunStore, session: str, run: Run) -> None:
    try:
        store.add(session, run)
    except StoreFull:
        raise RunError(503, "the server holds as many runs as it can; try again in a minute", None,
                       {"Retry-After": "60"}) from None


def get(store: RunStore, session: str, run_id: str) -> Run:
    run = store.get(session, run_id)
    if run is None:
        raise RunError(404, f"no run {run_id!r} in this session")
    return run


def patch(run: Run, changes: dict) -> dict:
    """Change mutable settings mid-run; anything else is a 409 (it needs a new run). Answers the run's state."""
    with run.lock:
        merged = {**run.experiment.model_dump(mode="json"), **changes}
        new = Experiment.model_validate(merged)  # a ValidationError becomes the standard 422 in the route
        mutable, fixed = Run.changed(run.experiment, new)
        if fixed:
            raise RunError(409, f"changing {', '.join(sorted(fixed))} needs a reset: start a new run", None)
        try:
            run.patch(new)
        except ValueError as exc:
            raise value_error(exc) from None
        return state(run)


def state(run: Run) -> dict:
    """The run's summary with its history and network: what GET and POST answer."""
    return locked(run, views.state)


def step(run: Run, updates: int) -> Generator[None, None, dict]:
    """Train `updates` updates in slices of about SLICE_SECONDS (a generator for the compute pool: each yield
    ends a slice), then evaluate in a slice of its own; returns the run's state. Stops early when the run
    diverges or is closed."""
    left = updates
    while left > 0:
        try:
            done = locked(run, lambda r: r.train(chunk_updates(r, left), evaluate=False))
        except ValueError as exc:  # nnlib refused what training met (a 422 naming it, never a 500)
            raise value_error(exc) from None
        left -= done
        yield
        if done == 0:
            break
    if left < updates:
        locked(run, Run.record_eval)
        yield
    return state(run)


def set_weight(run: Run, layer: int, row: int, col: int | None, value: float) -> dict:
    try:
        run.set_weight(layer, row, col, value)
    except ValueError as exc:
        raise value_error(exc) from None
    return state(run)


def test(run: Run) -> dict:
    try:
        return locked(run, lambda r: r.evaluate_test())
    except ValueError as exc:
        raise value_error(exc) from None


def checked_step(run: Run, updates: int, ceiling: float) -> Generator[None, None, dict]:
    check_step(run, updates, ceiling)
    return (yield from step(run, updates))


# What a request may ask of a run, by name: how the routes call it here and how a worker forwards it to the
# worker holding the run (app.runs.store). Each takes (run, the request's arguments, the request ceiling in
# seconds) and gives the answer's body, or a generator for the compute pool that returns it.
OPS: dict[str, Callable[[Run, dict, float], Any]] = {
    "state": lambda run, args, ceiling: state(run),
    "export": lambda run, args, ceiling: export_document(run),
    "patch": lambda run, args, ceiling: patch(run, args["changes"]),
    "step": lambda run, args, ceiling: checked_step(run, args["updates"], ceiling),
    "weight": lambda run, args, ceiling: set_weight(run, args["layer"], args["row"], args["col"], args["value"]),
    "test": lambda run, args, ceiling: test(run),
}
CHANGES = {"patch", "step", "weight", "test"}  # ops after which the run is saved


def perform(run: Run, op: str, args: dict, ceiling: float) -> Generator[None, None, Any]:
    """OPS[op] on the run, as a generator for the compute pool (its value: the answer's body)."""
    value = OPS[op](run, args, ceiling)
    if inspect.isgenerator(value):
        value = yield from value
    return value


def import_run(store: RunStore, session: str, doc: Any) -> Run:
    try:
        run = export.from_export(doc)
    except ValueError as exc:
        raise value_error(exc) from None
    run.release()
    add(store, session, run)
    return run


def export_document(run: Run) -> dict:
    return locked(run, export.export)


class FrameMaker:
    """Builds the stream's frames: new training-loss points since the last frame, plus details every few."""

    def __init__(self, run: Run):
        self.run = run
        self.sent_step = run.curve_steps[-1] if run.curve_steps else 0
        self.count = 0
        self.detail_at = -math.inf
        self.since_detail = 0

    def chunk(self, speed: int) -> Generator[None, None, str]:
        """Train up to `speed` updates (fewer when that would take more than a slice), evaluate, and give the
        frame as an SSE event. For the compute pool: a small network's chunk is one slice; a big one's training,
        evaluation and each part of the details are slices of their own, the run's lock held only within each."""
        run = self.run
        updates = chunk_updates(run, speed) if speed else 0
        if self.cheap(updates):
            return locked(run, lambda r: self._whole(updates))
        return (yield from self._sliced(updates))

    def cheap(self, updates: int) -> bool:
        """Whether a chunk of `updates`, with evaluation and details, takes well under a slice (by the estimate)."""
        run = self.run
        details = cost.eval_seconds(shape(run), views.GRID**2 + views.NEURON_MAP**2 + len(run.parts["train"][0]))
        return updates * update_seconds(run) + eval_seconds(run) + details <= SLICE_SECONDS / 2

    def _whole(self, updates: int) -> str:
        run = self.run
        if updates and run.train(updates, evaluate=False):
            run.record_eval()
        frame = self.frame()
        if self.due(frame):
            frame.update(views.details(run))
        return sse("frame", frame)

    def _sliced(self, updates: int) -> Generator[None, None, str]:
        run = self.run
        if updates:
            done = locked(run, lambda r: r.train(updates, evaluate=False))
            yield
            if done:
                locked(run, Run.record_eval)
                yield
        frame = locked(run, lambda r: self.frame())
        if self.due(frame):
            for part in views.DETAIL_PARTS:
                yield
                frame.update(locked(run, part))
        return sse("frame", frame)

    def due(self, frame: dict) -> bool:
        """Whether this frame carries the details: every DETAIL_EVERY frames but at most every DETAIL_SECONDS,
        at least every DETAIL_MAX_SECONDS, and the frame that reports a divergence."""
        now = time.monotonic()
        elapsed = now - self.detail_at
        due = (self.since_detail >= DETAIL_EVERY and elapsed >= DETAIL_SECONDS) or elapsed >= DETAIL_MAX_SECONDS
        self.since_detail += 1
        if due or frame["status"] == "diverged":
            self.detail_at, self.since_detail = now, 0
            return True
        return False

    def frame(self) -> dict:
        """The frame without details: status, counters, the loss points since the last frame, validation."""
        run = self.run
        i = bisect.bisect_right(run.curve_steps, self.sent_step)
        steps, losses = run.curve_steps[i:], run.curve_loss[i:]
        if self.count == 0:  # the first frame carries the whole curve so far
            steps, losses = run.curve_steps, run.curve_loss
        t = run.trainer
        frame = {
            "time": time.time(),  # wall clock when sent, so clients on this machine can measure lag
            "step": t.step, "epoch": t.epoch, "status": run.status, "diverged_at": run.diverged_at,
            "lr": run.lr, "loss_step": list(steps), "loss": finite(losses),
            "val_loss": finite(run.val_loss[-1:])[0] if run.val_loss else None,
            "val_acc": run.val_acc[-1] if run.val_acc else None,
            "train_acc": run.train_acc[-1] if run.train_acc else None,
            "batch": run.last_batch.tolist(), "seconds_per_update": run.seconds_per_update,
        }
        self.sent_step = t.step
        self.count += 1
        return frame


def sse(event: str, payload: dict) -> str:
    """An SSE event of `payload` as JSON. orjson writes floats as repr does (bit-exact) in a twentieth of json's time
    (a Playground frame with its pictures: 0.09 ms against 1.8), and a NaN that slipped through as null: never
    invalid JSON."""
    return f"event: {event}\ndata: {orjson.dumps(payload, option=orjson.OPT_SERIALIZE_NUMPY).decode()}\n\n"


def experiment_error(exc: ValidationError) -> RunError:
    first = exc.errors(include_url=False)[0]
    loc = ".".join(str(p) for p in first["loc"])
    return RunError(422, f"experiment.{loc}: {first['msg']}", f"body.experiment.{loc}")

