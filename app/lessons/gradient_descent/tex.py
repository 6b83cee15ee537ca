"""Lesson 2's formulas as LaTeX (rendered to MathML by the `math` template global). Only our own text and
numbers formatted by `latex_number` go into them, never user input."""

from __future__ import annotations

from app.formatting import latex_number as n

from .hazard import HAZARD_A

UPDATE = r"w(n+1) = w(n) - \gamma \, \frac{\partial L}{\partial w}"
LOSS = r"L = \frac{1}{|B|} \sum_{i \in B} \left(y_{\text{true},i} - y_{21,i}\right)^2"
UPDATES_PER_EPOCH = r"\text{updates per epoch} = \left\lceil \frac{m}{|B|} \right\rceil"
UPDATES_PER_EPOCH_PL = r"\text{aktualizacje na epokę} = \left\lceil \frac{m}{|B|} \right\rceil"
COS = r"\cos\theta = \frac{g_B \cdot g}{\lVert g_B \rVert \, \lVert g \rVert}"
MOMENTUM = r"v(n) = \mu\, v(n-1) - \gamma \nabla f,\quad w(n+1) = w(n) + v(n)"
SURFACE = rf"f(w_1, w_2) = (w_1^2 - 1)^2 + {n(HAZARD_A)}\, w_1 + w_2^2"


def mean_loss(total: float, m: int, value: float) -> str:
    """L = (sum of the per-sample losses) / m = value."""
    return rf"L = \frac{{{n(total)}}}{{{m}}} \approx {n(round(value, 4))}"
