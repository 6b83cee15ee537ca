"""The formulas of lesson 5 as LaTeX (rendered to MathML by the `math` template global).

Only fixed text and numbers formatted by `latex_number` go into these strings, never user input.
"""

from __future__ import annotations

import math

from app.services.tex import n, paren

FAN_IN = r"\text{fan}_\text{in}"
FAN_OUT = r"\text{fan}_\text{out}"
FAN_AVG = r"\text{fan}_\text{avg}"

CHAIN = r"y_i = \max(w \, y_{i-1} + b, 0), \quad y_0 = x"
CHAIN_BACK = (r"\frac{\partial y_n}{\partial z_i} = \mathrm{ReLU}'(z_i) \, w \, \frac{\partial y_n}{\partial z_{i+1}},"
              r" \quad \frac{\partial y_n}{\partial w_i} = \frac{\partial y_n}{\partial z_i} \, y_{i-1}")
CHAIN_LABEL = r"y = \max(w x + b, 0)"
NORMALIZE = r"\hat{x} = \frac{x - \min}{\max - \min}"
STANDARDIZE = r"\hat{x} = \frac{x - \mu}{\sigma}"
FAN_AVG_DEF = rf"{FAN_AVG} = \frac{{{FAN_IN} + {FAN_OUT}}}{{2}}"

# (initializer id, LaTeX of its distribution): the lecture's formulas (slide 29), He uniform as the standard.
INIT_FORMULAS: dict[str, str] = {
    "normal_001": r"w \sim \mathcal{N}(0, \sigma = 0.01)",
    "normal_1": r"w \sim \mathcal{N}(0, \sigma = 1)",
    "xavier_normal": rf"w \sim \mathcal{{N}}\left(0, \sigma = \sqrt{{1 / {FAN_AVG}}}\right)",
    "xavier_uniform": rf"w \sim \mathcal{{U}}\left(\pm\sqrt{{3 / {FAN_AVG}}}\right)",
    "he_normal": rf"w \sim \mathcal{{N}}\left(0, \sigma = \sqrt{{2 / {FAN_IN}}}\right)",
    "he_uniform": (rf"w \sim \mathcal{{U}}\left(\pm\sqrt{{6 / {FAN_IN}}}\right)"
                   rf" = \mathcal{{U}}\left(\pm\sqrt{{3 \cdot 2 / {FAN_IN}}}\right)"),
}
HE_SLIDE = rf"\pm\sqrt{{6 / {FAN_AVG}}}"
HE_STANDARD = rf"\pm\sqrt{{6 / {FAN_IN}}}"
XAVIER_STD = rf"\sqrt{{1 / {FAN_AVG}}}"
XAVIER_BOUND = rf"\sqrt{{3 / {FAN_AVG}}}"
HE_STD = rf"\sqrt{{2 / {FAN_IN}}}"


def chain_row(w: float, b: float, prev: float | None, x: float, i: int) -> str:
    """y_i = max(w · y_(i-1) + b, 0) with the numbers; y_0 is x."""
    if not all(math.isfinite(v) for v in (w, b, x if prev is None else prev)):
        return rf"y_{{{i}}}"
    inp = n(x, paren=True) if prev is None else paren(prev)
    return rf"y_{{{i}}} = \max({n(w)} \cdot {inp} + {paren(b)}, 0)"


def chain_label(w: float, b: float) -> str:
    """y = max(20x - 10, 0) as the slide writes it (b = 0 left out)."""
    if b == 0:
        return rf"y = \max({n(w)} x, 0)"
    sign = "-" if b < 0 else "+"
    return rf"y = \max({n(w)} x {sign} {n(abs(b))}, 0)"


MU = r"\mu"
SIGMA = r"\sigma"
GAMMA = r"\gamma"
Y_I = "y_i"
Y_N = "y_n"
D_Z = r"\partial y_n / \partial z_i"
D_W = r"\partial y_n / \partial w_i"
D_X = r"\partial y_n / \partial x"
