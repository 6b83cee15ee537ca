"""Lesson 8 (slides 48-51): softmax turns a network's raw outputs into class probabilities.

Three parts, all computed with nnlib:
- the lecture's two examples, softmax(0.02, 0.6) and softmax(1.7, 0.6) (`nnlib.activations` "softmax");
- a calculator (its inputs: app.lessons.softmax.state): 2..6 logits z (the lecture's y21, y22, ...), a
  temperature T, p = softmax(z / T), and the cross-entropy of a chosen true class, -log p_true (`nnlib.losses`
  "cross_entropy" on the logits z / T);
- the good/bad fruit classifier: a live run (app/runs) on the data set `fruit_good` with two outputs and the
  cross-entropy loss; `classifier_view` reads the run's current weights and gives p(good | x), p(bad | x) on a
  grid of x.

Shapes: z (k,), p (k,); the classifier's inputs x (m, 1) -> logits (m, 2) -> probabilities (m, 2), columns in
the data set's class order ("bad" = 0, "good" = 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from app.formatting import number
from app.plots import plot
from app.runs.experiment import Experiment
from app.runs.run import Run
from nnlib import activations, losses

K_MIN, K_MAX = 2, 6  # classes (logits) the calculator takes
Z_LIMIT = 100.0  # |z_i| <= Z_LIMIT
T_MIN, T_MAX = 0.01, 100.0  # temperature bounds

# The lecture's examples (slides 49-51): outputs (y21 "good", y22 "bad") and the probabilities it writes.
LECTURE = (((0.02, 0.6), (0.36, 0.64)), ((1.7, 0.6), (0.75, 0.25)))


# ---------------------------------------------------------------- softmax

def softmax(z) -> np.ndarray:
    """p = softmax(z) by nnlib; z (k,) -> p (k,)."""
    return activations.value("softmax", np.asarray(z, dtype=np.float64))


def cross_entropy(logits, true: int) -> float:
    """-log softmax(logits)[true] by nnlib's cross-entropy loss on one sample; logits (k,), true in 0..k-1."""
    return losses.make("cross_entropy").forward(np.asarray(logits, dtype=np.float64)[None, :], np.array([true]))


@dataclass(frozen=True)
class Example:
    """One of the lecture's examples: outputs (y21, y22), nnlib's probabilities, the lecture's rounded ones."""

    y: tuple[float, float]
    p: tuple[float, float]
    lecture: tuple[float, float]

    @property
    def verdict(self) -> str:
        """The class with the higher probability: y21 is "good", y22 is "bad" (slide 49)."""
        return "good" if self.p[0] > self.p[1] else "bad"


def lecture_examples() -> list[Example]:
    return [Example(y, tuple(float(v) for v in softmax(y)), rounded) for y, rounded in LECTURE]


T_CURVE = np.logspace(-1.5, 1.5, 121)  # temperatures of the "p against T" plot


@dataclass
class Calc:
    """The calculator's numbers for one state (app.lessons.softmax.state.SoftmaxState): z (k,), T, the true
    class (1-based, as the page counts classes)."""

    z: np.ndarray
    t: float
    true: int

    @property
    def k(self) -> int:
        return len(self.z)

    @property
    def scaled(self) -> np.ndarray:
        return self.z / self.t

    @property
    def p(self) -> np.ndarray:
        return softmax(self.scaled)

    @property
    def exp(self) -> list[float]:
        """e^(z_i / T) as written in the formula; may overflow to inf (nnlib's softmax shifts by the max first)."""
        with np.errstate(over="ignore"):
            return [float(v) for v in np.exp(self.scaled)]

    @property
    def overflow(self) -> bool:
        """Whether some e^(z_i / T) overflows float64 (softmax itself stays exact: nnlib shifts by the max)."""
        return not all(math.isfinite(v) for v in self.exp)

    @property
    def ce(self) -> float:
        return cross_entropy(self.scaled, self.true - 1)

    def t_curve(self) -> list[list[float]]:
        """p_i(T) over T_CURVE: one list per class (k lists of len(T_CURVE))."""
        p = softmax(self.z[None, :] / T_CURVE[:, None])
        return [p[:, i].tolist() for i in range(self.k)]


