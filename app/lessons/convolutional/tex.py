"""Lesson 11's formulas as LaTeX (rendered to MathML by the `math` template global). Only fixed text and numbers
we format go in, never user text."""

from __future__ import annotations

from .maths import KERNEL, SIDE

CONV = r"z_{ij} = \sum_{u=1}^{3} \sum_{v=1}^{3} w_{uv} \, x_{s(i-1)+u,\; s(j-1)+v}"
SIZE = r"n_1 = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1"
POOLED = r"n_2 = \left\lfloor \frac{n_1}{q} \right\rfloor"
RESIDUAL = r"y = x + f(W x + b)"


def size(state) -> str:
    """n_1 = floor((8 + 2p - 3) / s) + 1 = n_1 with the state's numbers."""
    p, s = state.padding, state.stride
    return (rf"n_1 = \left\lfloor \frac{{{SIDE} + 2 \cdot {p} - {KERNEL}}}{{{s}}} \right\rfloor + 1"
            rf" = \left\lfloor \frac{{{SIDE + 2 * p - KERNEL}}}{{{s}}} \right\rfloor + 1 = {state.out}")


def pooled(state) -> str:
    """n_2 = floor(n_1 / q) with the state's numbers."""
    return rf"n_2 = \left\lfloor \frac{{{state.out}}}{{{state.pool}}} \right\rfloor = {state.out // state.pool}"
