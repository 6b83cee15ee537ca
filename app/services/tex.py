"""LaTeX helpers the lessons' *_tex modules share (rendered to MathML by the `math` template global).

Only our own text and numbers formatted here go into formulas, never user input.
"""

from __future__ import annotations

from app.formatting import latex_number as n

__all__ = ["n", "paren"]


def paren(v: float) -> str:
    """v as LaTeX, negatives in parentheses: for products and sums like (−10)(1) or 3 + (−2)."""
    return n(v, paren=True)
