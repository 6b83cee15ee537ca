"""What the runs routes do, callable without HTTP: create, look up, change, step, stream frames, import."""

from __future__ import annotations

import bisect
import json
import math
import time

from pydantic import ValidationError

from .experiment import Experiment
from .run import Run
from .store import RunStore

MAX_STEP_UPDATES = 10_000  # updates one POST .../step may ask for
# The heavy parts of a frame (grid, weights, gradient norms, dead ReLUs, layer statistics) go out every
# DETAIL_EVERY frames but at most twice a second, so a busy server spends its time on training; and at least
# every DETAIL_MAX_SECONDS, so a slow stream still refreshes its views.
DETAIL_EVERY = 5
DETAIL_SECONDS = 0.5
DETAIL_MAX_SECONDS = 2.0


class RunError(Exception):
    """A request the run cannot take: `status` 404, 409 or 422, `field` the part of the request at fault."""

    def __init__(self, status: int, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


def value_error(exc: ValueError, where: str = "body") -> RunError:
    """A ValueError from nnlib or a Run ('field: what is wrong') as a 422 naming the field."""
    text = str(exc)
    field = text.split(":", 1)[0] if ":" in text and " " not in text.split(":", 1)[0] else None
    return RunError(422, text, f"{where}.{field}" if field else where)


def create(store: RunStore, session: str, experiment: Experiment) -> Run:
    try:
        run = Run(experiment)
    except ValueError as exc:
        raise value_error(exc) from None
    store.add(session, run)
    return run


def get(store: RunStore, session: str, run_id: str) -> Run:
    run = store.get(session, run_id)
    if run is None:
        raise RunError(404, f"no run {run_id!r} in this session")
    return run


def patch(run: Run, changes: dict) -> Run:
    """Change mutable settings mid-run; anything else is a 409 (it needs a new run)."""
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
    return run


def state(run: Run) -> dict:
    """The run's summary with its history and network: what GET and POST answer."""
    with run.lock:
        return {**run.summary(), "history": run.history(), "network": run.network(), "points": run.points(),
                "feature_names": run.feature_names, "classes": list(run.raw.classes)}


def import_run(store: RunStore, session: str, doc: dict) -> Run:
    try:
        run = Run.from_export(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise RunError(422, f"experiment.{loc}: {first['msg']}", f"body.experiment.{loc}") from None
    except (KeyError, TypeError, IndexError) as exc:
        raise RunError(422, f"the document is incomplete or malformed: {exc!r}", "body") from None
    except ValueError as exc:
        raise value_error(exc, "body.state") from None
    store.add(session, run)
    return run


class FrameMaker:
    """Builds the stream's frames: new training-loss points since the last frame, plus details every few."""

    def __init__(self, run: Run):
        self.run = run
        self.sent_step = run.curve_steps[-1] if run.curve_steps else 0
        self.count = 0
        self.detail_at = -math.inf
        self.since_detail = 0

    def frame(self) -> dict:
        run = self.run
        with run.lock:
            i = bisect.bisect_right(run.curve_steps, self.sent_step)
            steps, losses = run.curve_steps[i:], run.curve_loss[i:]
            if self.count == 0:  # the first frame carries the whole curve so far
                steps, losses = run.curve_steps, run.curve_loss
            t = run.trainer
            frame = {
                "time": time.time(),  # wall clock when sent, so clients on this machine can measure lag
                "step": t.step, "epoch": t.epoch, "status": run.status, "diverged_at": run.diverged_at,
                "lr": run.lr, "loss_step": list(steps), "loss": [_num(v) for v in losses],
                "val_loss": _num(run.val_loss[-1]) if run.val_loss else None,
                "val_acc": run.val_acc[-1] if run.val_acc else None,
                "train_acc": run.train_acc[-1] if run.train_acc else None,
                "batch": run.last_batch.tolist(), "seconds_per_update": run.seconds_per_update,
            }
            now = time.monotonic()
            elapsed = now - self.detail_at
            due = (self.since_detail >= DETAIL_EVERY and elapsed >= DETAIL_SECONDS) or elapsed >= DETAIL_MAX_SECONDS
            self.since_detail += 1
            if due or run.status == "diverged":
                self.detail_at, self.since_detail = now, 0
                frame.update(grid=run.grid(), network=run.network(), grad_norms=run.gradient_norms(),
                             dead_relu=run.dead_relu_fraction(), inactive=run.inactive_fraction(),
                             neuron_maps=run.neuron_maps(),
                             layer_stats=run.layer_stats(), batchnorm=run.batchnorm_stats())
            self.sent_step = t.step
        self.count += 1
        return frame


def _num(v: float) -> float | None:
    return v if math.isfinite(v) else None


def sse(event: str, payload: dict) -> str:
    # allow_nan=False: a NaN that slipped through raises here instead of going out as invalid JSON.
    return f"event: {event}\ndata: {json.dumps(payload, allow_nan=False, separators=(',', ':'))}\n\n"