def calc(state) -> Calc:
    return Calc(np.array(state.logits, dtype=np.float64), float(state.t), int(state.true))


# ---------------------------------------------------------------- the good/bad fruit classifier (live run)

# Two outputs and the cross-entropy loss (softmax inside it); all 12 samples train (no validation/test split:
# this part is about reading probabilities, lesson 7 is about splits). A small tanh layer on standardized x.
CLASSIFIER = Experiment.model_validate({
    "dataset": "fruit_good", "loss": "cross_entropy", "val": 0, "test": 0, "scaling": "standard",
    "hidden": [{"units": 4, "activation": "tanh"}], "init": "xavier_normal", "seed": 3,
    "optimizer": {"name": "adam", "lr": 0.02}, "batch_size": 12, "shuffle": False,
})
MAX_UPDATES = 1000  # the page stops training here
CHUNK = 5  # updates per request while training
X_GRID = np.round(np.arange(0.5, 9.75 + 1e-9, 0.05), 2)  # x values of the probability curves
X_DEFAULT = 4.0  # the lecture's sample x = 4 (quality 75: good)


def classifier_view(run: Run) -> dict:
    """p(good | x) and p(bad | x) on X_GRID from the run's current weights, the data, and the loss so far.

    Returns {"step", "loss" (last training loss or None), "x" (m,), "logits" (m, 2), "p" (m, 2),
    "data_x" (12,), "data_y" (12,) class indices, "classes"}.
    """
    with run.lock:
        logits = run.predict(run.scaler.transform(X_GRID[:, None]))
        x, y, raw = run.parts["train"]
        loss = run.evaluate("train")[0]
        step = run.trainer.step
    with np.errstate(all="ignore"):
        p = softmax(logits)
    return {"step": step, "loss": loss if math.isfinite(loss) else None, "x": X_GRID, "logits": logits, "p": p,
            "data_x": raw[:, 0], "data_y": y, "classes": list(run.raw.classes)}


def readout(view: dict, i: int) -> dict[str, str]:
    """The numbers shown for grid point i: x, the logits and the probabilities of "good" and "bad"."""
    good, bad = view["classes"].index("good"), view["classes"].index("bad")
    return {"x": number(view["x"][i]) or "–",
            "z_good": number(view["logits"][i, good]) or "–", "z_bad": number(view["logits"][i, bad]) or "–",
            "p_good": f"{view['p'][i, good]:.3f}", "p_bad": f"{view['p'][i, bad]:.3f}"}


def readouts(view: dict) -> dict[str, list[str]]:
    """readout() for every grid point, as columns (the page's script shows the one under the cursor)."""
    rows = [readout(view, i) for i in range(len(view["x"]))]
    return {key: [r[key] for r in rows] for key in rows[0]}


def default_index() -> int:
    return int(np.argmin(np.abs(X_GRID - X_DEFAULT)))


@cache
def untrained_view() -> dict:
    """classifier_view of the run a new Train starts from (the experiment fixes every random choice): what the
    page shows before any training. Computed once per process."""
    return classifier_view(Run(CLASSIFIER))


# ---------------------------------------------------------------- plots (Plotly specs, drawn by static/js)

GOOD_COLOR, BAD_COLOR = "#1b7837", "#b2182b"
CLASS_COLORS = ("#0b5394", "#e69138", "#6aa84f", "#8e7cc3", "#c27ba0", "#45818e")
TRUE_LABEL_SHIFT = 24  # px above the true bar's top: clear of the value written on it (16 px text)


