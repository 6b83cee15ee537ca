"""A run's training and validation loss curves, what they tell (the best epoch, the generalization gap), and
their plot: what the lessons on regularization (6) and overfitting (7) show of their live runs.

Read-only functions of a Run; `curves` takes the run's lock itself. The plot's texts are the catalog's
"curves.*" messages (app/messages/curves.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.formatting import number
from app.plots import plot

from .run import Run


@dataclass(frozen=True)
class Curves:
    """A run's training loss per update and its validation loss where it was recorded.

    steps, train: the training loss of each update, at the update count of the weights it was measured on;
    val_steps, val: the validation loss (eval mode) after those updates.
    """

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
        """The generalization gap now: the last validation loss minus the last training loss."""
        if not self.val or not self.train:
            return None
        return self.val[-1] - self.train[-1]


EMPTY = Curves([], [], [], [])


def curves(run: Run) -> Curves:
    """The run's curves. The training loss of update s is measured before that update (on the weights after
    s - 1 updates), so it is drawn at s - 1, beside the validation loss of the same weights."""
    with run.lock:
        h = run.history()
    pairs = [(s - 1, v) for s, v in zip(h["step"], h["loss"]) if v is not None and math.isfinite(v)]
    vals = [(s, v) for s, v in zip(h["val_step"], h["val_loss"]) if v is not None and math.isfinite(v)]
    return Curves([s for s, _ in pairs], [v for _, v in pairs], [s for s, _ in vals], [v for _, v in vals])


def fmt(v: float | None) -> str:
    """A number of a run's view as the page shows it; "–" for none (nothing trained yet, or not finite)."""
    return "–" if v is None else (number(v) or "–")


def curves_plot(c: Curves, t, compare: Curves | None = None, train_label: str | None = None) -> dict:
    """Training and validation loss against the epoch, the best epoch marked; a previous run's curves faded.
    `train_label` names the training curve (default: "training")."""
    data = []
    if compare is not None:
        data += [
            {"type": "scatter", "mode": "lines", "x": compare.steps, "y": compare.train,
             "name": t("curves.prev_train"), "line": {"width": 2, "color": "#9fb7d3", "dash": "dot"}},
            {"type": "scatter", "mode": "lines", "x": compare.val_steps, "y": compare.val,
             "name": t("curves.prev_val"), "line": {"width": 2, "color": "#f3b6a0", "dash": "dot"}},
        ]
    data += [
        {"type": "scatter", "mode": "lines", "x": c.steps, "y": c.train, "name": train_label or t("curves.train"),
         "line": {"width": 3, "color": "#0b5394"}},
        {"type": "scatter", "mode": "lines", "x": c.val_steps, "y": c.val, "name": t("curves.val"),
         "line": {"width": 3, "color": "#cc4125"}},
    ]
    shapes = []
    if c.best is not None:
        step, loss = c.best
        data.append({"type": "scatter", "mode": "markers", "x": [step], "y": [loss], "name": t("curves.best"),
                     "marker": {"size": 14, "symbol": "star", "color": "#111111"}})
        shapes.append({"type": "line", "x0": step, "x1": step, "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"color": "#111111", "dash": "dot", "width": 2}})
    return plot(data, {"title": {"text": t("curves.title")}, "shapes": shapes,
                       "xaxis": {"title": {"text": t("curves.axis.epoch")}, "rangemode": "tozero"},
                       "yaxis": {"title": {"text": t("curves.axis.loss")}, "rangemode": "tozero"}}, height=430)
