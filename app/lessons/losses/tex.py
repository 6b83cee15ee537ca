"""The formulas of lesson 10 with the chosen numbers substituted (LaTeX for the `math` template global).

Only our own text and numbers formatted by `latex_number` go in. The value after "=" is nnlib's.
"""

from __future__ import annotations

import math

from app.services.tex import n, paren

from .maths import Eval, Wrong


def substituted(name: str, v: dict, e: Eval) -> str:
    """The panel's formula at its chosen point, ending in nnlib's value of the loss."""
    if name == "mse":
        body = rf"({n(v['mse_x'])} - {paren(v['mse_y'])})^2"
    elif name == "mae":
        body = rf"|{n(v['mae_x'])} - {paren(v['mae_y'])}|"
    elif name == "bce":
        x, y = v["bce_x"], v["bce_y"]
        body = rf"-{paren(y)} \log({n(x)}) - (1 - {paren(y)}) \log(1 - {paren(x)})"
    elif name == "cross_entropy":
        z = {1: v["ce_x"], 2: v["ce_z2"]}
        c = int(v["ce_t"])
        body = rf"-\log \frac{{e^{{{n(z[c])}}}}}{{e^{{{n(z[1])}}} + e^{{{n(z[2])}}}}}"
    elif name == "margin_ranking":
        body = rf"\max(0,\ -{paren(v['mr_y'])} ({n(v['mr_x'])} - {paren(v['mr_x2'])}) + {paren(v['mr_m'])})"
    else:  # kl_div over the two classes, x = (ln q, ln(1 - q))
        q, y = v["kl_x"], v["kl_y"]
        body = (rf"{paren(y)} (\log({n(y)}) - {paren(math.log(q))}) + {paren(1 - y)} (\log({n(1 - y)}) - "
                rf"{paren(math.log1p(-q))})")
    return rf"L = {body} = {n(e.loss)}"


def grad_symbols(name: str) -> tuple[str, ...]:
    """LaTeX names of the gradient's components, in nnlib's order."""
    return {"mse": (r"\partial L / \partial x",), "mae": (r"\partial L / \partial x",),
            "bce": (r"\partial L / \partial x",), "cross_entropy": (r"\partial L / \partial z_1", r"\partial L / \partial z_2"),
            "margin_ranking": (r"\partial L / \partial x_1", r"\partial L / \partial x_2"),
            "kl_div": (r"\partial L / \partial x_1", r"\partial L / \partial x_2")}[name]


SIGMOID = r"p = \sigma(z) = \frac{1}{1 + e^{-z}}"
CHAIN = r"\frac{\partial L}{\partial z} = \frac{\partial L}{\partial p} \cdot \sigma'(z)"
MEAN = r"L = \frac{1}{n} \sum_{i=1}^{n} \ell(x_i, y_i)"


def wrong_z(w: Wrong) -> str:
    return rf"z = \ln \frac{{p}}{{1 - p}} = {n(w.z)}"

LABELS = {"mse_y": "y", "mse_x": "x", "mae_y": "y", "mae_x": "x", "bce_y": "y", "bce_x": "x", "ce_t": "c",
          "ce_z2": "z_2", "ce_x": "z_1", "mr_y": "y", "mr_m": "m", "mr_x2": "x_2", "mr_x": "x_1", "kl_y": "y_1",
          "kl_x": "q", "wrong_p": "p", "live_lr": r"\gamma"}
