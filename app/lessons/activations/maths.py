"""Lesson 9 (slides 52-55): activation functions, their derivatives, and the dead ReLU neuron.

All values come from nnlib: f(x) and f'(x) from `nnlib.activations.value` / `derivative`; the neuron is a
Dense(4, 1, relu) built by `nnlib.spec.build` (weight (1, 4), bias (1,)) and traced by `nnlib.trace.trace` on
Iris rows x (n, 4) with the mse loss against a target of 1 for every row (any target gives the same zero
gradient where ReLU is off), and trained on the ten rows by nnlib's Trainer (`train_neuron`); the live comparison
trains two runs of the runs API (relu and leaky_relu, `experiment`) and reads, per hidden layer, which units are
off (z <= 0) for every training row (`off_units`; the runs' stream frames carry the same fractions).

Softmax is left out of the gallery: it is not elementwise (each output depends on every input, its derivative is
a Jacobian matrix), and lesson 8 is about it. Identity is left out too: f(x) = x, f'(x) = 1, nothing to see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.plots import WHITE, figure, font
from nnlib import activations, data, losses, optimizers
from nnlib.spec import build
from nnlib.trace import trace
from nnlib.training import Trainer

SHOWN = tuple(a for a in activations.ACTIVATIONS if a not in ("identity", "softmax"))
X_MIN, X_MAX, X_POINTS = -5.0, 5.0, 201  # the plots' grid: step 0.05, contains 0
TARGET = 1.0  # the dead neuron's target in every row (see the module docstring)
LECTURE_W = (0.2, -0.4, 0.1, -0.5)  # slide 53
ROWS = 10  # the lecture's first ten Iris rows
WEIGHT_LIMIT = 10.0  # |w_k|, |b| <= WEIGHT_LIMIT
ALPHA_FIELD = {"leaky_relu": "leaky_alpha", "prelu": "prelu_alpha", "elu": "elu_alpha"}
CLASS_LABELS = {"setosa": "act.class.setosa", "versicolor": "act.class.versicolor", "virginica": "act.class.virginica"}

# Training the neuron on its ten rows (the page's check that a dead neuron's weights do not move).
NEURON_UPDATES = 40
NEURON_LR = 0.1
NEURON_BATCH = 5
NEURON_SEED = 0

# The live comparison (section 4): relu against leaky_relu (alpha = 0.1, the lecture's example), everything else
# equal. Min-max scaled Iris, two hidden layers of 16, plain SGD at a learning rate high enough to push ReLU units
# off for good. tests/lessons/activations/test_claims.py checks what the page says about it, over seeds.
LIVE_LAYERS, LIVE_UNITS = 2, 16
LIVE_ALPHA = 0.1
LIVE_LR = 0.7
LIVE_SEED = 1
LIVE_ACTIVATIONS = ("relu", "leaky_relu")
LIVE_UPDATES = 1500
LIVE_SPEED = 10  # updates per stream frame


def experiment(activation: str, lr: float = LIVE_LR, seed: int = LIVE_SEED) -> dict:
    """The Experiment JSON of one of the live runs."""
    hidden = {"units": LIVE_UNITS, "activation": activation}
    if activation in ("leaky_relu", "prelu"):
        hidden["alpha"] = LIVE_ALPHA if activation == "leaky_relu" else 0.25
    return {"dataset": "iris", "scaling": "minmax", "init": "he_normal", "seed": seed, "batch_size": 10,
            "loss": "cross_entropy", "hidden": [hidden] * LIVE_LAYERS, "optimizer": {"name": "sgd", "lr": lr}}


def off_units(run) -> list[np.ndarray]:
    """Per hidden layer of a live run: which units have z <= 0 for every training row (in eval mode), (units,)
    booleans. For ReLU such a unit outputs 0 and gets no gradient; a leaky unit in the same place still passes
    alpha times the gradient. `run` is an app.runs.run.Run, its lock held by the caller."""
    run.predict(run.parts["train"][0])
    return [np.all(d.z <= 0, axis=0) for d in run.model.dense_layers()[:-1]]


# ---------------------------------------------------------------- the gallery

@dataclass(frozen=True)
class Curve:
    name: str
    alpha: float | None
    x: list[float]
    f: list[float]
    df: list[float]


@lru_cache(maxsize=256)
def curve(name: str, alpha: float | None) -> Curve:
    """f and f' of one activation on the plots' grid (cached: the same alpha gives the same curve)."""
    x = np.linspace(X_MIN, X_MAX, X_POINTS)
    return Curve(name, alpha, x.tolist(), activations.value(name, x, alpha=alpha).tolist(),
                 activations.derivative(name, x, alpha=alpha).tolist())


def alpha_of(name: str, state) -> float | None:
    return float(getattr(state, ALPHA_FIELD[name])) if name in ALPHA_FIELD else None


def curves(state) -> list[Curve]:
    return [curve(name, alpha_of(name, state)) for name in SHOWN]


def probe(state) -> list[tuple[str, float, float]]:
    """(name, f(x), f'(x)) of every shown activation at the state's point x."""
    x = np.array([float(state.x)])
    return [(name, float(activations.value(name, x, alpha=alpha_of(name, state))[0]),
             float(activations.derivative(name, x, alpha=alpha_of(name, state))[0])) for name in SHOWN]


# ---------------------------------------------------------------- the neuron

@dataclass(frozen=True)
class Neuron:
    """The dead-ReLU neuron on some Iris rows: per row x (4,), z, y = relu(z), relu'(z), dL/dz; the weight and
    bias gradients summed over the rows by the trace (mse mean over the rows)."""

    x: list[list[float]]
    species: list[str]
    z: list[float]
    y: list[float]
    relu_d: list[float]
    dz: list[float]
    dw: list[float]
    db: float

    @property
    def on(self) -> int:
        return sum(1 for v in self.z if v > 0)


def _model(w, b):
    return build({"inputs": 4, "layers": [{"units": 1, "activation": "relu", "weight": [list(w)], "bias": [b]}]},
                 np.random.default_rng(0))  # every weight is given: the rng draws nothing


@lru_cache(maxsize=1)
def _iris():
    return data.iris()


def neuron(w, b: float, rows: slice | None = None, target: float = TARGET) -> Neuron:
    ds = _iris()
    x, y = (ds.x, ds.y) if rows is None else (ds.x[rows], ds.y[rows])
    with np.errstate(all="ignore"):
        tr = trace(_model(w, b), x, np.full((len(x), 1), target), losses.make("mse"))
    layer = tr["layers"][0]
    z = layer["z"][:, 0]
    return Neuron(x.tolist(), [ds.classes[k] for k in y], z.tolist(), layer["a"][:, 0].tolist(),
                  activations.derivative("relu", z).tolist(), layer["grad_z"][:, 0].tolist(),
                  layer["grad_weight"][0].tolist(), float(layer["grad_bias"][0]))


def by_class(n: Neuron) -> list[tuple[str, int, int]]:
    """(species, rows where z > 0, rows) for each Iris class."""
    return [(c, sum(1 for s, z in zip(n.species, n.z) if s == c and z > 0), n.species.count(c))
            for c in data.IRIS_CLASSES]


def train_neuron(w, b: float, updates: int = NEURON_UPDATES, lr: float = NEURON_LR, seed: int = NEURON_SEED,
                 target: float = TARGET) -> tuple[list[float], float]:
    """The neuron's weights (4,) and bias after `updates` SGD updates on the lecture's ten rows (mse against
    `target`, batches of NEURON_BATCH in an order drawn from `seed`), by nnlib's Trainer."""
    ds = _iris()
    model = _model(w, b)
    trainer = Trainer(model, losses.make("mse"), optimizers.make("sgd", model.parameters(), lr),
                      ds.x[:ROWS], np.full((ROWS, 1), target), NEURON_BATCH, True, np.random.default_rng(seed),
                      record_history=False)
    dense = model.dense_layers()[0]
    try:
        for _ in range(updates):
            trainer.update()
    except ArithmeticError:  # diverged (a huge weight): show where it stopped
        pass
    return [float(v) for v in dense.weight.data[0]], float(dense.bias.data[0])


# ---------------------------------------------------------------- plots

FONT = font(15)
CLASS_COLORS = {"setosa": "#1f5f99", "versicolor": "#b45f06", "virginica": "#38761d"}
F_COLOR, DF_COLOR = "#0b5394", "#c0392b"  # f: dark blue, solid; f': red, dashed, with markers
LAYER_DASH = ("solid", "dash", "dot")


def curve_plot(c: Curve, t, title: str) -> dict:
    """f (solid dark blue line) and f' (red dashed line with markers): told apart by colour, dash and marker, even
    on a projector or in grey."""
    step = 10  # a marker every 0.5 on x
    return figure([
        {"x": c.x, "y": c.f, "type": "scatter", "mode": "lines", "name": t("act.plot.f"),
         "line": {"color": F_COLOR, "width": 3.5}},
        {"x": c.x, "y": c.df, "type": "scatter", "mode": "lines+markers", "name": t("act.plot.df"),
         "line": {"color": DF_COLOR, "width": 2.5, "dash": "dash"},
         "marker": {"symbol": "diamond", "size": 7, "color": DF_COLOR, "maxdisplayed": (X_POINTS - 1) // step + 1}},
    ], {"title": {"text": title}, "height": 300, "margin": {"l": 55, "r": 10, "t": 45, "b": 80},
        "font": FONT, "xaxis": {"title": {"text": "x"}, "zeroline": True},
        "yaxis": {"title": {"text": t("act.plot.y")}, "zeroline": True},
        "legend": {"orientation": "h", "y": -0.35, "font": {"size": 17}}, **WHITE})


def all_rows_plot(n: Neuron, t) -> dict:
    """z of every Iris row against its row number, coloured by species, with the line z = 0."""
    traces = []
    for c in data.IRIS_CLASSES:
        idx = [i for i, s in enumerate(n.species) if s == c]
        traces.append({"x": [i + 1 for i in idx], "y": [n.z[i] for i in idx], "type": "scatter", "mode": "markers",
                       "name": t(CLASS_LABELS[c]), "marker": {"color": CLASS_COLORS[c], "size": 7}})
    return figure(traces, {
        "title": {"text": t("act.all.plot.title")}, "height": 380, "font": FONT,
        "margin": {"l": 70, "r": 20, "t": 50, "b": 100},
        "xaxis": {"title": {"text": t("act.all.plot.x")}},
        "yaxis": {"title": {"text": "z"}, "zeroline": True, "zerolinewidth": 3, "zerolinecolor": "#111111"},
        "legend": {"orientation": "h", "y": -0.3}, **WHITE})


def _live_layout(title: str, t, y: str, **extra) -> dict:
    return {"title": {"text": title}, "height": 400, "font": FONT, "margin": {"l": 80, "r": 20, "t": 50, "b": 120},
            "xaxis": {"title": {"text": t("act.axis.update")}}, "yaxis": {"title": {"text": y}, **extra},
            "legend": {"orientation": "h", "y": -0.3}, **WHITE}


def live_off_plot(t) -> dict:
    """Per hidden layer and run, the fraction of units off for every training example, against the update.
    `series` names each trace's run and layer (the page's script fills in the points from the runs' frames)."""
    traces, series = [], []
    for act in LIVE_ACTIVATIONS:
        for k in range(LIVE_LAYERS):
            traces.append({"x": [], "y": [], "type": "scatter", "mode": "lines+markers",
                           "name": t("act.live.trace", act=t(f"name.activation.{act}"), layer=k + 1),
                           "line": {"color": "#c0392b" if act == "relu" else "#0b5394", "width": 3,
                                    "dash": LAYER_DASH[k % len(LAYER_DASH)]},
                           "marker": {"size": 6, "symbol": "circle" if act == "relu" else "square"}})
            series.append([act, k])
    return figure(traces, _live_layout(t("act.live.dead_title"), t, t("act.axis.fraction"), range=[-0.05, 1.05]),
                  series=series)


def live_loss_plot(t) -> dict:
    """The training loss per update of each run (log scale)."""
    traces = [{"x": [], "y": [], "type": "scatter", "mode": "lines", "name": t(f"name.activation.{act}"),
               "line": {"color": "#c0392b" if act == "relu" else "#0b5394", "width": 2}} for act in LIVE_ACTIVATIONS]
    return figure(traces, _live_layout(t("act.live.loss_title"), t, t("act.axis.loss"), type="log",
                                       exponentformat="power"), series=[[act, "loss"] for act in LIVE_ACTIVATIONS])


def finite(values) -> bool:
    return all(math.isfinite(v) for v in values)
