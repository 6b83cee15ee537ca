"""A run: an experiment plus its training state, advanced in chunks.

All maths goes through nnlib; this module only wires the experiment to it (app.runs.build) and keeps the
history and status. What is shown of a run lives in app.runs.views, its JSON document in app.runs.export.
Locking: every method that reads or changes the training state takes `lock` itself; views and exports are
called with it held (app.runs.service does that, in one place).
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from array import array

import numpy as np

from nnlib import losses
from nnlib.layers import Dropout
from nnlib.trace import match_target
from nnlib.training import Diverged

from . import build
from .experiment import MUTABLE, Experiment

MAX_CURVE = 20_000  # training-loss points kept; beyond it every other point is dropped (stride doubles)


def finite(values) -> list[float | None]:
    """Floats for JSON: a non-finite value becomes None (JSON has no NaN or infinity)."""
    array = np.asarray(values if hasattr(values, "__len__") else list(values), dtype=np.float64)
    if np.isfinite(array).all():  # the usual case, in C (a frame's pictures: a quarter of its time in Python)
        return array.tolist()
    return [v if math.isfinite(v) else None for v in array.tolist()]


def finite_rows(array: np.ndarray) -> list:
    """finite() of an array of one or more dimensions, as nested lists (a grid's rows)."""
    if array.ndim == 1:
        return finite(array)
    if np.isfinite(array).all():
        return array.tolist()
    return [finite_rows(row) for row in array]


class Run:
    """One learner's training run. Thread-safe: every mutation takes `lock`."""

    def __init__(self, experiment: Experiment, run_id: str | None = None):
        self.id = run_id or uuid.uuid4().hex
        self.lock = threading.RLock()
        self.touched = time.monotonic()
        self.status = "ready"
        self.closed = False  # deleted or evicted: training stops and its streams end
        self.setup(experiment)

    # ------------------------------------------------------------------ construction
    def setup(self, exp: Experiment) -> None:
        self.experiment = exp
        s = build.build(exp)
        self.task, self.raw, self.feature_names, self.synthetic = s.task, s.raw, s.feature_names, s.synthetic
        self.parts, self.scaler, self.inputs = s.parts, s.scaler, s.inputs
        self.loss, self.model, self.trainer, self.rng = s.loss, s.model, s.trainer, s.rng
        self.shape = s.shape  # the network's size for the cost model (app.runs.cost)
        # The training-loss curve: compact arrays (8 bytes a point), every `stride`-th update.
        self.curve_steps = array("q")
        self.curve_loss = array("d")
        self.curve_lr = array("d")
        self.curve_data_loss = array("d")  # the loss without the regularization penalty
        self.stride = 1
        self.val_steps = array("q")
        self.val_loss = array("d")
        self.val_acc = array("d")
        self.train_acc = array("d")
        self.diverged_at: int | None = None
        self.seconds_per_update: float | None = None
        self.tested: dict | None = None
        self.record_eval()

    # ------------------------------------------------------------------ changes mid-run
    def patch(self, exp: Experiment) -> None:
        """Apply mutable settings of `exp`; the caller has checked that nothing else differs."""
        with self.lock:
            t = self.trainer
            build.check_batch(len(t.x), exp.batch_size, exp.batchnorm)
            if exp.batch_size * self.shape.values > build.MAX_BATCH_VALUES:
                raise ValueError(f"batch_size: at most {build.MAX_BATCH_VALUES // self.shape.values} for this network")
            t.set_batching(exp.batch_size, exp.shuffle)
            if exp.optimizer.name != self.experiment.optimizer.name:
                t.optimizer = build.optimizer_for(exp, self.model.parameters())
            else:
                t.optimizer.lr = exp.optimizer.lr
                if exp.optimizer.name.value == "momentum":
                    t.optimizer.momentum = exp.optimizer.momentum
            t.schedule = build.schedule_for(exp)
            t.regularizer = build.regularizer_for(exp)
            for layer in self.model.layers:
                if isinstance(layer, Dropout):
                    layer.p = exp.dropout
            self.experiment = exp

    @staticmethod
    def changed(old: Experiment, new: Experiment) -> tuple[set[str], set[str]]:
        """(mutable fields changed, fields changed that need a reset)."""
        a, b = old.model_dump(), new.model_dump()
        diff = {k for k in a if a[k] != b[k]}
        return diff & MUTABLE, diff - MUTABLE

    def set_weight(self, layer: int, row: int, col: int | None, value: float) -> None:
        """Set one weight (col given) or bias (col None) of dense layer `layer`. Raises ValueError if out of range."""
        with self.lock:
            dense = self.model.dense_layers()
            if not 0 <= layer < len(dense):
                raise ValueError(f"layer: expected 0..{len(dense) - 1}, got {layer}")
            d = dense[layer]
            if not 0 <= row < d.out_features:
                raise ValueError(f"row: expected 0..{d.out_features - 1}, got {row}")
            if col is not None and not 0 <= col < d.in_features:
                raise ValueError(f"col: expected 0..{d.in_features - 1}, got {col}")
            if col is None:
                d.bias.data[row] = value
            else:
                d.weight.data[row, col] = value
            self.record_eval()

    # ------------------------------------------------------------------ training
    def train(self, updates: int, evaluate: bool = True) -> int:
        """Up to `updates` updates; returns how many were done (0 once diverged or closed). Stops at divergence
        and records it. evaluate: record the validation loss (and accuracies) afterwards; a caller that slices
        its work calls record_eval in a slice of its own."""
        done = 0
        with self.lock:
            if self.status == "diverged" or self.closed:
                return 0
            t = self.trainer
            started = time.perf_counter()
            try:
                for _ in range(updates):
                    loss = t.update()
                    done += 1
                    if t.step % self.stride == 0:
                        self.curve_steps.append(t.step)
                        self.curve_loss.append(loss)
                        self.curve_lr.append(t.optimizer.lr)
                        self.curve_data_loss.append(t.last_data_loss)
            except Diverged as exc:
                self.status = "diverged"
                self.diverged_at = exc.step
            if len(self.curve_loss) > MAX_CURVE:
                self._thin_curve()
            if done:
                self.seconds_per_update = (time.perf_counter() - started) / done
                if evaluate:
                    self.record_eval()
            self.touched = time.monotonic()
        return done

    def _thin_curve(self) -> None:
        self.stride *= 2
        keep = [i for i, s in enumerate(self.curve_steps) if s % self.stride == 0]
        for name in ("curve_steps", "curve_loss", "curve_lr", "curve_data_loss"):
            old = getattr(self, name)
            setattr(self, name, array(old.typecode, (old[i] for i in keep)))

    def release(self) -> None:
        """Drop what the network cached during the last forward and backward (batch-sized arrays): a run that
        waits between chunks holds only its parameters, optimizer state and data."""
        self.model.clear_cache()
        self.loss.clear_cache()

    # ------------------------------------------------------------------ evaluation
    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """The model's output in eval mode (no dropout, running BatchNorm statistics), (n, inputs) -> (n, out)."""
        self.model.eval()
        try:
            with np.errstate(all="ignore"):
                return self.model.forward(inputs)
        finally:
            self.model.train()

    def targets(self, y: np.ndarray) -> np.ndarray:
        return build.targets(self.loss, y)

    def evaluate(self, part: str) -> tuple[float, float | None]:
        """(data loss, accuracy or None) of the model in eval mode on a part of the data."""
        x, y, _ = self.parts[part]
        if len(x) == 0:
            return float("nan"), None
        out = self.predict(x)
        with np.errstate(all="ignore"):
            loss = losses.make(self.loss.name).forward(out, match_target(self.loss, self.targets(y), out.shape))
        acc = None
        if self.task != "regression":
            # the class of highest output, or output > 0.5 for one sigmoid unit; for sequences: per token
            pred = out.argmax(axis=-1) if out.shape[-1] > 1 else (out[..., 0] > 0.5).astype(np.int64)
            acc = float(np.mean(pred == y))
        return loss, acc

    def record_eval(self) -> None:
        """Record the validation loss and the accuracies at the current step."""
        if self.status == "diverged":
            return
        loss, acc = self.evaluate("val")
        if not math.isfinite(loss):
            return
        self.val_steps.append(self.trainer.step)
        self.val_loss.append(loss)
        if acc is not None:
            self.val_acc.append(acc)
            self.train_acc.append(self.evaluate("train")[1])
        if len(self.val_steps) > MAX_CURVE:
            for name in ("val_steps", "val_loss", "val_acc", "train_acc"):
                old = getattr(self, name)
                setattr(self, name, array(old.typecode, old[1::2]))

    def evaluate_test(self) -> dict:
        """The test set's loss (and accuracy), evaluated once; the run remembers that it was."""
        with self.lock:
            if not len(self.parts["test"][0]):
                raise ValueError("test: this experiment has no test set (test fraction 0)")
            loss, acc = self.evaluate("test")
            self.tested = {"step": self.trainer.step, "test_loss": finite([loss])[0], "test_acc": acc}
            return self.tested

    # ------------------------------------------------------------------ what GET answers
    @property
    def lr(self) -> float:
        t = self.trainer
        return t.schedule(t.step) if t.schedule is not None else t.optimizer.lr

    @property
    def last_batch(self) -> np.ndarray:
        return self.trainer.last_batch

    def summary(self) -> dict:
        t = self.trainer
        return {"id": self.id, "status": self.status, "step": t.step, "epoch": t.epoch,
                "diverged_at": self.diverged_at, "lr": self.lr, "task": self.task,
                "updates_per_epoch": t.updates_per_epoch, "train_size": len(t.x),
                "batch_bytes": self.batch_bytes(), "tested": self.tested,
                "experiment": self.experiment.model_dump(mode="json")}

    def history(self) -> dict:
        return {"step": list(self.curve_steps), "loss": finite(self.curve_loss), "lr": list(self.curve_lr),
                "data_loss": finite(self.curve_data_loss),
                "val_step": list(self.val_steps), "val_loss": finite(self.val_loss),
                "val_acc": list(self.val_acc), "train_acc": list(self.train_acc)}

    @property
    def tabular(self) -> bool:
        """Whether the run learns from a table of features (model mlp), which the 2-D views can draw."""
        return self.experiment.model == "mlp"

    def batch_bytes(self) -> int:
        """Memory of one batch's activations in float64: batch x (inputs + every layer's outputs) x 8 bytes."""
        return self.trainer.batch_size * self.shape.values * 8

    def nbytes(self) -> int:
        """About what the run holds between chunks: parameters and optimizer state, data, curves."""
        # each parameter: its values, its gradient and the optimizer's slots (Adam: m and v)
        params = sum(p.data.size for p in self.model.parameters()) * (2 + len(self.trainer.optimizer.slots))
        data = self.trainer.x.size + self.trainer.y.size + sum(p[0].size + p[1].size + p[2].size
                                                               for p in self.parts.values())
        curves = 4 * len(self.curve_steps) + 4 * len(self.val_steps)
        return 8 * (params + data + curves + self.raw.x.size) + 20_000  # + the objects themselves
