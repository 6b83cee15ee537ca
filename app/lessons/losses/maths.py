"""Lesson 10 (slides 56-57): each loss of nnlib.losses against the prediction, with its gradient, and why
cross-entropy suits classification.

Every loss value and gradient here comes from nnlib: `losses.make(name).forward(input, target)` and
`.backward()` (PyTorch's conventions: mean reduction; kl_div takes log-probabilities and averages over the
batch, 'batchmean'); the sigmoid and its derivative come from `nnlib.activations`. This module only chooses the
inputs (one sample, n = 1), sweeps the prediction and names the numbers.

Shapes: every loss is called on one sample: mse/mae/bce input (1, 1); cross_entropy logits (1, 2) with a class
index (1,); margin_ranking input (1, 2) = (x1, x2) with y (1,); kl_div log-probabilities (1, 2) with target
probabilities (1, 2). A curve is POINTS predictions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app.plots import WHITE, figure, font
from nnlib import activations, losses

from .state import LIVE_LR, LIVE_SEED, PANEL_FIELDS

POINTS = 241


@dataclass(frozen=True)
class Eval:
    """A loss and its gradient at one prediction: L, and dL/d(the loss's input) as nnlib's backward gives it."""

    loss: float
    grad: tuple[float, ...]  # one entry per input element (x; or z1, z2; or x1, x2; or x_1, x_2)


def _call(name: str, inp, target, **kw) -> Eval:
    loss = losses.make(name, **kw)
    with np.errstate(all="ignore"):
        value = loss.forward(np.asarray(inp, dtype=np.float64), np.asarray(target))
        grad = loss.backward()
    return Eval(float(value), tuple(float(g) for g in np.ravel(grad)))


# ---------------------------------------------------------------- the six panels

@dataclass(frozen=True)
class Panel:
    """One loss: its fields (target and the prediction point), how a prediction becomes the loss's input, the
    x range of its plot, and the lecture's formula (LaTeX)."""

    name: str  # nnlib's registry name
    title: str  # message key
    latex: str  # the lecture's formula (slide 57)
    x_label: str  # message key of the x axis
    grad_label: str  # LaTeX of the plotted gradient
    fields: tuple[str, ...]  # the state's fields of this loss, the prediction point last
    evaluate: Callable[[float, dict], Eval]  # (prediction, field values) -> Eval
    x_range: Callable[[dict], tuple[float, float]]
    note: str  # message key: PyTorch's convention for this loss


def _mse(x, v):
    return _call("mse", [[x]], [[v["mse_y"]]])


def _mae(x, v):
    return _call("mae", [[x]], [[v["mae_y"]]])


def _bce(x, v):
    return _call("bce", [[x]], [[v["bce_y"]]])


def _ce(z1, v):
    # Two classes, logits (z1, z2); the target is a class index (class 1 -> index 0).
    return _call("cross_entropy", [[z1, v["ce_z2"]]], [int(v["ce_t"]) - 1])


def _mr(x1, v):
    return _call("margin_ranking", [[x1, v["mr_x2"]]], [v["mr_y"]], margin=v["mr_m"])


def _kl(q, v):
    # Two classes: the prediction q of class 1 enters as log-probabilities (ln q, ln(1 - q)).
    x = [[math.log(q), math.log1p(-q)]]  # 0 < q < 1: the field and the plot's range keep q inside
    return _call("kl_div", x, [[v["kl_y"], 1.0 - v["kl_y"]]])


def _around(center_key: str, point_key: str, half: float):
    def rng(v):
        c, p = v[center_key], v[point_key]
        return min(c - half, p - 0.5), max(c + half, p + 0.5)
    return rng


PANELS: tuple[Panel, ...] = (
    Panel("mse", "ls.mse.title", r"L(x, y) = (x - y)^2", "ls.axis.x", r"\partial L / \partial x",
          PANEL_FIELDS["mse"], _mse, _around("mse_y", "mse_x", 3.0), "ls.mse.note"),
    Panel("mae", "ls.mae.title", r"L(x, y) = |x - y|", "ls.axis.x", r"\partial L / \partial x",
          PANEL_FIELDS["mae"], _mae, _around("mae_y", "mae_x", 3.0), "ls.mae.note"),
    Panel("bce", "ls.bce.title", r"L(x, y) = -y \log x - (1 - y) \log(1 - x)", "ls.axis.prob",
          r"\partial L / \partial x", PANEL_FIELDS["bce"], _bce, lambda v: (0.005, 0.995), "ls.bce.note"),
    Panel("cross_entropy", "ls.ce.title",
          r"L(z, c) = -\log \frac{e^{z_c}}{\sum_j e^{z_j}} \quad (\mathrm{softmax} + \mathrm{NLL})",
          "ls.axis.logit", r"\partial L / \partial z_1", PANEL_FIELDS["cross_entropy"], _ce,
          _around("ce_z2", "ce_x", 8.0), "ls.ce.note"),
    Panel("margin_ranking", "ls.mr.title", r"L(x_1, x_2, y) = \max(0,\ -y (x_1 - x_2) + m)", "ls.axis.x1",
          r"\partial L / \partial x_1", PANEL_FIELDS["margin_ranking"], _mr, _around("mr_x2", "mr_x", 4.0),
          "ls.mr.note"),
    Panel("kl_div", "ls.kl.title", r"L(x, y) = y (\log y - x)", "ls.axis.q", r"\partial L / \partial x_1",
          PANEL_FIELDS["kl_div"], _kl, lambda v: (0.005, 0.995), "ls.kl.note"),
)
BY_NAME = {p.name: p for p in PANELS}

# Why cross-entropy, live: two runs on the same two-class set, from the same seed (so the same initial weights
# and the same minibatch order), one trained with bce and one with mse. Our own setup (the lecture has none);
# tests/lessons/losses/test_claims.py checks what the page says about it, over seeds.
LIVE_LOSSES = ("bce", "mse")
LIVE_UPDATES = 1000  # updates of each run
LIVE_SPEED = 5  # updates per stream frame
LIVE_POINTS, LIVE_BATCH = 200, 10
LIVE_UNITS = (6, 6)


def experiment(loss: str, lr: float = LIVE_LR, seed: int = LIVE_SEED) -> dict:
    """One of the live runs (Experiment JSON): the circle set (200 points), a 2-6-6-1 tanh network with a sigmoid
    output (the binary task's output for both bce and mse), SGD in batches of 10 with the chosen γ and seed."""
    return {"dataset": "circle", "n": LIVE_POINTS, "noise": 0.1, "data_seed": 1, "val": 0.2, "test": 0.2,
            "hidden": [{"units": u, "activation": "tanh"} for u in LIVE_UNITS],
            "loss": loss, "init": "xavier_normal", "seed": int(seed),
            "optimizer": {"name": "sgd", "lr": float(lr)}, "batch_size": LIVE_BATCH}


def values(panel: Panel, state) -> dict:
    """The panel's fields of the state, by name."""
    return {f: getattr(state, f) for f in panel.fields}


def at_point(panel: Panel, state) -> Eval:
    v = values(panel, state)
    return panel.evaluate(v[panel.fields[-1]], v)


@dataclass(frozen=True)
class Curve:
    xs: list[float]
    loss: list[float | None]
    grad: list[float | None]  # the first component of the gradient (what the plot shows)


def curve(panel: Panel, state) -> Curve:
    return _curve(panel.name, tuple(getattr(state, f) for f in panel.fields))


@lru_cache(maxsize=512)
def _curve(name: str, key: tuple) -> Curve:
    """The loss and its gradient over the panel's range of predictions (cached: the same fields, the same curve)."""
    panel = BY_NAME[name]
    v = dict(zip(panel.fields, key))
    lo, hi = panel.x_range(v)
    xs = np.linspace(lo, hi, POINTS)
    evs = [panel.evaluate(float(x), v) for x in xs]
    fin = lambda a: a if math.isfinite(a) else None  # noqa: E731
    return Curve([float(x) for x in xs], [fin(e.loss) for e in evs], [fin(e.grad[0]) for e in evs])


# ---------------------------------------------------------------- why cross-entropy

@dataclass(frozen=True)
class Wrong:
    """A confident wrong prediction: the true class 1 gets probability p = sigmoid(z).

    For each loss: L, dL/dp (the loss's own gradient, for the losses on probabilities), sigmoid'(z), and
    dL/dz, the gradient the network's last layer receives.
    """

    p: float
    z: float
    sigmoid_d: float
    mse: Eval  # on p, target 1
    bce: Eval  # on p, target 1
    ce: Eval  # on the logits (z, 0), class index 0

    @property
    def mse_dz(self) -> float:
        return self.mse.grad[0] * self.sigmoid_d

    @property
    def bce_dz(self) -> float:
        return self.bce.grad[0] * self.sigmoid_d

    @property
    def ratio(self) -> float:
        return abs(self.ce.grad[0]) / abs(self.mse_dz) if self.mse_dz else math.inf


@lru_cache(maxsize=1024)
def wrong(p: float) -> Wrong:
    """The comparison at probability p of the true class; z = ln(p / (1 - p)) so that sigmoid(z) = p."""
    z = math.log(p) - math.log1p(-p)
    a = float(activations.value("sigmoid", np.array([z]))[0])
    sd = float(activations.derivative("sigmoid", np.array([z]))[0])
    # softmax(z, 0) gives class 1 the probability sigmoid(z): the same p, through cross-entropy on logits.
    return Wrong(a, z, sd, _call("mse", [[a]], [[1.0]]), _call("bce", [[a]], [[1.0]]),
                 _call("cross_entropy", [[z, 0.0]], [0]))


WRONG_PS = tuple(float(p) for p in np.logspace(-3, math.log10(0.999), 150))


def wrong_curves(p_point: float) -> dict:
    """|dL/dz| against p for mse-through-sigmoid and cross-entropy, p from 0.001 to 0.999 (log-spaced), and the
    chosen p among them."""
    ps = sorted({*WRONG_PS, float(p_point)})
    rows = [wrong(p) for p in ps]
    return {"p": ps, "mse": [abs(r.mse_dz) for r in rows], "ce": [abs(r.ce.grad[0]) for r in rows]}


# ---------------------------------------------------------------- plots (Plotly JSON; `t` translates labels)


def _layout(title: str, x: str, y: str, y2: str | None = None, **extra) -> dict:
    layout = {"title": {"text": title}, "height": 380, "margin": {"l": 70, "r": 70, "t": 50, "b": 110},
              "font": font(14), **WHITE,
              "legend": {"orientation": "h", "y": -0.3}, "xaxis": {"title": {"text": x}},
              "yaxis": {"title": {"text": y}, "zeroline": True}}
    if y2:
        layout["yaxis2"] = {"title": {"text": y2}, "overlaying": "y", "side": "right", "showgrid": False,
                            "zeroline": False}
    layout.update(extra)
    return layout


def plot_panel(panel: Panel, state, t) -> dict:
    """The loss (left axis) and its gradient (right axis) against the prediction, the chosen point marked."""
    c = curve(panel, state)
    e = at_point(panel, state)
    x = getattr(state, panel.fields[-1])
    data = [
        {"x": c.xs, "y": c.loss, "type": "scatter", "mode": "lines", "name": t("ls.plot.loss"),
         "line": {"color": "#0b5394", "width": 3}},
        {"x": c.xs, "y": c.grad, "type": "scatter", "mode": "lines", "name": t("ls.plot.grad"), "yaxis": "y2",
         "line": {"color": "#cc0000", "width": 2.5, "dash": "dash"}},
        {"x": [x], "y": [e.loss], "type": "scatter", "mode": "markers", "name": t("ls.plot.point"),
         "marker": {"size": 12, "color": "#0b5394", "symbol": "circle"}},
    ]
    # Gradients of bce and kl near 0 and 1 are huge: clip the right axis to the central 96% of the curve's values.
    grads = [g for g in c.grad if g is not None]
    layout = _layout(t(panel.title), t(panel.x_label), t("ls.plot.loss"), t("ls.plot.grad"))
    if grads:
        lo, hi = np.percentile(grads, [2, 98])
        pad = 0.1 * max(hi - lo, 1e-9)
        layout["yaxis2"]["range"] = [float(min(lo, 0) - pad), float(max(hi, 0) + pad)]
    return figure(data, layout)


def plot_wrong(p: float, t) -> dict:
    """|dL/dz| against the probability p of the true class: mse through the sigmoid against cross-entropy."""
    c = wrong_curves(p)
    w = wrong(p)
    data = [
        {"x": c["p"], "y": c["mse"], "type": "scatter", "mode": "lines", "name": t("ls.wrong.mse"),
         "line": {"color": "#b45f06", "width": 3}},
        {"x": c["p"], "y": c["ce"], "type": "scatter", "mode": "lines", "name": t("ls.wrong.ce"),
         "line": {"color": "#0b5394", "width": 3}},
        {"x": [w.p, w.p], "y": [abs(w.mse_dz), abs(w.ce.grad[0])], "type": "scatter", "mode": "markers",
         "name": t("ls.plot.point"), "marker": {"size": 12, "color": "#111111"}},
    ]
    layout = _layout(t("ls.wrong.plot_title"), t("ls.wrong.plot_x"), t("ls.wrong.plot_y"),
                     xaxis={"title": {"text": t("ls.wrong.plot_x")}, "type": "log", "exponentformat": "none"},
                     height=420)
    return figure(data, layout)


# The live runs' plots: empty frames with labelled axes; the page's script fills the points from the runs'
# frames. `series` names, per trace, the run and the frame value it shows.
LIVE_COLORS = {"bce": "#0b5394", "mse": "#b45f06"}
ACC_NAMES = {"val_acc": "ls.live.trace.val", "train_acc": "ls.live.trace.train"}  # message keys, with {loss}


def short_name(loss: str, t) -> str:
    """"BCE", "MSE": the display name's abbreviation (before its parenthesis)."""
    return t(f"name.loss.{loss}").split(" (")[0]


def plot_live_loss(t) -> dict:
    """Training loss per update of each run (each in its own loss's units)."""
    data = [{"x": [], "y": [], "type": "scatter", "mode": "lines", "name": short_name(name, t),
             "line": {"color": LIVE_COLORS[name], "width": 1.5}} for name in LIVE_LOSSES]
    layout = _layout(t("ls.live.loss_title"), t("ls.live.axis_step"), t("ls.live.axis_loss"), height=420)
    layout["margin"]["r"] = 20
    return figure(data, layout, series=[[name, "loss"] for name in LIVE_LOSSES])


def plot_live_acc(t) -> dict:
    """Validation (solid) and training (dotted) accuracy of each run, measured after every frame's updates."""
    data, series = [], []
    for key, dash in (("val_acc", "solid"), ("train_acc", "dot")):
        for name in LIVE_LOSSES:
            data.append({"x": [], "y": [], "type": "scatter", "mode": "lines",
                         "name": t(ACC_NAMES[key], loss=short_name(name, t)),
                         "line": {"color": LIVE_COLORS[name], "width": 2.5 if key == "val_acc" else 1.5,
                                  "dash": dash}})
            series.append([name, key])
    layout = _layout(t("ls.live.acc_title"), t("ls.live.axis_step"), t("ls.live.axis_acc"), height=440)
    layout["yaxis"]["range"] = [0, 1.02]
    layout["margin"]["r"] = 20
    return figure(data, layout, series=series)
