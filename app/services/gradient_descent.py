"""Lesson 2 (slides 9-13): batch, stochastic and minibatch gradient descent on the 12-sample fruit set, and the
hazards on the way down (a local minimum, a saddle point).

Three live runs (app/runs, trained through /api/v1/runs) start from the lecture's L1 network
(w111 = 20, b11 = -10, w121 = 40, b12 = -200, w211 = 1, w212 = -1, b21 = 0, ReLU everywhere) with batch sizes
12, 1 and 4. This module builds their experiments, validates the page's controls and, for the page's cards,
compares the gradient of the last minibatch with the full-batch gradient at the run's current weights
(both from `nnlib.trace.trace`). The hazard surface is a plain function of two weights with its gradient; the
descent on it is done by nnlib's optimizers on an nnlib Parameter.

Shapes: fruit x (12, 1), y (12,); the network maps (n, 1) -> (n, 1); a gradient vector joins every layer's
grad_weight and grad_bias into one (7,) array (the order of `to_spec`: layer 1 weight (2, 1), bias (2,), layer 2
weight (1, 2), bias (1,)).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np

from app.formatting import field_value, number
from app.runs.experiment import Experiment
from app.services import backprop
from app.services.playground import bounds
from nnlib import data, losses, optimizers
from nnlib.module import Parameter
from nnlib.spec import build
from nnlib.trace import trace

PATH = "/lessons/gradient-descent"
MAX_RAW = 40  # longest input text echoed back in a message

# ---------------------------------------------------------------- small form parsing (shared with batch_size)


@dataclass(frozen=True)
class Message:
    """A message to show: a catalog key and its parameters."""

    key: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NumberField:
    """A numeric control: bounds are inclusive unless `min_open` (then value > min)."""

    name: str
    default: float
    min: float
    max: float
    integer: bool = False
    min_open: bool = False


def limit_text(v: float) -> str:
    """A bound as a learner reads it: 1e-05 -> "0.00001", -2 -> "−2"."""
    return field_value(v).replace("-", "\u2212")


def parse_fields(fields: tuple[NumberField, ...], raw: Mapping[str, str]
                 ) -> tuple[dict[str, float], dict[str, str], dict[str, Message]]:
    """Validate each field's text (a missing field takes its default; a comma is a decimal point).

    Returns (values of every field, bad fields falling back to their default; the text each field shows;
    errors by field name).
    """
    values: dict[str, float] = {}
    texts: dict[str, str] = {}
    errors: dict[str, Message] = {}
    for f in fields:
        values[f.name] = f.default
        texts[f.name] = field_value(f.default)
        if f.name not in raw:
            continue
        text = str(raw[f.name]).strip()[:200]
        texts[f.name] = text
        if text == "":
            errors[f.name] = Message("error.field.empty")
            continue
        shown = text if len(text) <= MAX_RAW else text[:MAX_RAW] + "\u2026"
        try:
            v = float(text.replace(",", "."))
        except ValueError:
            errors[f.name] = Message("error.field.not_number", {"value": shown})
            continue
        if not math.isfinite(v):
            errors[f.name] = Message("error.field.not_number", {"value": shown})
        elif (v <= f.min if f.min_open else v < f.min) or v > f.max:
            key = "gd.err.range_open" if f.min_open else "error.field.range"
            errors[f.name] = Message(key, {"min": limit_text(f.min), "max": limit_text(f.max)})
        elif f.integer and not v.is_integer():
            errors[f.name] = Message("gd.err.integer", {"min": limit_text(f.min), "max": limit_text(f.max)})
        else:
            values[f.name] = int(v) if f.integer else v
    return values, texts, errors


# ---------------------------------------------------------------- the three runs

M = 12  # examples in the fruit set, the lecture's m
MODES: tuple[tuple[str, int | None], ...] = (("batch", M), ("stochastic", 1), ("minibatch", None))
LR_MIN = bounds(("optimizer", "lr"))["min"]  # the runs API's bounds on lr (OptimizerSettings.lr)
LR_MAX = bounds(("optimizer", "lr"))["max"]
SPEEDS = (1, 2, 5, 10)
# Message keys written out (not built from parts), so the catalog check sees every key in use.
MODE_KEYS = {"batch": "gd.mode.batch", "stochastic": "gd.mode.stochastic", "minibatch": "gd.mode.minibatch"}
VERDICT_KEYS = {"batch": "gd.verdict.batch", "stochastic": "gd.verdict.stochastic",
                "minibatch": "gd.verdict.minibatch"}
OUTCOME_KEYS = {"global": "gd.hz.outcome.global", "local": "gd.hz.outcome.local",
                "saddle": "gd.hz.outcome.saddle", "moving": "gd.hz.outcome.moving",
                "diverged": "gd.hz.outcome.diverged"}
CP_KEYS = {"global": "gd.hz.cp.global", "saddle": "gd.hz.cp.saddle", "local": "gd.hz.cp.local"}
OPT_KEYS = {"sgd": "gd.opt.sgd", "momentum": "gd.opt.momentum"}  # epochs per stream frame offered

RUN_FIELDS: tuple[NumberField, ...] = (
    # 2e-5: the fruit targets are ~75 and x reaches 9.25, so gradients are in the hundreds (the lecture's own
    # dL/dw211 = -700 for one sample). The lecture's typical 0.1-0.001 kills the output neuron here.
    NumberField("lr", 2e-5, LR_MIN, LR_MAX),
    NumberField("mb", 4, 1, M, integer=True),
    NumberField("seed", 1, 0, 2**32 - 1, integer=True),
)
RUN_DEFAULTS = {f.name: f.default for f in RUN_FIELDS}


def lecture_network() -> dict:
    """The L1 network (slides 6-7) as an nnlib spec, from lesson 1's lecture values."""
    return backprop.network_spec(backprop.DEFAULTS)


