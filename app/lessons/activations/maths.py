"""Lesson 9 (slides 52-55): activation functions, their derivatives, and the dead ReLU neuron.

All values come from nnlib: f(z) and f'(z) from `nnlib.activations.value` / `derivative`; the neuron is a
Dense(4, 1, relu) built by `nnlib.spec.build` (weight (1, 4), bias (1,)) and traced by `nnlib.trace.trace` on
Iris rows x (n, 4) with the mse loss against a target of 1 for every row (any target gives the same zero
gradient where ReLU is off); the live comparison trains through /api/v1/runs and reads the fraction of units that
are off for every training row with `inactive_fractions(run)`.

Softmax is left out of the gallery: it is not elementwise (each output depends on every input, its derivative is
a Jacobian matrix), and lesson 8 is about it. Identity is left out too: f(z) = z, f'(z) = 1, nothing to see.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np

from app.formatting import field_value
from app.forms import Message, NumberField
from app.plots import CONFIG, WHITE, font
from app.services.initialization import Num, named, parse_fields, plain  # noqa: F401 (plain: for the page)
from nnlib import activations, data, losses
from nnlib.spec import build
from nnlib.trace import trace

PATH = "/lessons/activations"
RUN_VIEW_PATH = PATH + "/runs/{run_id}/inactive"
SHOWN = tuple(a for a in activations.ACTIVATIONS if a not in ("identity", "softmax"))
Z_MIN, Z_MAX, Z_POINTS = -5.0, 5.0, 201  # the plots' z grid: step 0.05, contains 0
TARGET = 1.0  # the dead neuron's target in every row (see the module docstring)
LECTURE_W = (0.2, -0.4, 0.1, -0.5)
ROWS = 10  # the lecture's first ten Iris rows

FIELDS: dict[str, NumberField] = named({
    "leaky_alpha": Num(0.1, 0.0, 1.0),  # the lecture's example alpha = 0.1
    "prelu_alpha": Num(0.25, 0.0, 1.0),  # PReLU's starting alpha (then learned), as torch.nn.PReLU()
    "elu_alpha": Num(1.0, 0.0, 5.0),
    "z": Num(-0.34, -5.0, 5.0),  # the probe: the first Iris row's z of the dead neuron
    "w1": Num(LECTURE_W[0], -10.0, 10.0), "w2": Num(LECTURE_W[1], -10.0, 10.0),
    "w3": Num(LECTURE_W[2], -10.0, 10.0), "w4": Num(LECTURE_W[3], -10.0, 10.0),
    "b": Num(0.0, -10.0, 10.0),
})
ALPHA_FIELD = {"leaky_relu": "leaky_alpha", "prelu": "prelu_alpha", "elu": "elu_alpha"}
CLASS_LABELS = {"setosa": "act.class.setosa", "versicolor": "act.class.versicolor", "virginica": "act.class.virginica"}

# The live comparison (section 4): relu against leaky_relu, everything else equal. Min-max scaled Iris, three
# hidden layers of 16, plain SGD at a learning rate high enough to push ReLU units off for good.
LIVE = {"dataset": "iris", "scaling": "minmax", "init": "he_normal", "seed": 1, "batch_size": 10,
        "loss": "cross_entropy", "layers": 3, "units": 16, "lr": 1.0}
LIVE_LR = Num(1.0, 0.00001, 10.0)
LIVE_MAX_STEPS = 1500
LIVE_CHUNK = 10  # updates per tick of the page's loop


def experiment(activation: str, lr: float) -> dict:
    """The Experiment JSON of one of the two live runs."""
    return {"dataset": LIVE["dataset"], "scaling": LIVE["scaling"], "init": LIVE["init"], "seed": LIVE["seed"],
            "batch_size": LIVE["batch_size"], "loss": LIVE["loss"],
            "hidden": [{"units": LIVE["units"], "activation": activation}] * LIVE["layers"],
            "optimizer": {"name": "sgd", "lr": lr}}


def alpha_of(name: str, values: Mapping) -> float | None:
    return float(values[ALPHA_FIELD[name]]) if name in ALPHA_FIELD else None


@dataclass(frozen=True)
class Curve:
    name: str
    alpha: float | None
    z: list[float]
    f: list[float]
    df: list[float]
    at: tuple[float, float]  # (f, f') at the probe z


def curves(values: Mapping) -> list[Curve]:
    z = np.linspace(Z_MIN, Z_MAX, Z_POINTS)
    probe = np.array([float(values["z"])])
    out = []
    for name in SHOWN:
        alpha = alpha_of(name, values)
        out.append(Curve(name, alpha, z.tolist(), activations.value(name, z, alpha=alpha).tolist(),
                         activations.derivative(name, z, alpha=alpha).tolist(),
                         (float(activations.value(name, probe, alpha=alpha)[0]),
                          float(activations.derivative(name, probe, alpha=alpha)[0]))))
    return out


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


def neuron(w: list[float], b: float, rows: slice | None = None) -> Neuron:
    ds = data.iris()
    x, y = (ds.x, ds.y) if rows is None else (ds.x[rows], ds.y[rows])
    model = build({"inputs": 4, "layers": [{"units": 1, "activation": "relu", "weight": [w], "bias": [b]}]},
                  np.random.default_rng(0))  # every weight is given: the rng draws nothing
    tr = trace(model, x, np.full((len(x), 1), TARGET), losses.make("mse"))
    layer = tr["layers"][0]
    z = layer["z"][:, 0]
    return Neuron(x.tolist(), [ds.classes[k] for k in y], z.tolist(), layer["a"][:, 0].tolist(),
                  activations.derivative("relu", z).tolist(), layer["grad_z"][:, 0].tolist(),
                  layer["grad_weight"][0].tolist(), float(layer["grad_bias"][0]))


def by_class(n: Neuron) -> list[tuple[str, int, int]]:
    """(species, rows where z > 0, rows) for each Iris class."""
    return [(c, sum(1 for s, z in zip(n.species, n.z) if s == c and z > 0), n.species.count(c))
            for c in data.IRIS_CLASSES]


def inactive_fractions(run) -> list[float]:
    """Per hidden layer of a live run: the fraction of units whose z <= 0 for every training row (in eval mode).

    For ReLU such a unit is dead (output 0, gradient 0, nothing can revive it); a leaky unit in the same place
    still passes alpha times the gradient. `run` is an app.runs.run.Run; its lock is held while the model runs.
    """
    with run.lock:
        run.predict(run.parts["train"][0])
        return [float(np.mean(np.all(d.z <= 0, axis=0))) for d in run.model.dense_layers()[:-1]]


# ---------------------------------------------------------------- plots

FONT = font(14)
CLASS_COLORS = {"setosa": "#1f5f99", "versicolor": "#b45f06", "virginica": "#38761d"}


def curve_plot(c: Curve, t, title: str) -> dict:
    return {
        "data": [
            {"x": c.z, "y": c.f, "type": "scatter", "mode": "lines", "name": t("act.plot.f"),
             "line": {"color": "#0b5394", "width": 3}},
            {"x": c.z, "y": c.df, "type": "scatter", "mode": "lines", "name": t("act.plot.df"),
             "line": {"color": "#b03a2e", "width": 2, "dash": "dash"}},
        ],
        "layout": {"title": {"text": title}, "height": 300, "margin": {"l": 55, "r": 10, "t": 45, "b": 80},
                   "font": FONT, "xaxis": {"title": {"text": "z"}, "zeroline": True},
                   "yaxis": {"title": {"text": t("act.plot.y")}, "zeroline": True},
                   "legend": {"orientation": "h", "y": -0.35}, **WHITE},
        "config": CONFIG,
    }


def all_rows_plot(n: Neuron, t) -> dict:
    """z of every Iris row against its row number, coloured by species, with the line z = 0."""
    data_ = []
    for c in data.IRIS_CLASSES:
        idx = [i for i, s in enumerate(n.species) if s == c]
        data_.append({"x": [i + 1 for i in idx], "y": [n.z[i] for i in idx], "type": "scatter", "mode": "markers",
                      "name": t(CLASS_LABELS[c]), "marker": {"color": CLASS_COLORS[c], "size": 7}})
    return {
        "data": data_,
        "layout": {"title": {"text": t("act.all.plot.title")}, "height": 380, "font": FONT,
                   "margin": {"l": 70, "r": 20, "t": 50, "b": 100},
                   "xaxis": {"title": {"text": t("act.all.plot.x")}},
                   "yaxis": {"title": {"text": "z"}, "zeroline": True, "zerolinewidth": 3,
                             "zerolinecolor": "#111111"},
                   "legend": {"orientation": "h", "y": -0.3}, **WHITE},
        "config": CONFIG,
    }


# ---------------------------------------------------------------- the page's state

@dataclass
class LessonState:
    values: dict
    texts: dict[str, str]
    errors: dict[str, Message]
    curves: list[Curve]
    ten: Neuron
    all: Neuron

    @property
    def weights(self) -> list[float]:
        return [float(self.values[f"w{k}"]) for k in range(1, 5)]

    @property
    def finite(self) -> bool:
        return all(math.isfinite(v) for v in [*self.ten.z, *self.all.z])

    @property
    def url(self) -> str:
        return PATH + "?" + urlencode([(name, field_value(float(v))) for name, v in self.values.items()])

    @property
    def playground_url(self) -> str:
        e = experiment("relu", LIVE["lr"])
        hidden = ",".join(f"{h['units']}-{h['activation']}" for h in e["hidden"])
        return "/playground?" + urlencode({"dataset": e["dataset"], "scaling": e["scaling"], "hidden": hidden,
                                           "init": e["init"], "lr": field_value(LIVE["lr"]), "batch": e["batch_size"],
                                           "seed": e["seed"]})


def handle(query: Mapping[str, str]) -> LessonState:
    values, texts, errors = parse_fields(FIELDS, query)
    w, b = [float(values[f"w{k}"]) for k in range(1, 5)], float(values["b"])
    return LessonState(values, texts, errors, curves(values), neuron(w, b, slice(0, ROWS)), neuron(w, b))
