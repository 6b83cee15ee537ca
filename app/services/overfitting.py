"""Lesson 7 (slides 33-38): training, validation and test sets; overfitting; noise augmentation.

A setup that overfits: few noisy "moons" samples and a big network. The learner sets the data size, the noise,
the model size and the augmentation (k noisy copies of each training sample with jitter sigma), trains a live run
(app/runs) and sees the training and validation losses, the best epoch (lowest validation loss: where early
stopping would stop) and the generalization gap (validation minus training loss). The test set is evaluated
once, at the end, through POST /api/v1/runs/{id}/test.

Every update uses the whole training set (batch = training-set size, copies included), so one update is one
epoch and the training curve is the loss on the whole training set.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np

from app.formatting import field_value, number
from app.forms import Message, NumberField, parse_fields
from app.plots import plot
from app.runs.experiment import Experiment
from app.runs.run import Run
from nnlib import data

PATH = "/lessons/overfitting"
VAL, TEST = 0.3, 0.2  # fractions of the data set held out: validation and test
MAX_UPDATES = 1500  # the page stops training here
CHUNK = 10  # updates per request while training

FIELDS: tuple[NumberField, ...] = (
    NumberField("n", 80, 20, 400, integer=True, label="of.field.n"),  # samples in the whole data set
    NumberField("noise", 0.3, 0, 1, label="of.field.noise"),
    NumberField("layers", 3, 1, 4, integer=True, label="of.field.layers"),
    NumberField("units", 16, 1, 64, integer=True, label="of.field.units"),
    NumberField("copies", 0, 0, 10, integer=True, label="of.field.copies"),  # augment_copies
    NumberField("sigma", 1.0, 0, 2, label="of.field.sigma"),  # augment_sigma
)
FIELD = {f.name: f for f in FIELDS}


def split_sizes(n: int) -> tuple[int, int, int]:
    """(training, validation, test) rows of an n-sample set, as nnlib's split cuts them."""
    train, val, test = data.split((np.arange(n),), val=VAL, test=TEST, rng=np.random.default_rng(0))
    return len(train[0]), len(val[0]), len(test[0])


def experiment(v: Mapping[str, float]) -> Experiment:
    """The run for the chosen settings: moons, ReLU layers, Adam, full batch (copies included)."""
    m = split_sizes(int(v["n"]))[0] * (1 + int(v["copies"]))
    return Experiment.model_validate({
        "dataset": "moons", "n": int(v["n"]), "noise": v["noise"], "data_seed": 1, "val": VAL, "test": TEST,
        "hidden": [{"units": int(v["units"]), "activation": "relu"}] * int(v["layers"]),
        "init": "he_normal", "seed": 1, "optimizer": {"name": "adam", "lr": 0.005},
        "batch_size": m, "shuffle": False,
        "augment_copies": int(v["copies"]), "augment_sigma": v["sigma"],
    })


def parameter_count(layers: int, units: int, inputs: int = 2, outputs: int = 1) -> int:
    """Weights and biases of a dense network inputs -> units x layers -> outputs."""
    sizes = [inputs, *([units] * layers), outputs]
    return sum(a * b + b for a, b in zip(sizes, sizes[1:]))


@dataclass
class SetupState:
    values: dict[str, float]
    texts: dict[str, str]
    errors: dict[str, Message]

    @property
    def experiment(self) -> Experiment:
        return experiment(self.values)

    @property
    def sizes(self) -> tuple[int, int, int]:
        return split_sizes(int(self.values["n"]))

    @property
    def params(self) -> int:
        return parameter_count(int(self.values["layers"]), int(self.values["units"]))

    @property
    def url(self) -> str:
        return PATH + "?" + urlencode([(f.name, field_value(self.values[f.name])) for f in FIELDS])


def handle(query: Mapping[str, str]) -> SetupState:
    if query.get("action") == "reset":
        query = {}
    return SetupState(*parse_fields(FIELDS, query))


# ---------------------------------------------------------------- the view of a run