def updates_per_epoch(batch_size: int, m: int = M) -> int:
    """How many minibatches one pass over m examples takes (nnlib's own split of an epoch)."""
    return len(data.batches(m, batch_size))


def batch_sizes(settings: dict) -> dict[str, int]:
    return {mode: size if size is not None else int(settings["mb"]) for mode, size in MODES}


def experiment(batch_size: int, lr: float, shuffle: bool, seed: int) -> dict:
    """The Experiment JSON of one run: fruit, all 12 samples for training, the lecture's weights, sgd."""
    spec = lecture_network()
    exp = {
        "dataset": "fruit", "val": 0, "test": 0, "scaling": "none",
        "hidden": [{"units": 2, "activation": "relu"}], "output_activation": "relu", "loss": "mse",
        "weights": [{"weight": layer["weight"], "bias": layer["bias"]} for layer in spec["layers"]],
        "optimizer": {"name": "sgd", "lr": lr}, "batch_size": batch_size, "shuffle": shuffle, "seed": seed,
    }
    return Experiment.model_validate(exp).model_dump(mode="json")


def run_config(settings: dict, shuffle: bool, speed: int, t) -> dict:
    """What the page's script needs to (re)start the three runs: one experiment per mode and its stream speed."""
    sizes = batch_sizes(settings)
    runs = []
    for mode, _ in MODES:
        upe = updates_per_epoch(sizes[mode])
        runs.append({"mode": mode, "batch_size": sizes[mode], "updates_per_epoch": upe,
                     "label": t(MODE_KEYS[mode]) + f" ({sizes[mode]})",
                     "speed": upe * speed,  # updates per frame: every run advances `speed` epochs a frame
                     "experiment": experiment(sizes[mode], settings["lr"], shuffle, int(settings["seed"]))})
    return {"runs": runs, "view": PATH + "/runs/{id}/view"}


# ---------------------------------------------------------------- the lecture's start, on all 12 samples

