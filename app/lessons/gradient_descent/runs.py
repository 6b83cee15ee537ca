"""Lesson 2 (slides 9-13): batch, stochastic and minibatch gradient descent on the 12-sample fruit set.

Three live runs (app/runs, trained through /api/v1/runs) start from the lecture's L1 network
(w111 = 20, b11 = -10, w121 = 40, b12 = -200, w211 = 1, w212 = -1, b21 = 0, ReLU everywhere) with batch sizes
12, 1 and 4. This module builds their experiments and, for the page's cards, compares the gradient of the last
minibatch with the full-batch gradient at the run's current weights (both from `nnlib.trace.trace`). The hazard
surface and the descent on it are in hazard.py.

Shapes: fruit x (12, 1), y (12,); the network maps (n, 1) -> (n, 1); a gradient vector joins every layer's
grad_weight and grad_bias into one (7,) array (the order of `to_spec`: layer 1 weight (2, 1), bias (2,), layer 2
weight (1, 2), bias (1,)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

import numpy as np

from app import lecture
from app.formatting import field_value, number
from app.plots import CONFIG, WHITE, figure, font
from app.runs import views
from app.runs.experiment import Experiment
from app.runs.views import epoch_losses
from nnlib import data, losses
from nnlib.spec import build
from nnlib.trace import trace

# ---------------------------------------------------------------- the three runs

M = 12  # examples in the fruit set, the lecture's m
MODES: tuple[tuple[str, int | None], ...] = (("batch", M), ("stochastic", 1), ("minibatch", None))
DEFAULT_MB = 4
# 2e-5: the fruit targets are ~75 and x reaches 9.25, so gradients are in the hundreds (the lecture's own
# dL/dw211 = -700 for one sample). The lecture's typical 0.1-0.001 kills the output neuron here.
DEFAULT_LR = 2e-5
SPEEDS = (1, 2, 5, 10)  # epochs per stream frame offered
# Message keys written out (not built from parts), so the catalog check sees every key in use.
MODE_KEYS = {"batch": "gd.mode.batch", "stochastic": "gd.mode.stochastic", "minibatch": "gd.mode.minibatch"}
VERDICT_KEYS = {"batch": "gd.verdict.batch", "stochastic": "gd.verdict.stochastic",
                "minibatch": "gd.verdict.minibatch"}


def lecture_network() -> dict:
    """The L1 network (slides 6-7) as an nnlib spec, from lesson 1's lecture values."""
    return lecture.network_spec()


def updates_per_epoch(batch_size: int, m: int = M) -> int:
    """How many minibatches one pass over m examples takes (nnlib's own split of an epoch)."""
    return len(data.batches(m, batch_size))


def batch_sizes(mb: int) -> dict[str, int]:
    return {mode: size if size is not None else int(mb) for mode, size in MODES}


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


def run_config(state, path: str, t) -> dict:
    """What the page's script needs to (re)start the three runs: one experiment per mode and its stream speed."""
    sizes = batch_sizes(state.mb)
    runs = []
    for mode, _ in MODES:
        upe = updates_per_epoch(sizes[mode])
        runs.append({"mode": mode, "batch_size": sizes[mode], "updates_per_epoch": upe,
                     "label": t(MODE_KEYS[mode]) + f" ({sizes[mode]})",
                     "speed": upe * state.speed,  # updates per frame: every run advances `speed` epochs a frame
                     "experiment": experiment(sizes[mode], state.lr, state.shuffle, int(state.seed))})
    return {"runs": runs, "view": path + "/runs/{id}/view"}


def accepts(run) -> bool:
    """Whether a run is one of this lesson's (fruit data, mse loss): the only ones its card view can show."""
    return run.experiment.dataset.value == "fruit" and run.loss.name == "mse"


# ---------------------------------------------------------------- the lecture's start, on all 12 samples

@dataclass(frozen=True)
class Start:
    x: list[float]
    y: list[float]
    out: list[float]  # the L1 network's y21 per sample
    sample_loss: list[float]  # (y_true - y21)^2 per sample
    loss: float  # their mean: the full-batch loss
    grads: dict[str, float]  # dL/dp of the full batch, p in lecture.PARAMETERS


def _mse(out: np.ndarray, y: np.ndarray) -> float:
    return float(losses.make("mse").forward(out.reshape(-1, 1), y.reshape(-1, 1)))


@lru_cache(maxsize=1)
def start() -> Start:
    """The lecture's network on all 12 samples (fixed: computed once)."""
    ds = data.fruit()
    model = build(lecture_network(), np.random.default_rng(0))
    tr = trace(model, ds.x, ds.y, losses.make("mse"))
    out = tr["output"][:, 0]
    per = [_mse(out[i:i + 1], ds.y[i:i + 1]) for i in range(M)]
    grads = {}
    for name, (layer, kind, index) in lecture.SLOTS.items():
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
        network = views.network(run)
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
    layout = {"height": 260, "margin": {"l": 55, "r": 10, "t": 10, "b": 50}, "font": font(14),
              "showlegend": False, "xaxis": {"title": {"text": "x"}, "range": [0.3, 9.9]},
              "yaxis": {"title": {"text": t("gd.plot.quality")}, "range": [-5, 105]},
              **WHITE}
    return figure(data_, layout)


def playground_url(state) -> str:
    """The minibatch run's setup in the Playground (its query format: app/services/playground.py)."""
    query = [("dataset", "fruit"), ("val", "0"), ("test", "0"), ("hidden", "2-relu"), ("loss", "mse"),
             ("opt", "sgd"), ("lr", field_value(state.lr)), ("batch", str(int(state.mb)))]
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


def loss_plots(t, mb: int) -> dict[str, dict]:
    """Empty loss-per-update and loss-per-epoch plots, one trace per run (the script fills them)."""
    sizes = batch_sizes(mb)
    font_ = font(15)
    out = {}
    for name, x_key in (("update", "gd.plot.update"), ("epoch", "gd.plot.epoch")):
        traces = [{"x": [], "y": [], "type": "scatter", "mode": "lines+markers", "marker": {"size": 4 if name == "update" else 7},
                   "name": t(MODE_KEYS[mode]) + f" ({sizes[mode]})", "line": {"color": COLORS[mode], "width": 2}}
                  for mode, _ in MODES]
        out[name] = {"data": traces,
                     "layout": {"height": 330, "margin": {"l": 70, "r": 20, "t": 10, "b": 55}, "font": font_,
                                "legend": {"orientation": "h", "y": -0.3},
                                "xaxis": {"title": {"text": t(x_key)}, "rangemode": "tozero", "tickformat": "d"},
                                "yaxis": {"title": {"text": t("gd.plot.loss")}, "type": "log"},
                                **WHITE},
                     "config": CONFIG}
    return out
