"""Lesson 8 (slides 48-51): softmax turns a network's raw outputs into class probabilities.

Three parts, all computed with nnlib:
- the lecture's two examples, softmax(0.02, 0.6) and softmax(1.7, 0.6) (`nnlib.activations` "softmax");
- a calculator: 2..6 logits z (the lecture's y21, y22, ...), a temperature T, p = softmax(z / T), and the
  cross-entropy of a chosen true class, -log p_true (`nnlib.losses` "cross_entropy" on the logits z / T);
- the good/bad fruit classifier: a live run (app/runs) on the data set `fruit_good` with two outputs and the
  cross-entropy loss; `classifier_view` reads the run's current weights and gives p(good | x), p(bad | x) on a
  grid of x.

Shapes: z (k,), p (k,); the classifier's inputs x (m, 1) -> logits (m, 2) -> probabilities (m, 2), columns in
the data set's class order ("bad" = 0, "good" = 1).
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
from nnlib import activations, losses

PATH = "/lessons/softmax"
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


FIELDS: tuple[NumberField, ...] = (
    NumberField("k", 2, K_MIN, K_MAX, integer=True),
    *(NumberField(f"z{i}", d, -Z_LIMIT, Z_LIMIT) for i, d in zip(range(1, K_MAX + 1), (0.02, 0.6, 0, 0, 0, 0))),
    NumberField("t", 1.0, T_MIN, T_MAX),
    NumberField("true", 2, 1, K_MAX, integer=True),
)
FIELD = {f.name: f for f in FIELDS}
PRESETS = {"1": {"k": 2, "z1": 0.02, "z2": 0.6, "t": 1.0, "true": 2},
           "2": {"k": 2, "z1": 1.7, "z2": 0.6, "t": 1.0, "true": 1}}
T_CURVE = np.logspace(-1.5, 1.5, 121)  # temperatures of the "p against T" plot


@dataclass
class CalcState:
    """The calculator for one request."""

    values: dict[str, float]
    texts: dict[str, str]
    errors: dict[str, Message]
    swap_fields: bool = False  # the fields region changes shape (k changed, a preset, a reset)

    @property
    def k(self) -> int:
        return int(self.values["k"])

    @property
    def z(self) -> np.ndarray:
        return np.array([self.values[f"z{i}"] for i in range(1, self.k + 1)])

    @property
    def t(self) -> float:
        return self.values["t"]

    @property
    def true(self) -> int:
        return int(self.values["true"])  # 1-based, as the page counts classes

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

    @property
    def url(self) -> str:
        query = [("k", str(self.k)), *((f"z{i}", field_value(self.values[f"z{i}"])) for i in range(1, self.k + 1)),
                 ("t", field_value(self.t)), ("true", str(self.true))]
        return PATH + "?" + urlencode(query)

    @property
    def field_names(self) -> list[str]:
        return ["k", *(f"z{i}" for i in range(1, self.k + 1)), "t", "true"]


def handle(query: Mapping[str, str]) -> CalcState:
    """The calculator's state for a request: validate; `preset` (1, 2) or `action=reset` set the fields.

    Bad fields keep the user's text and an error; the numbers use the last good value (the field's default).
    """
    preset = query.get("preset")
    if preset in PRESETS or query.get("action") == "reset":
        chosen = PRESETS.get(preset, PRESETS["1"])
        values, texts, _ = parse_fields(FIELDS, {})
        values.update(chosen)
        texts.update({name: field_value(v) for name, v in chosen.items()})
        return CalcState(values, texts, {}, swap_fields=True)
    values, texts, errors = parse_fields(FIELDS, query)
    k = int(values["k"])
    if "true" not in errors and values["true"] > k:
        errors["true"] = Message("error.field.range", {"min": 1, "max": k})
        values["true"] = 1
    # The fields change shape when the request's logit fields do not match k (k was just changed).
    sent = [name for name in (f"z{i}" for i in range(1, K_MAX + 1)) if name in query]
    swap = "k" in query and "k" not in errors and len(sent) != k
    return CalcState(values, texts, errors, swap_fields=swap)


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


# ---------------------------------------------------------------- plots (Plotly specs, drawn by static/js)

GOOD_COLOR, BAD_COLOR = "#1b7837", "#b2182b"
CLASS_COLORS = ("#0b5394", "#e69138", "#6aa84f", "#8e7cc3", "#c27ba0", "#45818e")


def bars_plot(s: CalcState, t) -> dict:
    """The probabilities p_i as bars, the true class marked."""
    names = [f"{i}" for i in range(1, s.k + 1)]
    colors = [CLASS_COLORS[i] for i in range(s.k)]
    p = [float(v) for v in s.p]
    return plot(
        [{"type": "bar", "x": names, "y": p, "marker": {"color": colors}, "name": t("sm.axis.p"),
          "text": [f"{v:.3f}" for v in p], "textposition": "outside", "cliponaxis": False}],
        {"title": {"text": t("sm.bars.title")}, "showlegend": False,
         "xaxis": {"title": {"text": t("sm.axis.class")}, "type": "category"},
         "yaxis": {"title": {"text": t("sm.axis.p")}, "range": [0, 1.12]},
         "annotations": [{"x": names[s.true - 1], "y": 1.08, "text": t("sm.bars.true"), "showarrow": False,
                          "font": {"size": 14}}]},
    )


def temperature_plot(s: CalcState, t) -> dict:
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