@dataclass(frozen=True)
class Start:
    x: list[float]
    y: list[float]
    out: list[float]  # the L1 network's y21 per sample
    sample_loss: list[float]  # (y_true - y21)^2 per sample
    loss: float  # their mean: the full-batch loss
    grads: dict[str, float]  # dL/dp of the full batch, p in backprop.PARAMETERS


def _mse(out: np.ndarray, y: np.ndarray) -> float:
    return float(losses.make("mse").forward(out.reshape(-1, 1), y.reshape(-1, 1)))


def start() -> Start:
    ds = data.fruit()
    model = build(lecture_network(), np.random.default_rng(0))
    tr = trace(model, ds.x, ds.y, losses.make("mse"))
    out = tr["output"][:, 0]
    per = [_mse(out[i:i + 1], ds.y[i:i + 1]) for i in range(M)]
    grads = {}
    for name, (layer, kind, index) in backprop.SLOTS.items():
        grads[name] = float(tr["layers"][layer]["grad_" + kind][index])
    return Start(ds.x[:, 0].tolist(), ds.y.tolist(), out.tolist(), per, float(tr["loss"]), grads)


# ---------------------------------------------------------------- a run's view: minibatch vs full gradient

def _grad_vector(tr: dict) -> np.ndarray:
    return np.concatenate([np.concatenate([lay["grad_weight"].ravel(), lay["grad_bias"].ravel()])
                           for lay in tr["layers"]])


def compare_gradients(model, x: np.ndarray, y: np.ndarray, batch: np.ndarray) -> dict:
    """Gradient of the minibatch x[batch] against the full-batch gradient, at the model's weights.

    x (m, 1), y (m,), batch (b,) int indices. Returns {"full_loss", "full_norm", "mini_norm", "cos", "angle"}
    (angle in degrees; cos and angle None when a gradient is zero: no direction to compare).
    """
    loss = losses.make("mse")
    with np.errstate(all="ignore"):
        full = trace(model, x, y, loss)
        g_full = _grad_vector(full)
        mini = trace(model, x[batch], y[batch], loss) if len(batch) else None
    out = {"full_loss": float(full["loss"]), "full_norm": float(np.linalg.norm(g_full)),
           "mini_norm": None, "cos": None, "angle": None}
    if mini is not None:
        g_mini = _grad_vector(mini)
        out["mini_norm"] = float(np.linalg.norm(g_mini))
        denom = out["full_norm"] * out["mini_norm"]
        if denom > 0 and math.isfinite(denom):
            cos = float(np.clip(g_full @ g_mini / denom, -1.0, 1.0))
            out["cos"], out["angle"] = cos, math.degrees(math.acos(cos))
    return out


FIT_X = np.linspace(0.5, 9.75, 75)  # where the network's curve is drawn (the fruit x runs 1..9.25)


def run_view(run, t) -> dict:
    """What a card shows for one live run, right now (the caller holds no lock; this takes the run's).

    t: the translator of the page's language. Returns numbers (for tests), their display texts and the
    card's plot (data with the last minibatch highlighted, and the network's current curve).
    """
    with run.lock:
        tr = run.trainer
        status, step, epoch = run.status, tr.step, tr.epoch
        upe, bs = tr.updates_per_epoch, tr.batch_size
        x, y = run.parts["train"][0], np.asarray(run.parts["train"][1], dtype=np.float64)
        raw = run.parts["train"][2][:, 0]
        # Sample numbers as in the page's table of the fruit set (the run's split may reorder the samples).
        fruit_x = data.fruit().x[:, 0].tolist()
        numbers = [fruit_x.index(v) + 1 if v in fruit_x else i + 1 for i, v in enumerate(raw.tolist())]
        batch = np.asarray(run.last_batch, dtype=np.int64)
        steps, curve = list(run.curve_steps), list(run.curve_loss)
        network = run.network()
    view: dict = {"status": status, "step": step, "epoch": epoch, "updates_per_epoch": upe, "batch_size": bs,
                  "batch": batch.tolist(), "samples": sorted(numbers[i] for i in batch), "diverged_at": run.diverged_at, "dead": False}
    fit = None
    if status != "diverged":
        model = build(network, np.random.default_rng(0))
        view.update(compare_gradients(model, x, y, batch))
        with np.errstate(all="ignore"):
            out = model.forward(x)
            fit = model.forward(FIT_X[:, None])[:, 0]
        # A dead output: ReLU gives 0 for every sample, so no gradient reaches any weight; training has stopped.
        view["dead"] = bool(np.all(out <= 0) and view["full_norm"] == 0)
    view["epochs"], view["epoch_loss"] = epoch_losses(steps, curve, upe, bs, len(x))
    view["texts"] = texts(view, t)
    view["plot"] = card_plot(raw, y, batch, fit, t)
    return view


