"""A run: an experiment plus its training state, advanced in chunks, serialized exactly to JSON.

All maths goes through nnlib; this module only wires the experiment to it and keeps the history and status.
"""

from __future__ import annotations

import math
import threading
import time
import uuid

import numpy as np

from nnlib import activations, checkpoint, data, losses, optimizers, regularizers, schedules, spec
from nnlib.layers import BatchNorm1d, Dropout
from nnlib.trace import match_target
from nnlib.training import Diverged, Trainer

from .experiment import MUTABLE, Experiment

MAX_CURVE = 20_000  # training-loss points kept; beyond it every other point is dropped (stride doubles)
GRID = 40  # decision-boundary grid resolution (GRID x GRID)


def _features(x: np.ndarray, names: list[str]) -> np.ndarray:
    """Feature columns from raw 2-D coordinates x (n, 2) -> (n, len(names))."""
    x1, x2 = x[:, 0], x[:, 1]
    table = {"x1": x1, "x2": x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1*x2": x1 * x2,
             "sin x1": np.sin(x1), "sin x2": np.sin(x2)}
    return np.stack([table[name] for name in names], axis=1)


def task_loss(task: str, choice: str) -> tuple[str, str, int | None]:
    """(loss name, output activation, output units or None for 'one per class') for a task."""
    allowed = {"regression": ("mse", "mae"), "binary": ("bce", "mse", "cross_entropy"),
               "multiclass": ("cross_entropy",)}[task]
    name = allowed[0] if choice == "auto" else choice
    if name not in allowed:
        raise ValueError(f"loss: {name!r} does not fit a {task} task; choose one of {', '.join(allowed)}")
    if name == "cross_entropy":
        return name, "identity", None  # logits; softmax is inside the loss
    if task == "binary":
        return name, "sigmoid", 1
    return name, "identity", 1


def _finite(values) -> list[float | None]:
    return [float(v) if math.isfinite(v) else None for v in values]


