"""Lesson 8's formulas as LaTeX (rendered to MathML by the `math` template global).

Only fixed text and numbers formatted by `latex_number` go in, never user text.
"""

from __future__ import annotations

from app.formatting import latex_number as n

from .maths import Calc, Example

SOFTMAX = r"\sigma(y)_i = \frac{e^{y_i}}{\sum_{j=1}^{N} e^{y_j}}"
TEMPERATURE = r"p_i = \sigma(z / T)_i = \frac{e^{z_i / T}}{\sum_{j=1}^{k} e^{z_j / T}}"
CROSS_ENTROPY = r"L = -\log p_{\text{true}}"


def example(e: Example, i: int) -> str:
    """sigma([0.02, 0.6])_1 = e^0.02 / (e^0.02 + e^0.6) ≈ 0.36 (i = 0 or 1), as slide 51 writes it."""
    a, b = n(e.y[0]), n(e.y[1])
    top = (a, b)[i]
    return (rf"\sigma([{a}, {b}])_{i + 1} = \frac{{e^{{{top}}}}}{{e^{{{a}}} + e^{{{b}}}}}"
            rf" \approx {n(e.lecture[i])}")


def cross_entropy(s: Calc) -> str:
    """L = -log p_true = -log(p) = value, with the true class's index."""
    p = float(s.p[s.true - 1])
    return rf"L = -\log p_{{{s.true}}} = -\log({n(p)}) = {n(s.ce)}"
