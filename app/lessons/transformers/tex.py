"""Lesson 12's formulas as LaTeX (rendered to MathML by the `math` template global).

Only our own text and numbers formatted by `latex_number` go in, never user text.
"""

from __future__ import annotations

from app.formatting import latex_number

from .maths import D, RowMaths

ATTENTION = r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{Q K^{T}}{\sqrt{d_k}}\right) V"
PROJECTIONS = r"Q = X W_Q^{T}, \quad K = X W_K^{T}, \quad V = X W_V^{T}"
UNSCALED = r"\mathrm{softmax}\left(Q K^{T}\right) V"


def n(v: float) -> str:
    return latex_number(round(float(v), 3))


def vector(values) -> str:
    return r"\left(" + ", ".join(n(v) for v in values) + r"\right)"


def row(r: RowMaths, scale: bool, i: int) -> list[str]:
    """The numbers of query row i (1-based): q_i, its scores, its weights and its output."""
    div = rf"/ \sqrt{{{D}}}" if scale else ""
    scores = [r"-\infty" if c["masked"] else n(c["score"]) for c in r.rows]
    return [
        rf"q_{{{i}}} = {vector(r.q)}",
        rf"s_{{{i}}} = q_{{{i}}} K^{{T}} {div} = \left(" + ", ".join(scores) + r"\right)",
        rf"a_{{{i}}} = \mathrm{{softmax}}(s_{{{i}}}) = {vector(c['weight'] for c in r.rows)}",
        rf"\mathrm{{out}}_{{{i}}} = a_{{{i}}} V = \sum_j a_{{{i}j}} v_j = {vector(r.output)}",
    ]