def bars_plot(s: Calc, t) -> dict:
    """The probabilities p_i as bars, each with its value on top; the true class's bar outlined and labelled.

    The label is anchored to the true bar in data coordinates (x: its position, y: its height), shifted up past
    the value text by a fixed number of pixels, so it sits on its bar at any width of the plot."""
    names = [f"{i}" for i in range(1, s.k + 1)]
    p = [float(v) for v in s.p]
    true = s.true - 1
    return plot(
        [{"type": "bar", "x": names, "y": p, "name": t("sm.axis.p"),
          "marker": {"color": [CLASS_COLORS[i] for i in range(s.k)],
                     "line": {"color": "#111111", "width": [4 if i == true else 0 for i in range(s.k)]}},
          "text": [f"{v:.3f}" for v in p], "textposition": "outside", "cliponaxis": False}],
        {"title": {"text": t("sm.bars.title")}, "showlegend": False,
         "xaxis": {"title": {"text": t("sm.axis.class")}, "type": "category"},
         "yaxis": {"title": {"text": t("sm.axis.p")}, "range": [0, 1.3]},
         # On a category axis an annotation's x is the category's position (0, 1, ...), not its name: the
         # name "2" would be read as position 2, the third slot (it floated beside the bars).
         "annotations": [{"x": true, "y": p[true], "xref": "x", "yref": "y", "xanchor": "center",
                          "yanchor": "bottom", "yshift": TRUE_LABEL_SHIFT, "text": t("sm.bars.true"),
                          "showarrow": False, "font": {"size": 15, "color": "#111111"}}]},
    )


def temperature_plot(s: Calc, t) -> dict:
    """p_i against T (log axis), the current T marked: a low T sharpens, a high T flattens."""
    data = [{"type": "scatter", "mode": "lines", "x": T_CURVE.tolist(), "y": ys, "name": f"p{i + 1}",
             "line": {"width": 3, "color": CLASS_COLORS[i]}} for i, ys in enumerate(s.t_curve())]
    return plot(data, {
        "title": {"text": t("sm.temp.title")},
        "xaxis": {"title": {"text": t("sm.axis.t")}, "type": "log", "tickvals": [0.03, 0.1, 0.3, 1, 3, 10, 30],
                  "ticktext": ["0.03", "0.1", "0.3", "1", "3", "10", "30"]},
        "yaxis": {"title": {"text": t("sm.axis.p")}, "range": [0, 1.02]},
        "shapes": [{"type": "line", "x0": s.t, "x1": s.t, "y0": 0, "y1": 1, "yref": "y",
                    "line": {"color": "#555555", "dash": "dot", "width": 2}}],
    })


def classifier_plot(view: dict, t) -> dict:
    """p(good | x) and p(bad | x) over x, the 12 samples at 1 (good) or 0 (bad), the cursor at x = 4."""
    good, bad = view["classes"].index("good"), view["classes"].index("bad")
    xs = view["x"].tolist()
    dx, dy = view["data_x"].tolist(), [1.0 if c == good else 0.0 for c in view["data_y"]]
    return plot([
        {"type": "scatter", "mode": "lines", "x": xs, "y": view["p"][:, good].tolist(), "name": t("sm.cls.p_good"),
         "line": {"width": 3, "color": GOOD_COLOR}},
        {"type": "scatter", "mode": "lines", "x": xs, "y": view["p"][:, bad].tolist(), "name": t("sm.cls.p_bad"),
         "line": {"width": 3, "color": BAD_COLOR, "dash": "dash"}},
        {"type": "scatter", "mode": "markers", "x": dx, "y": dy, "name": t("sm.cls.samples"), "hoverinfo": "skip",
         "marker": {"size": 11, "color": [GOOD_COLOR if v else BAD_COLOR for v in dy],
                    "line": {"width": 1, "color": "#111111"}}},
    ], {
        "title": {"text": t("sm.cls.title", step=view["step"])},
        "hovermode": "x",
        "xaxis": {"title": {"text": t("sm.axis.x")}, "range": [0.4, 9.85]},
        "yaxis": {"title": {"text": t("sm.axis.p")}, "range": [-0.05, 1.05]},
        "shapes": [{"type": "line", "x0": X_DEFAULT, "x1": X_DEFAULT, "y0": 0, "y1": 1, "yref": "paper",
                    "line": {"color": "#555555", "dash": "dot", "width": 2}}],
    }, height=430)


def classifier_payload(view: dict, t) -> dict:
    """What the page's script gets after each training chunk: the plot, the per-x readouts, step and loss."""
    return {"step": view["step"], "loss": number(view["loss"]) if view["loss"] is not None else "–",
            "plot": classifier_plot(view, t), "readouts": readouts(view), "default": default_index()}