def clean(obj):
    """Nested lists/dicts with every non-finite float replaced by None (JSON has no NaN or inf)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, list):
        return [clean(v) for v in obj]
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    return obj


class Run:
    """One learner's training run. Thread-safe: every mutation takes `lock`."""

    def __init__(self, experiment: Experiment, run_id: str | None = None):
        self.id = run_id or uuid.uuid4().hex
        self.lock = threading.RLock()
        self.touched = time.monotonic()
        self.status = "ready"
        self.setup(experiment)

    # ------------------------------------------------------------------ construction
    def setup(self, exp: Experiment) -> None:
        self.experiment = exp
        ds = data.make(exp.dataset.value, n=exp.n, noise=exp.noise, rng=np.random.default_rng(exp.data_seed),
                       **({"classes": exp.classes} if exp.dataset.value == "blobs" else {}))
        self.task = ds.task
        x = ds.x
        self.feature_names = list(ds.feature_names)
        # The synthetic 2-D sets get the chosen features; fruit and iris keep theirs.
        self.synthetic = ds.x.shape[1] == 2
        if self.synthetic:
            x = _features(x, list(exp.features))
            self.feature_names = list(exp.features)
        if ds.x.shape[1] > 1 and not all(0 <= v < ds.x.shape[1] for v in exp.view):
            raise ValueError(f"view: indices must be in 0..{ds.x.shape[1] - 1}")
        self.raw = ds
        train, val, test = data.split((x, ds.y, ds.x), val=exp.val, test=exp.test,
                                      rng=np.random.default_rng(exp.data_seed + 1))
        self.scaler = data.SCALERS[exp.scaling]()
        self.scaler.fit(train[0])
        self.parts = {name: (self.scaler.transform(p[0]) if len(p[0]) else p[0], p[1], p[2])
                      for name, p in (("train", train), ("val", val), ("test", test))}
        # What the trainer sees: the training part, plus its noisy copies when augmenting (after scaling, so
        # sigma is in model-input units). parts["train"] keeps the original rows, on which training loss and
        # accuracy are measured.
        x_fit, y_fit = self.parts["train"][0], train[1]
        if exp.augment_copies:
            x_fit, y_fit = data.augment_noise(x_fit, y_fit, exp.augment_copies, exp.augment_sigma,
                                              np.random.default_rng(exp.data_seed + 2))
        m = len(x_fit)
        if exp.batch_size > m:
            raise ValueError(f"batch_size: at most the training-set size, {m}")
        loss_name, out_act, out_units = task_loss(self.task, exp.loss)
        if exp.output_activation.value != "auto":
            out_act = exp.output_activation.value
        self.loss = losses.make(loss_name)
        units_out = out_units or len(ds.classes)
        layers: list[dict] = []
        given = exp.weights or []
        for i, h in enumerate(exp.hidden):
            layers.append({"units": h.units, "activation": h.activation.value, "alpha": h.alpha,
                           **(given[i].model_dump() if given else {})})
            if exp.batchnorm:
                layers.append({"type": "batchnorm"})
            layers.append({"type": "dropout", "p": exp.dropout})
        layers.append({"units": units_out, "activation": out_act, **(given[-1].model_dump() if given else {})})
        self.inputs = x.shape[1]
        self.rng = np.random.default_rng(exp.seed)
        try:
            self.model = spec.build({"inputs": self.inputs, "layers": layers}, self.rng, init=exp.init.value)
        except ValueError as exc:  # "layers[k].weight: expected shape ..." -> name the experiment's field
            raise ValueError(f"weights: {exc}") from None
        self.trainer = Trainer(self.model, self.loss, self._optimizer(exp), x_fit,
                               self._targets(y_fit), exp.batch_size, exp.shuffle, self.rng,
                               schedule=self._schedule(exp), regularizer=self._regularizer(exp))
        self.curve_steps: list[int] = []
        self.curve_loss: list[float] = []
        self.curve_lr: list[float] = []
        self.curve_data_loss: list[float] = []  # the loss without the regularization penalty
        self.stride = 1
        self.val_steps: list[int] = []
        self.val_loss: list[float] = []
        self.val_acc: list[float] = []
        self.train_acc: list[float] = []
        self.diverged_at: int | None = None
        self.last_batch = np.arange(0)
        self.seconds_per_update: float | None = None
        self.tested: dict | None = None
        self.record_eval()

    def _targets(self, y: np.ndarray) -> np.ndarray:
        return y.astype(np.float64) if self.loss.name in ("bce", "mse", "mae") else y

    def _optimizer(self, exp: Experiment):
        o = exp.optimizer
        kw = {"momentum": o.momentum} if o.name.value == "momentum" else {}
        return optimizers.make(o.name.value, self.model.parameters(), o.lr, **kw)

    @staticmethod
    def _schedule(exp: Experiment):
        s = exp.schedule
        kw = {"constant": {}, "exponential": {"decay": s.decay},
              "step": {"step_size": s.step_size, "gamma": s.gamma}}[s.name.value]
        return schedules.make(s.name.value, exp.optimizer.lr, **kw)

    @staticmethod
    def _regularizer(exp: Experiment):
        r = exp.regularization
        return None if r.kind == "none" else regularizers.make(r.kind, r.lam)

    # ------------------------------------------------------------------ changes mid-run
    def patch(self, exp: Experiment) -> None:
        """Apply mutable settings of `exp`; the caller has checked that nothing else differs."""
        old = self.experiment
        m = len(self.trainer.x)
        if exp.batch_size > m:
            raise ValueError(f"batch_size: at most the training-set size, {m}")
        t = self.trainer
        if exp.optimizer.name != old.optimizer.name:
            t.optimizer = self._optimizer(exp)
        else:
            t.optimizer.lr = exp.optimizer.lr
            if hasattr(t.optimizer, "momentum") and exp.optimizer.name.value == "momentum":
                t.optimizer.momentum = exp.optimizer.momentum
        t.schedule = self._schedule(exp)
        t.regularizer = self._regularizer(exp)
        if exp.batch_size != t.batch_size or exp.shuffle != t.shuffle:
            t.batch_size, t.shuffle = exp.batch_size, exp.shuffle
            if t.pos:  # start a fresh epoch with the new batching
                t.pos = 0
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

    # ------------------------------------------------------------------ training
    def train(self, updates: int) -> int:
        """Up to `updates` updates; returns how many were done. Stops at divergence and records it."""
        done = 0
        with self.lock:
            if self.status == "diverged":
                return 0
            t = self.trainer
            started = time.perf_counter()
            try:
                for _ in range(updates):
                    start = t.pos
                    loss = t.update()
                    self.last_batch = t.order[start:start + t.batch_size]
                    done += 1
                    if t.step % self.stride == 0:
                        self.curve_steps.append(t.step)
                        self.curve_loss.append(loss)
                        self.curve_lr.append(t.optimizer.lr)
                        self.curve_data_loss.append(t.history["data_loss"][-1])
            except Diverged as exc:
                self.status = "diverged"
                self.diverged_at = exc.step
            if len(self.curve_loss) > MAX_CURVE:
                self.stride *= 2
                keep = [i for i, s in enumerate(self.curve_steps) if s % self.stride == 0]
                self.curve_steps = [self.curve_steps[i] for i in keep]
                self.curve_loss = [self.curve_loss[i] for i in keep]
                self.curve_lr = [self.curve_lr[i] for i in keep]
                self.curve_data_loss = [self.curve_data_loss[i] for i in keep]
            for key in t.history:  # the run keeps its own bounded curve; the trainer's is a buffer
                t.history[key].clear()
            if done:
                self.seconds_per_update = (time.perf_counter() - started) / done
                self.record_eval()
            self.touched = time.monotonic()
        return done

    def evaluate(self, part: str) -> tuple[float, float | None]:
        """(data loss, accuracy or None) of the model in eval mode on a part of the data."""
        x, y, _ = self.parts[part]
        if len(x) == 0:
            return float("nan"), None
        out = self.predict(x)
        with np.errstate(all="ignore"):
            loss = losses.make(self.loss.name).forward(out, match_target(self.loss, self._targets(y), out.shape))
        acc = None
        if self.task != "regression":
            pred = out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] > 0.5).astype(np.int64)
            acc = float(np.mean(pred == y))
        return loss, acc

    def record_eval(self) -> None:
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
            for series in (self.val_steps, self.val_loss, self.val_acc, self.train_acc):
                del series[::2]

    # ------------------------------------------------------------------ views
    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """The model's output in eval mode (no dropout, running BatchNorm statistics), (n, inputs) -> (n, out)."""
        self.model.eval()
        try:
            with np.errstate(all="ignore"):
                return self.model.forward(inputs)
        finally:
            self.model.train()

    def points(self) -> dict:
        """Training and test samples in the viewed raw coordinates, with their targets, for the 2-D view."""
        out = {}
        for part in ("train", "test"):
            _, y, raw = self.parts[part]
            if raw.shape[1] == 1:
                out[part] = {"x": raw[:, 0].tolist(), "y": y.astype(float).tolist()}
            else:
                i, j = (0, 1) if self.synthetic else self.experiment.view
                out[part] = {"x": raw[:, i].tolist(), "y": raw[:, j].tolist(), "label": y.tolist()}
        return out
    @property
    def lr(self) -> float:
        t = self.trainer
        return t.schedule(t.step) if t.schedule is not None else t.optimizer.lr

    def summary(self) -> dict:
        t = self.trainer
        return {"id": self.id, "status": self.status, "step": t.step, "epoch": t.epoch,
                "diverged_at": self.diverged_at, "lr": self.lr, "task": self.task,
                "updates_per_epoch": t.updates_per_epoch, "train_size": len(t.x),
                "batch_bytes": self.batch_bytes(), "tested": self.tested,
                "experiment": self.experiment.model_dump(mode="json")}

    def history(self) -> dict:
        return {"step": list(self.curve_steps), "loss": _finite(self.curve_loss), "lr": list(self.curve_lr),
                "data_loss": _finite(self.curve_data_loss),
                "val_step": list(self.val_steps), "val_loss": _finite(self.val_loss),
                "val_acc": list(self.val_acc), "train_acc": list(self.train_acc)}

    def batch_bytes(self) -> int:
        """Memory of one batch's activations in float64: batch x (inputs + every layer's outputs) x 8 bytes."""
        widths = [self.inputs] + [layer.out_features if hasattr(layer, "out_features") else 0
                                  for layer in self.model.layers]
        return self.trainer.batch_size * sum(widths) * 8

    def layer_stats(self, bins: int = 20) -> list[dict]:
        """Per dense layer, over the training set in eval mode: a histogram of its activations, their mean and std,
        and ||dL/dW|| on the last batch."""
        self.predict(self.parts["train"][0])
        out = []
        with np.errstate(all="ignore"):
            for d in self.model.dense_layers():
                a = d.a[np.isfinite(d.a)]
                try:
                    counts, edges = np.histogram(a, bins=bins) if a.size else (np.zeros(bins, int), np.zeros(bins + 1))
                except ValueError:  # finite values whose range overflows (a diverging run): no histogram, no 500
                    counts, edges = np.zeros(bins, int), np.zeros(bins + 1)
                out.append({"hist": {"edges": _finite(edges), "counts": counts.tolist()},
                            "mean": _finite([a.mean()])[0] if a.size else None,
                            "std": _finite([a.std()])[0] if a.size else None,
                            "grad_norm": _finite([np.linalg.norm(d.weight.grad)])[0]})
        return out

    def batchnorm_stats(self) -> list[dict]:
        """mu_B and sigma_B of each BatchNorm layer on the last training batch (empty before the first update)."""
        return [{"mu_b": _finite(layer.mu_b), "sigma_b": _finite(np.sqrt(layer.var_b + layer.eps))}
                for layer in self.model.layers if isinstance(layer, BatchNorm1d) and hasattr(layer, "mu_b")]

    def evaluate_test(self) -> dict:
        """The test set's loss (and accuracy), evaluated once; the run remembers that it was."""
        with self.lock:
            if not len(self.parts["test"][0]):
                raise ValueError("test: this experiment has no test set (test fraction 0)")
            loss, acc = self.evaluate("test")
            self.tested = {"step": self.trainer.step, "test_loss": _finite([loss])[0], "test_acc": acc}
            return self.tested

    def network(self) -> dict:
        return clean(spec.to_spec(self.model, self.inputs))

    def gradient_norms(self) -> list[float]:
        """||dL/dW|| of each dense layer on the last batch."""
        with np.errstate(all="ignore"):
            return _finite(float(np.linalg.norm(d.weight.grad)) for d in self.model.dense_layers())

    def inactive_fraction(self) -> list[float]:
        """Per hidden layer, for any activation: the fraction of units whose pre-activation z <= 0 for every
        training sample (for ReLU these are dead: zero output and zero gradient)."""
        self.predict(self.parts["train"][0])
        return [float(np.mean(np.all(d.z <= 0, axis=0))) for d in self.model.dense_layers()[:-1]]

    def dead_relu_fraction(self) -> list[float | None]:
        """Per dense layer: the fraction of ReLU units that output 0 for every training sample (None if not ReLU)."""
        self.predict(self.parts["train"][0])
        out = []
        for d in self.model.dense_layers()[:-1]:
            out.append(float(np.mean(np.all(d.a <= 0, axis=0))) if d.activation.name == "relu" else None)
        return out

    def grid(self) -> dict | None:
        """Model output over a GRID x GRID grid of the two viewed raw inputs (others at their training mean)."""
        raw = self.raw.x
        if raw.shape[1] == 1:
            lo, hi = raw[:, 0].min(), raw[:, 0].max()
            xs = np.linspace(lo, hi, 100)
            out = self.predict(self.scaler.transform(xs[:, None]))
            if self.loss.name == "cross_entropy":
                out = activations.value("softmax", out)[:, 1:]  # P(class 1) of a two-class softmax
            return {"kind": "curve", "x": xs.tolist(), "y": _finite(out[:, 0])}
        g1, g2, inputs = self._grid_points(GRID)
        out = self.predict(inputs)
        if self.task == "multiclass":
            z = out.argmax(axis=1).astype(np.float64)
        elif self.loss.name == "cross_entropy":
            z = activations.value("softmax", out)[:, 1]
        else:
            z = out[:, 0]
        return {"kind": "grid", "x": g1.tolist(), "y": g2.tolist(), "z": [_finite(r) for r in z.reshape(GRID, GRID)]}

    def neuron_maps(self, size: int = 16) -> list[list[list[list[float | None]]]] | None:
        """For 2-D views: each hidden neuron's activation over a size x size grid of the viewed inputs,
        maps[layer][unit] = rows of values (None for non-finite)."""
        if self.raw.x.shape[1] < 2:
            return None
        self.predict(self._grid_points(size)[2])
        return [[[_finite(row) for row in d.a[:, u].reshape(size, size)] for u in range(d.out_features)]
                for d in self.model.dense_layers()[:-1]]

    def _grid_points(self, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(axis 1 values, axis 2 values, model inputs (size*size, inputs)) of a grid over the viewed inputs."""
        raw = self.raw.x
        i, j = (0, 1) if self.synthetic else self.experiment.view
        lo, hi = raw.min(axis=0), raw.max(axis=0)
        pad = 0.05 * (hi - lo)
        g1 = np.linspace(lo[i] - pad[i], hi[i] + pad[i], size)
        g2 = np.linspace(lo[j] - pad[j], hi[j] + pad[j], size)
        a, b = np.meshgrid(g1, g2)
        pts = np.tile(raw.mean(axis=0), (size * size, 1))
        pts[:, i], pts[:, j] = a.ravel(), b.ravel()
        feats = _features(pts, list(self.experiment.features)) if self.synthetic else pts
        return g1, g2, self.scaler.transform(feats)

    def set_weight(self, layer: int, row: int, col: int | None, value: float) -> None:
        """Set one weight (col given) or bias (col None) of dense layer `layer`. Raises ValueError if out of range."""
        dense = self.model.dense_layers()
        if not 0 <= layer < len(dense):
            raise ValueError(f"layer: expected 0..{len(dense) - 1}, got {layer}")
        d = dense[layer]
        if not 0 <= row < d.out_features:
            raise ValueError(f"row: expected 0..{d.out_features - 1}, got {row}")
        if col is not None and not 0 <= col < d.in_features:
            raise ValueError(f"col: expected 0..{d.in_features - 1}, got {col}")
        with self.lock:
            if col is None:
                d.bias.data[row] = value
            else:
                d.weight.data[row, col] = value
            self.record_eval()

    def history_csv(self) -> str:
        """The training-loss curve and the validation points as CSV (step, train_loss, val_loss)."""
        val = dict(zip(self.val_steps, self.val_loss))
        lines = ["step,train_loss,val_loss"]
        for s, v in zip(self.curve_steps, self.curve_loss):
            lines.append(f"{s},{v!r},{val[s]!r}" if s in val else f"{s},{v!r},")
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ export / import
    def export(self) -> dict:
        with self.lock:
            return {"format": "nnlab-run", "version": 1, "experiment": self.experiment.model_dump(mode="json"),
                    "status": self.status, "diverged_at": self.diverged_at,
                    "state": checkpoint.save(self.trainer),
                    "curve": {"stride": self.stride, "step": self.curve_steps, "loss": self.curve_loss,
                              "lr": self.curve_lr, "data_loss": self.curve_data_loss},
                    "tested": self.tested,
                    "val": {"step": self.val_steps, "loss": self.val_loss, "acc": self.val_acc,
                            "train_acc": self.train_acc}}

    @classmethod
    def from_export(cls, doc: dict) -> Run:
        """A new run in exactly the exported state. Raises ValueError naming what is wrong."""
        if doc.get("format") != "nnlab-run" or doc.get("version") != 1:
            raise ValueError("format: not an nnlab run export (version 1)")
        run = cls(Experiment.model_validate(doc["experiment"]))
        with run.lock:
            checkpoint.load(run.trainer, doc["state"])
            curve, val = doc["curve"], doc["val"]
            run.stride = int(curve["stride"])
            run.curve_steps = [int(s) for s in curve["step"]]
            run.curve_loss = [float(v) for v in curve["loss"]]
            run.curve_lr = [float(v) for v in curve["lr"]]
            run.curve_data_loss = [float(v) for v in curve["data_loss"]]
            run.val_steps = [int(s) for s in val["step"]]
            run.val_loss = [float(v) for v in val["loss"]]
            run.val_acc = [float(v) for v in val["acc"]]
            run.train_acc = [float(v) for v in val["train_acc"]]
            run.tested = doc["tested"]
            if (len(run.curve_steps) != len(run.curve_loss) or len(run.curve_lr) != len(run.curve_loss)
                    or len(run.curve_data_loss) != len(run.curve_loss)
                    or len(run.val_steps) != len(run.val_loss)):
                raise ValueError("curve: steps and values differ in length")
            if not all(math.isfinite(v) for v in run.curve_loss + run.curve_lr + run.curve_data_loss + run.val_loss):
                raise ValueError("curve: values must be finite")
            run.status = doc["status"] if doc["status"] in ("ready", "diverged") else "ready"
            run.diverged_at = doc.get("diverged_at")
        return run