def epoch_losses(steps: list[int], curve: list[float], upe: int, bs: int, m: int) -> tuple[list[int], list[float]]:
    """Loss per finished epoch: the sample-weighted mean of its updates' batch losses (as nnlib's Trainer).

    steps/curve: update numbers (from 1) and batch losses. An epoch counts only if all its updates are there.
    """
    sizes = [len(b) for b in data.batches(m, bs)]
    sums: dict[int, list[float]] = {}
    for s, v in zip(steps, curve, strict=True):
        e, k = divmod(s - 1, upe)
        sums.setdefault(e, []).append(v * sizes[k])
    epochs = [e for e in sorted(sums) if len(sums[e]) == upe and all(math.isfinite(v) for v in sums[e])]
    return [e + 1 for e in epochs], [sum(sums[e]) / m for e in epochs]


def _num(v) -> str:
    return "\u2014" if v is None else (number(v) or "\u2014")


def texts(view: dict, t) -> dict[str, str]:
    """Display texts of a card's numbers, and its status line."""
    out = {"step": _num(view["step"]), "epoch": _num(view["epoch"]),
           "full_loss": _num(view.get("full_loss")), "full_norm": _num(view.get("full_norm")),
           "mini_norm": _num(view.get("mini_norm")),
           "angle": "\u2014" if view.get("angle") is None else f"{number(round(view['angle'], 1))}\u00b0",
           "batch": ", ".join(str(i) for i in view["samples"]) or "\u2014",
           "batch_size": _num(view["batch_size"]), "updates_per_epoch": _num(view["updates_per_epoch"])}
    if view["status"] == "diverged":
        out["status"] = t("gd.status.diverged", step=view["diverged_at"] or view["step"])
    elif view["dead"]:
        out["status"] = t("gd.status.dead")
    elif view["step"] == 0:
        out["status"] = t("gd.status.ready")
    else:
        out["status"] = t("gd.status.training")
    return out


def card_plot(x: np.ndarray, y: np.ndarray, batch: np.ndarray, fit: np.ndarray | None, t) -> dict:
    """The fruit samples (the last minibatch highlighted) and the network's current curve."""
    in_batch = np.zeros(len(x), dtype=bool)
    in_batch[batch] = True
    data_ = [
        {"x": x[~in_batch].tolist(), "y": y[~in_batch].tolist(), "type": "scatter", "mode": "markers",
         "name": t("gd.plot.samples"), "marker": {"size": 9, "color": "#777777"}},
        {"x": x[in_batch].tolist(), "y": y[in_batch].tolist(), "type": "scatter", "mode": "markers",
         "name": t("gd.plot.batch"), "marker": {"size": 13, "color": "#d9480f", "symbol": "diamond"}},
    ]
    if fit is not None:
        ys = [float(v) if math.isfinite(v) else None for v in fit]
        data_.append({"x": FIT_X.tolist(), "y": ys, "type": "scatter", "mode": "lines",
                      "name": t("gd.plot.network"), "line": {"width": 3, "color": "#0b5394"}})
    layout = {"height": 260, "margin": {"l": 55, "r": 10, "t": 10, "b": 50}, "font": {"size": 14, "color": "#111111"},
              "showlegend": False, "xaxis": {"title": {"text": "x"}, "range": [0.3, 9.9]},
              "yaxis": {"title": {"text": t("gd.plot.quality")}, "range": [-5, 105]},
              "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff"}
    return {"data": data_, "layout": layout, "config": {"displayModeBar": False, "responsive": True}}