@dataclass(frozen=True)
class Curves:
    """A run's training loss per update and validation loss after each chunk, and what they tell."""

    steps: list[int]
    train: list[float]
    val_steps: list[int]
    val: list[float]

    @property
    def best(self) -> tuple[int, float] | None:
        """(update, loss) where the validation loss was lowest: where early stopping would keep the weights."""
        if not self.val:
            return None
        i = int(np.argmin(self.val))
        return self.val_steps[i], self.val[i]

    @property
    def gap(self) -> float | None:
        """Generalization gap now: validation loss minus training loss on the training set."""
        if not self.val or not self.train:
            return None
        return self.val[-1] - self.train[-1]


def curves(run: Run) -> Curves:
    """The run's curves; the training loss of update s is measured before that update, so it is shifted to
    the update count s - 1 (the state the validation point at s - 1 was measured on)."""
    with run.lock:
        h = run.history()
    pairs = [(s - 1, v) for s, v in zip(h["step"], h["loss"]) if v is not None and math.isfinite(v)]
    vals = [(s, v) for s, v in zip(h["val_step"], h["val_loss"]) if v is not None and math.isfinite(v)]
    return Curves([s for s, _ in pairs], [v for _, v in pairs], [s for s, _ in vals], [v for _, v in vals])


def fmt(v: float | None) -> str:
    return "–" if v is None else (number(v) or "–")


def curves_plot(c: Curves, t, compare: Curves | None = None, train_key: str = "of.trace.train") -> dict:
    """Training and validation loss against the epoch, the best epoch marked; a previous run's curves faded."""
    data = []
    if compare is not None:
        data += [
            {"type": "scatter", "mode": "lines", "x": compare.steps, "y": compare.train, "name": t("of.trace.prev_train"),
             "line": {"width": 2, "color": "#9fb7d3", "dash": "dot"}},
            {"type": "scatter", "mode": "lines", "x": compare.val_steps, "y": compare.val, "name": t("of.trace.prev_val"),
             "line": {"width": 2, "color": "#f3b6a0", "dash": "dot"}},
        ]
    data += [
        {"type": "scatter", "mode": "lines", "x": c.steps, "y": c.train, "name": t(train_key),
         "line": {"width": 3, "color": "#0b5394"}},
        {"type": "scatter", "mode": "lines", "x": c.val_steps, "y": c.val, "name": t("of.trace.val"),
         "line": {"width": 3, "color": "#cc4125"}},
    ]
    shapes = []
    if c.best is not None:
        step, loss = c.best
        data.append({"type": "scatter", "mode": "markers", "x": [step], "y": [loss], "name": t("of.trace.best"),
                     "marker": {"size": 14, "symbol": "star", "color": "#111111"}})
        shapes.append({"type": "line", "x0": step, "x1": step, "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"color": "#111111", "dash": "dot", "width": 2}})
    return plot(data, {"title": {"text": t("of.plot.title")}, "shapes": shapes,
                       "xaxis": {"title": {"text": t("of.axis.epoch")}, "rangemode": "tozero"},
                       "yaxis": {"title": {"text": t("of.axis.loss")}, "rangemode": "tozero"}}, height=430)


def tested_text(run: Run, t) -> str:
    with run.lock:
        tested = run.tested
    if not tested:
        return ""
    acc = tested.get("test_acc")
    return t("of.test.result", step=tested["step"], loss=fmt(tested["test_loss"]),
             acc="–" if acc is None else f"{100 * acc:.1f}%")


def payload(run: Run, t, compare: Run | None = None) -> dict:
    """What the page's script shows after each chunk: step, losses, best epoch, gap, the plot."""
    c = curves(run)
    prev = curves(compare) if compare is not None else None
    best = c.best
    out = {
        "step": run.trainer.step,
        "text": {"train": fmt(c.train[-1] if c.train else None), "val": fmt(c.val[-1] if c.val else None),
                 "gap": fmt(c.gap), "best_step": "–" if best is None else str(best[0]),
                 "best_val": fmt(None if best is None else best[1]),
                 "prev_gap": fmt(prev.gap) if prev else "–", "tested": tested_text(run, t)},
        "plot": curves_plot(c, t, prev),
    }
    return out


def empty_plot(t) -> dict:
    """The curves before any run: axes and title only."""
    return curves_plot(Curves([], [], [], []), t)
