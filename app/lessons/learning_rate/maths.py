"""Lesson 3 (slides 14-23): the learning rate, optimizers and decay on a 2-D loss surface, plus a live run.

The surface is our own small function of two weights w = (w1, w2) with its gradient (the surfaces below);
every update is made by nnlib's optimizers (`nnlib.optimizers.make`) on an nnlib `Parameter` holding w, and the
learning rate of update n comes from nnlib's exponential schedule, lr_n = lr_0 e^(-d n). This module has no
optimizer maths of its own: it evaluates the surface, hands the gradient to the optimizer and records the path.

Shapes: a point w is (2,); a path is (steps + 1, 2); the contour grid is (GRID_H, GRID_W).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np

from app.formatting import field_value
from app.forms import Message, NumberField, parse_fields
from app.plots import WHITE, figure, font
from app.runs.experiment import Experiment
from app.services import playground as pg
from nnlib import optimizers, schedules
from nnlib.module import Parameter

PATH = "/lessons/learning-rate"
DIVERGE_LOSS = 1e8  # a path whose loss passes this (or stops being finite) has diverged: it stops there
TYPICAL = (0.001, 0.1)  # the lecture's typical learning rates (slide 15)
LR_MIN, LR_MAX = 1e-5, 10.0  # what a field accepts (the live runs' Experiment accepts the same)
GRID_W, GRID_H = 81, 61
LOSS_FLOOR_LOG10 = -12  # the loss plot's lower edge


# ---------------------------------------------------------------- the surfaces

@dataclass(frozen=True)
class Surface:
    """A loss L(w1, w2) of two weights: `value` takes arrays of any shape, `gradient` a point (2,) -> (2,)."""

    name: str
    latex: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray], np.ndarray]
    view: tuple[tuple[float, float], tuple[float, float]]  # (w1 range, w2 range) of the contour plot


# The elongated bowl: curvature 1 along w1 and 25 along w2, minimum L = 0 at (0, 0). SGD is stable for
# lr < 2/25 = 0.08 (the steep direction), yet slow along w1 for small lr: the lecture's dilemma in one picture.
BOWL = Surface(
    "bowl", r"L(w_1, w_2) = \tfrac{1}{2}\left(w_1^2 + 25\, w_2^2\right)",
    lambda a, b: 0.5 * (a * a + 25.0 * b * b),
    lambda w: np.array([w[0], 25.0 * w[1]]),
    ((-5.0, 5.0), (-3.0, 3.0)),
)
# The same bowl turned by 45 degrees: (w1 + w2)/sqrt2 and (w1 - w2)/sqrt2 are its axes. The curvatures are the
# same (1 and 25), but no longer along w1 and w2, so per-weight step sizes (Adagrad, RMSprop, Adam) help less.
TILTED = Surface(
    "tilted", r"L(w_1, w_2) = 6.5\, w_1^2 - 12\, w_1 w_2 + 6.5\, w_2^2",
    lambda a, b: 6.5 * a * a - 12.0 * a * b + 6.5 * b * b,
    lambda w: np.array([13.0 * w[0] - 12.0 * w[1], 13.0 * w[1] - 12.0 * w[0]]),
    ((-5.0, 5.0), (-3.0, 3.0)),
)
SURFACES: dict[str, Surface] = {s.name: s for s in (BOWL, TILTED)}

# The five optimizers of the lesson, in the order shown; each gets its own learning rate.
OPTIMIZERS: tuple[str, ...] = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
OPT_LABELS = {"sgd": "lr.opt.sgd", "momentum": "lr.opt.momentum", "adagrad": "lr.opt.adagrad",
              "rmsprop": "lr.opt.rmsprop", "adam": "lr.opt.adam"}
COLORS = {"sgd": "#0b5394", "momentum": "#b45f06", "adagrad": "#38761d", "rmsprop": "#741b47", "adam": "#cc0000"}

# Learning rates per preset, chosen on the bowl from (-4, 1.5) in 100 steps (mu = 0.9):
# low: every path crawls; good: every path reaches the minimum; high: sgd and momentum oscillate across the
# valley (sgd's factor along w2 is 1 - 25 lr = -0.875) and the adaptive ones jump about; diverge: sgd passes
# 2/25 and momentum 2(1 + mu)/25 = 0.152, so both blow up; the adaptive steps stay bounded by about lr.
PRESETS: dict[str, dict[str, float]] = {
    "low": {"sgd": 0.001, "momentum": 0.001, "adagrad": 0.05, "rmsprop": 0.001, "adam": 0.01},
    "good": {"sgd": 0.03, "momentum": 0.01, "adagrad": 0.5, "rmsprop": 0.05, "adam": 0.1},
    "high": {"sgd": 0.075, "momentum": 0.1, "adagrad": 5.0, "rmsprop": 0.3, "adam": 2.0},
    "diverge": {"sgd": 0.1, "momentum": 0.16, "adagrad": 10.0, "rmsprop": 3.0, "adam": 5.0},
}
DEFAULT_PRESET = "good"
PRESET_LABELS = {"low": "lr.preset.low", "good": "lr.preset.good", "high": "lr.preset.high",
                 "diverge": "lr.preset.diverge"}
SURFACE_LABELS = {"bowl": "lr.surface.bowl", "tilted": "lr.surface.tilted"}
# Labels of the live run's fields (the others are the lecture's symbols, from learning_rate_tex).
LIVE_LABELS = {"live_lr": "lr.live.label.lr", "live_batch": "lr.live.label.batch",
               "live_decay": "lr.live.label.decay", "live_updates": "lr.live.label.updates"}

LIVE_MAX_UPDATES = 5000

SPECS: tuple[NumberField, ...] = (
    NumberField("w1", -4.0, -5.0, 5.0),
    NumberField("w2", 1.5, -3.0, 3.0),
    NumberField("steps", 100, 1, 1000, integer=True, range_key="lr.error.int_range"),
    NumberField("decay", 0.0, 0.0, 1.0),
    NumberField("mu", 0.9, 0.0, 1.0, hi_open=True, range_key="lr.error.mu"),
    *(NumberField(f"lr_{name}", PRESETS[DEFAULT_PRESET][name], LR_MIN, LR_MAX, range_key="lr.error.lr")
      for name in OPTIMIZERS),
    # The live run: a small network on the "circle" set, trained with minibatch SGD.
    NumberField("live_lr", 0.5, LR_MIN, LR_MAX, range_key="lr.error.lr"),
    NumberField("live_batch", 2, 1, 120, integer=True, range_key="lr.error.int_range"),
    NumberField("live_decay", 0.0, 0.0, 1.0),
    NumberField("live_updates", 1000, 50, LIVE_MAX_UPDATES, integer=True, range_key="lr.error.int_range"),
)
FIELDS: tuple[str, ...] = tuple(s.name for s in SPECS)
DEFAULTS: dict[str, float] = {s.name: s.default for s in SPECS}


# ---------------------------------------------------------------- the paths

@dataclass
class Path:
    """One optimizer's way down the surface: points w(0..k), L(w(n)), the lr used at update n, and where it
    stopped if it diverged. For momentum also the velocity v(n) after each update (the lecture's v)."""

    name: str
    lr0: float
    points: list[tuple[float, float]]  # w(0), w(1), ... (finite, |L| <= DIVERGE_LOSS)
    losses: list[float]  # L(w(n)) for each point
    lrs: list[float]  # lr of update n = 1, 2, ... (lr_{n-1} of the schedule)
    grads: list[tuple[float, float]]  # dL/dw at w(n-1), used by update n
    velocity: list[tuple[float, float]]  # v(n) after update n (momentum only)
    diverged_at: int | None = None  # the update after which the loss passed DIVERGE_LOSS or stopped being finite

    @property
    def final_loss(self) -> float:
        return self.losses[-1]

    @property
    def min_loss(self) -> float:
        return min(self.losses)


def descend(surface: Surface, name: str, start: tuple[float, float], lr0: float, steps: int,
            decay: float = 0.0, mu: float = 0.9) -> Path:
    """Run nnlib's optimizer `name` for `steps` updates from `start`; lr_n = lr0 e^(-decay n) (nnlib schedule).

    Stops early at divergence: the first update whose loss is non-finite or above DIVERGE_LOSS is recorded in
    `diverged_at`, and its point is not kept (so nothing non-finite ever reaches the page).
    """
    w = Parameter(np.array(start, dtype=np.float64), "w")
    kw = {"momentum": mu} if name == "momentum" else {}
    opt = optimizers.make(name, [w], lr0, **kw)
    schedule = schedules.make("exponential", lr0, decay=decay)
    path = Path(name, lr0, [(float(start[0]), float(start[1]))],
                [float(surface.value(w.data[0], w.data[1]))], [], [], [])
    for n in range(steps):
        opt.zero_grad()
        grad = surface.gradient(w.data)
        w.grad = grad
        opt.lr = schedule(n)
        with np.errstate(all="ignore"):
            opt.step()
            loss = float(surface.value(w.data[0], w.data[1]))
        if not (math.isfinite(loss) and loss <= DIVERGE_LOSS and np.all(np.isfinite(w.data))):
            path.diverged_at = n + 1
            break
        path.points.append((float(w.data[0]), float(w.data[1])))
        path.losses.append(loss)
        path.lrs.append(float(opt.lr))
        path.grads.append((float(grad[0]), float(grad[1])))
        if name == "momentum":
            v = opt.state["velocity"][0]
            path.velocity.append((float(v[0]), float(v[1])))
    return path


def contour_grid(surface: Surface) -> dict:
    """log10 L on a GRID_H x GRID_W grid over the surface's view (L + 1e-3, so the minimum's 0 stays finite)."""
    (x0, x1), (y0, y1) = surface.view
    xs, ys = np.linspace(x0, x1, GRID_W), np.linspace(y0, y1, GRID_H)
    a, b = np.meshgrid(xs, ys)
    z = np.log10(surface.value(a, b) + 1e-3)
    return {"x": xs.round(6).tolist(), "y": ys.round(6).tolist(), "z": z.round(4).tolist()}


# ---------------------------------------------------------------- the page's state

@dataclass
class LessonState:
    values: dict[str, float]
    texts: dict[str, str]
    errors: dict[str, Message]
    surface: Surface
    paths: dict[str, Path]
    preset: str | None = None

    @property
    def steps(self) -> int:
        return int(self.values["steps"])

    @property
    def url(self) -> str:
        query = [("surface", self.surface.name)]
        query += [(name, field_value(self.values[name])) for name in FIELDS]
        return PATH + "?" + urlencode(query)

    def lr_curve(self, name: str) -> list[float]:
        """lr_n = lr_0 e^(-d n) for n = 0..steps-1, from nnlib's schedule (also where a path stopped early)."""
        s = schedules.make("exponential", self.values[f"lr_{name}"], decay=self.values["decay"])
        return [s(n) for n in range(self.steps)]

    def live_experiment(self) -> Experiment:
        """The live run: a 2-6-6-1 tanh network on the circle set, minibatch SGD with the chosen lr and batch."""
        v = self.values
        return Experiment.model_validate({
            "dataset": "circle", "n": 200, "noise": 0.1, "data_seed": 1, "val": 0.2, "test": 0.2,
            "hidden": [{"units": 6, "activation": "tanh"}, {"units": 6, "activation": "tanh"}],
            "loss": "bce", "init": "xavier_normal", "seed": 1,
            "optimizer": {"name": "sgd", "lr": v["live_lr"]},
            "schedule": {"name": "exponential" if v["live_decay"] > 0 else "constant", "decay": v["live_decay"]},
            "batch_size": int(v["live_batch"]),
        })

    def live_config(self) -> dict:
        """What the page's script needs to start the live run: the Experiment JSON and when to stop."""
        return {"experiment": self.live_experiment().model_dump(mode="json"), "updates": int(self.values["live_updates"]),
                "speed": 5}

    @property
    def playground_url(self) -> str:
        return pg.PATH + "?" + urlencode(pg.to_query(self.live_experiment()))


def evaluate(surface: Surface, values: dict[str, float]) -> dict[str, Path]:
    start = (values["w1"], values["w2"])
    return {name: descend(surface, name, start, values[f"lr_{name}"], int(values["steps"]), values["decay"],
                          values["mu"]) for name in OPTIMIZERS}


def handle(query: Mapping[str, str]) -> LessonState:
    """The state for a request: validate every field, apply `action` (preset | reset), compute the paths.

    With bad fields the paths use the defaults for those fields; an htmx answer then shows only the messages
    (the page keeps its last good plots).
    """
    surface = SURFACES.get(str(query.get("surface", "")), BOWL)
    action, preset = query.get("action"), query.get("preset")
    if action == "reset":
        values, texts, errors = parse_fields(SPECS, {})
        surface = BOWL
    else:
        values, texts, errors = parse_fields(SPECS, query)
    applied = None
    if action == "preset" and preset in PRESETS:
        applied = preset
        for name, lr in PRESETS[preset].items():
            values[f"lr_{name}"] = lr
            texts[f"lr_{name}"] = field_value(lr)
            errors.pop(f"lr_{name}", None)
    return LessonState(values, texts, errors, surface, evaluate(surface, values), applied)


# ---------------------------------------------------------------- plots (Plotly JSON; `t` translates labels)

def _layout(t, title: str, x: str, y: str, **extra) -> dict:
    layout = {"title": {"text": title}, "height": 440, "margin": {"l": 70, "r": 20, "t": 50, "b": 120},
              "font": font(15), **WHITE,
              "legend": {"orientation": "h", "y": -0.3}, "xaxis": {"title": {"text": x}},
              "yaxis": {"title": {"text": y}}}
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def plot_lr_axis(s: LessonState, t) -> dict:
    """The learning rates on a log axis, with the lecture's typical range 0.001-0.1 shaded."""
    data = [{"x": [s.values[f"lr_{name}"]], "y": [t(OPT_LABELS[name])], "type": "scatter", "mode": "markers",
             "name": t(OPT_LABELS[name]), "marker": {"size": 14, "color": COLORS[name]}, "showlegend": False}
            for name in OPTIMIZERS]
    lo, hi = math.log10(TYPICAL[0]), math.log10(TYPICAL[1])
    layout = _layout(t, t("lr.axis.title"), t("lr.axis.x"), "", height=300,
                     margin={"l": 170, "r": 20, "t": 50, "b": 60},
                     xaxis={"type": "log", "range": [math.log10(LR_MIN), math.log10(LR_MAX)]},
                     yaxis={"title": {"text": ""}, "autorange": "reversed"})
    # On a log axis Plotly takes a shape's x in log10 units.
    layout["shapes"] = [{"type": "rect", "xref": "x", "yref": "paper", "x0": lo, "x1": hi, "y0": 0, "y1": 1,
                         "fillcolor": "#d9ead3", "opacity": 0.7, "line": {"width": 0}, "layer": "below"}]
    layout["annotations"] = [{"xref": "x", "yref": "paper", "x": (lo + hi) / 2, "y": 1.0, "yanchor": "bottom",
                              "text": t("lr.axis.typical"), "showarrow": False, "font": {"color": "#274e13"}}]
    return figure(data, layout)


def plot_paths(s: LessonState, t) -> dict:
    """Contours of log10 L with each optimizer's path from the same start."""
    grid = contour_grid(s.surface)
    data = [{"type": "contour", **grid, "colorscale": "Greys", "reversescale": True, "opacity": 0.55,
             "contours": {"coloring": "lines"}, "line": {"width": 1.2}, "ncontours": 30, "showscale": False,
             "hoverinfo": "skip", "name": "L"}]
    for name in OPTIMIZERS:
        p = s.paths[name]
        data.append({"x": [q[0] for q in p.points], "y": [q[1] for q in p.points], "type": "scatter",
                     "mode": "lines+markers", "name": t(OPT_LABELS[name]),
                     "line": {"color": COLORS[name], "width": 2.5}, "marker": {"size": 4}})
    start = s.paths[OPTIMIZERS[0]].points[0]
    data.append({"x": [start[0]], "y": [start[1]], "type": "scatter", "mode": "markers", "name": t("lr.plot.start"),
                 "marker": {"size": 14, "symbol": "x", "color": "#111111"}})
    data.append({"x": [0], "y": [0], "type": "scatter", "mode": "markers", "name": t("lr.plot.minimum"),
                 "marker": {"size": 14, "symbol": "star", "color": "#111111"}})
    (x0, x1), (y0, y1) = s.surface.view
    layout = _layout(t, t("lr.plot.paths_title"), "w\u2081", "w\u2082", height=520,
                     xaxis={"range": [x0, x1], "constrain": "domain"},
                     yaxis={"range": [y0, y1], "scaleanchor": "x", "constrain": "domain"},
                     legend={"orientation": "h", "y": -0.22}, margin={"l": 60, "r": 20, "t": 50, "b": 110})
    return figure(data, layout)


def plot_losses(s: LessonState, t) -> dict:
    """L(w(n)) against the update n, log scale (a diverged path ends where it left the plot)."""
    data = [{"x": list(range(len(s.paths[name].losses))), "y": [v if v > 0 else None for v in s.paths[name].losses],
             "type": "scatter", "mode": "lines", "name": t(OPT_LABELS[name]),
             "line": {"color": COLORS[name], "width": 2.5}} for name in OPTIMIZERS]
    # Below 1e-12 a loss is numerically at the minimum (Adagrad reaches 1e-100 on the bowl): keep the axis there.
    top = max(max(p.losses) for p in s.paths.values())
    layout = _layout(t, t("lr.plot.loss_title"), t("lr.plot.step"), t("lr.plot.loss_log"),
                     yaxis={"type": "log", "exponentformat": "power",
                            "range": [LOSS_FLOOR_LOG10, math.log10(max(top, 1e-12)) + 0.5]})
    return figure(data, layout)


def plot_lr_curves(s: LessonState, t) -> dict:
    """gamma(n) = gamma_0 e^(-d n) for each optimizer, from nnlib's schedule, log scale."""
    data = [{"x": list(range(s.steps)), "y": s.lr_curve(name), "type": "scatter", "mode": "lines",
             "name": t(OPT_LABELS[name]), "line": {"color": COLORS[name], "width": 2.5}} for name in OPTIMIZERS]
    layout = _layout(t, t("lr.plot.lr_title"), t("lr.plot.step"), t("lr.plot.lr_y"),
                     yaxis={"type": "log", "exponentformat": "power"})
    return figure(data, layout)


def plot_live(t) -> dict:
    """The live run's empty frame: the page's script fills loss per update (left axis) and lr (right axis)."""
    layout = _layout(t, t("lr.live.plot_title"), t("lr.plot.step"), t("lr.live.loss_y"), height=420,
                     yaxis={"rangemode": "tozero"},
                     yaxis2={"title": {"text": t("lr.live.lr_y")}, "overlaying": "y", "side": "right",
                             "rangemode": "tozero", "showgrid": False},
                     margin={"l": 70, "r": 80, "t": 50, "b": 110})
    names = {"loss": t("lr.live.trace_loss"), "previous": t("lr.live.trace_previous"), "lr": t("lr.live.trace_lr")}
    return figure([], layout, names=names)