# ---------------------------------------------------------------- the hazard surface

HAZARD_A = 0.3  # tilt: makes the left well the global minimum and the right one a local minimum
BOX = 2.0  # the plotted square [-BOX, BOX]^2; a start must lie inside it
ESCAPE = 1e3  # a trajectory beyond this |w| has diverged


def surface(w1, w2):
    """f(w1, w2) = (w1^2 - 1)^2 + a*w1 + w2^2 (a = HAZARD_A); works elementwise on arrays."""
    return (w1 * w1 - 1.0) ** 2 + HAZARD_A * w1 + w2 * w2


def surface_grad(w: np.ndarray) -> np.ndarray:
    """grad f = (4 w1 (w1^2 - 1) + a, 2 w2); w (2,) -> (2,)."""
    return np.array([4.0 * w[0] * (w[0] * w[0] - 1.0) + HAZARD_A, 2.0 * w[1]])


def critical_points() -> dict[str, tuple[float, float]]:
    """Where grad f = 0: w2 = 0 and w1 a root of 4 w1^3 - 4 w1 + a. The outer roots are minima (f'' > 0),
    the middle one a saddle (f'' < 0 along w1, > 0 along w2); the left minimum is lower (a > 0)."""
    roots = sorted(float(r.real) for r in np.roots([4.0, 0.0, -4.0, HAZARD_A]))
    return {"global": (roots[0], 0.0), "saddle": (roots[1], 0.0), "local": (roots[2], 0.0)}


HAZARD_FIELDS: tuple[NumberField, ...] = (
    NumberField("x0", 0.08, -BOX, BOX),
    NumberField("y0", 1.8, -BOX, BOX),
    NumberField("hlr", 0.05, 0.0, 2.0, min_open=True),
    NumberField("mu", 0.9, 0.0, 0.99),
    NumberField("steps", 60, 1, 500, integer=True),
)
HAZARD_OPTS = ("sgd", "momentum")


@dataclass
class Descent:
    path: np.ndarray  # (steps + 1, 2) weights from the start on (cut at divergence)
    f: list[float]  # f along the path
    grad_norm: list[float]  # |grad f| along the path
    outcome: str  # global | local | saddle | moving | diverged
    end: tuple[float, float]


def descend(x0: float, y0: float, opt: str, lr: float, mu: float, steps: int) -> Descent:
    """Gradient descent on f from (x0, y0): nnlib's optimizer ("sgd" or "momentum") on one Parameter (2,)."""
    w = Parameter(np.array([x0, y0]), "w")
    kw = {"momentum": mu} if opt == "momentum" else {}
    optimizer = optimizers.make(opt, [w], lr, **kw)
    path = [w.data.copy()]
    diverged = False
    for _ in range(steps):
        with np.errstate(all="ignore"):
            w.grad = surface_grad(w.data)
            optimizer.step()
        if not (np.all(np.isfinite(w.data)) and np.max(np.abs(w.data)) < ESCAPE):
            diverged = True
            break
        path.append(w.data.copy())
    p = np.array(path)
    f = surface(p[:, 0], p[:, 1])
    g = np.array([np.linalg.norm(surface_grad(q)) for q in p])
    end = (float(p[-1, 0]), float(p[-1, 1]))
    return Descent(p, f.tolist(), g.tolist(), "diverged" if diverged else classify(p[-1], g[-1]), end)


def classify(w: np.ndarray, grad_norm: float, tol: float = 0.05) -> str:
    """Which critical point the end lies near (within tol, with a small gradient), else still moving."""
    for name, c in critical_points().items():
        if math.dist(w, c) < tol and grad_norm < 0.1:
            return name
    return "moving"


@dataclass
class HazardState:
    values: dict
    texts: dict[str, str]
    errors: dict[str, Message]
    opt: str
    descent: Descent


def hazard(query: Mapping[str, str]) -> HazardState:
    values, texts_, errors = parse_fields(HAZARD_FIELDS, query)
    opt = query.get("opt") if query.get("opt") in HAZARD_OPTS else HAZARD_OPTS[0]
    d = descend(values["x0"], values["y0"], opt, values["hlr"], values["mu"], int(values["steps"]))
    return HazardState(values, texts_, errors, opt, d)


GRID = np.linspace(-BOX, BOX, 81)


def hazard_plots(h: HazardState, t) -> dict[str, dict]:
    """The surface (contours) with the path and the critical points; f and |grad f| against the step."""
    p = h.descent.path
    z = surface(GRID[None, :], GRID[:, None])
    cps = critical_points()
    font = {"size": 15, "color": "#111111"}
    surf = {
        "data": [
            {"type": "contour", "x": GRID.tolist(), "y": GRID.tolist(), "z": np.round(z, 3).tolist(), "ncontours": 30,
             "colorscale": "Viridis", "reversescale": True, "colorbar": {"title": {"text": "f(w)"}},
             "contours": {"coloring": "heatmap"}, "hoverinfo": "x+y+z", "name": "f"},
            {"type": "scatter", "x": p[:, 0].tolist(), "y": p[:, 1].tolist(), "mode": "lines+markers",
             "name": t("gd.hz.path"), "line": {"color": "#ffffff", "width": 3}, "marker": {"size": 5, "color": "#d9480f"}},
            {"type": "scatter", "x": [p[0, 0]], "y": [p[0, 1]], "mode": "markers", "name": t("gd.hz.start"),
             "marker": {"size": 14, "color": "#ffffff", "line": {"color": "#111111", "width": 2}}},
            {"type": "scatter", "x": [c[0] for c in cps.values()], "y": [c[1] for c in cps.values()],
             "mode": "markers+text", "name": t("gd.hz.critical"),
             "text": [t(CP_KEYS[k]) for k in cps], "textposition": "bottom center",
             "textfont": {"color": "#ffffff", "size": 14},
             "marker": {"size": 13, "symbol": ["star", "x", "circle"], "color": "#ffffff",
                        "line": {"color": "#111111", "width": 1}}},
        ],
        "layout": {"height": 470, "margin": {"l": 60, "r": 20, "t": 20, "b": 55}, "font": font, "showlegend": False,
                   "xaxis": {"title": {"text": t("gd.hz.w1")}, "range": [-BOX, BOX], "constrain": "domain"},
                   "yaxis": {"title": {"text": t("gd.hz.w2")}, "range": [-BOX, BOX], "scaleanchor": "x"},
                   "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "hovermode": "closest",
                   "clickmode": "event"},
        "config": {"displayModeBar": False, "responsive": True},
    }
    n = list(range(len(h.descent.f)))
    curves = {
        "data": [
            {"type": "scatter", "x": n, "y": h.descent.f, "mode": "lines", "name": "f(w)",
             "line": {"color": "#0b5394", "width": 3}},
            {"type": "scatter", "x": n, "y": [max(v, 1e-12) for v in h.descent.grad_norm], "mode": "lines",
             "name": t("gd.hz.gradnorm"), "yaxis": "y2", "line": {"color": "#d9480f", "width": 3, "dash": "dot"}},
        ],
        "layout": {"height": 300, "margin": {"l": 60, "r": 70, "t": 20, "b": 55}, "font": font,
                   "legend": {"orientation": "h", "y": 1.15},
                   "xaxis": {"title": {"text": t("gd.hz.step")}},
                   "yaxis": {"title": {"text": "f(w)"}},
                   "yaxis2": {"title": {"text": t("gd.hz.gradnorm")}, "type": "log", "overlaying": "y",
                              "side": "right"},
                   "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff"},
        "config": {"displayModeBar": False, "responsive": True},
    }
    return {"surface": surf, "curves": curves}


# ---------------------------------------------------------------- the page's state

@dataclass
class PageState:
    settings: dict
    texts: dict[str, str]
    errors: dict[str, Message]
    shuffle: bool
    speed: int
    hz: HazardState

    @property
    def url(self) -> str:
        query = [(f.name, field_value(self.settings[f.name])) for f in RUN_FIELDS]
        query += [("shuffle", "1" if self.shuffle else "0"), ("speed", str(self.speed))]
        query += [(f.name, field_value(self.hz.values[f.name])) for f in HAZARD_FIELDS]
        query.append(("opt", self.hz.opt))
        return PATH + "?" + urlencode(query)


def page_state(query: Mapping[str, str]) -> PageState:
    """The whole page's state from its query; bad fields carry errors and fall back to their defaults."""
    settings, texts_, errors = parse_fields(RUN_FIELDS, query)
    shuffle = query.get("shuffle", "1") not in ("0", "off", "false")
    speed = int(query["speed"]) if query.get("speed", "").isdigit() and int(query["speed"]) in SPEEDS else 1
    return PageState(settings, texts_, errors, shuffle, speed, hazard(query))


def playground_url(settings: dict) -> str:
    """The minibatch run's setup in the Playground (its query format: app/services/playground.py)."""
    query = [("dataset", "fruit"), ("val", "0"), ("test", "0"), ("hidden", "2-relu"), ("loss", "mse"),
             ("opt", "sgd"), ("lr", field_value(settings["lr"])), ("batch", str(int(settings["mb"])))]
    return "/playground?" + urlencode(query)


# ---------------------------------------------------------------- the page's fixed plots

COLORS = {"batch": "#0b5394", "stochastic": "#d9480f", "minibatch": "#2b8a3e"}


def start_plot(t) -> dict:
    """The 12 samples and the lecture's network curve (no minibatch yet)."""
    ds = data.fruit()
    model = build(lecture_network(), np.random.default_rng(0))
    fit = model.forward(FIT_X[:, None])[:, 0]
    spec = card_plot(ds.x[:, 0], ds.y, np.arange(0), fit, t)
    spec["layout"]["height"] = 320
    return spec


def loss_plots(t, settings: dict) -> dict[str, dict]:
    """Empty loss-per-update and loss-per-epoch plots, one trace per run (the script fills them)."""
    sizes = batch_sizes(settings)
    font = {"size": 15, "color": "#111111"}
    out = {}
    for name, x_key in (("update", "gd.plot.update"), ("epoch", "gd.plot.epoch")):
        traces = [{"x": [], "y": [], "type": "scatter", "mode": "lines+markers", "marker": {"size": 4 if name == "update" else 7},
                   "name": t(MODE_KEYS[mode]) + f" ({sizes[mode]})", "line": {"color": COLORS[mode], "width": 2}}
                  for mode, _ in MODES]
        out[name] = {"data": traces,
                     "layout": {"height": 330, "margin": {"l": 70, "r": 20, "t": 10, "b": 55}, "font": font,
                                "legend": {"orientation": "h", "y": -0.3},
                                "xaxis": {"title": {"text": t(x_key)}, "rangemode": "tozero", "tickformat": "d"},
                                "yaxis": {"title": {"text": t("gd.plot.loss")}, "type": "log"},
                                "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff"},
                     "config": {"displayModeBar": False, "responsive": True}}
    return out
