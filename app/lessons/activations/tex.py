"""The formulas of lesson 9 as LaTeX (rendered to MathML by the `math` template global).

Only fixed text and numbers formatted by `latex_number` go into these strings, never user input. The gallery
writes the functions of x, as the lecture does (slide 55: ReLU(x) = max(x, 0)); in the neuron, x = z.
"""

from __future__ import annotations

from app.formatting import latex_number as n
from app.formatting import number

# name -> (f(x), f'(x)); relu'(0) = 0 and leaky/elu'(0) = alpha, as nnlib and PyTorch take them.
FORMULAS: dict[str, tuple[str, str]] = {
    "relu": (r"f(x) = \max(x, 0)", r"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"),
    "leaky_relu": (r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
                   r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}"),
    "prelu": (r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}",
              r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha & x \le 0 \end{cases}"),
    "silu": (r"f(x) = x \, \sigma(x)", r"f'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)"),
    "elu": (r"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
            r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}"),
    "softplus": (r"f(x) = \ln(1 + e^{x})", r"f'(x) = \sigma(x)"),
    "sigmoid": (r"f(x) = \sigma(x) = \frac{1}{1 + e^{-x}}", r"f'(x) = \sigma(x)\,(1 - \sigma(x))"),
    "tanh": (r"f(x) = \tanh x", r"f'(x) = 1 - \tanh^2 x"),
}
ALPHA = r"\alpha"
GAMMA = r"\gamma"
NEURON = r"z = w_1 x_1 + w_2 x_2 + w_3 x_3 + w_4 x_4 + b, \quad y = \max(z, 0)"
DY_DW = r"\frac{\partial L}{\partial w_k} = \frac{\partial L}{\partial y} \, \mathrm{ReLU}'(z) \, x_k"
Z = "z"
Y = "y"
X_ROW = r"[x_1, x_2, x_3, x_4]"
F_X = "f(x)"
DF_X = "f'(x)"
RELU_D = r"\mathrm{ReLU}'(z)"
DL_DZ = r"\partial L / \partial z"
DL_DB = r"\partial L / \partial b"
PRODUCTS = r"w_1 x_1 + w_2 x_2 + w_3 x_3 + w_4 x_4 + b"
W_TEXT = ("w₁", "w₂", "w₃", "w₄")  # in text that an answer swaps (MathML is slower to lay out)


def field_label(name: str) -> str:
    """"w1" -> w_1, "b" -> b, "x" -> x, the alphas -> alpha, "live_lr" -> gamma."""
    if name.startswith("w"):
        return f"w_{name[1:]}"
    if name == "live_lr":
        return GAMMA
    return ALPHA if name.endswith("alpha") else name


def dl_dw(k: int) -> str:
    return rf"\partial L / \partial w_{k}"


def products(x: list[float], w: list[float], b: float) -> str:
    """1.02 − 1.4 + 0.14 − 0.1: the products, each with its sign."""
    parts = [xi * wi for xi, wi in zip(x, w)] + ([b] if b != 0 else [])
    text = n(parts[0])
    for p in parts[1:]:
        text += (r" - " + n(-p)) if p < 0 else (" + " + n(p))
    return text


def products_text(x: list[float], w: list[float], b: float) -> str:
    """The same as plain text with true minus signs ("1.02 − 1.4 + 0.14 − 0.1")."""
    parts = [xi * wi for xi, wi in zip(x, w)] + ([b] if b != 0 else [])
    text = number(parts[0]) or "?"
    for p in parts[1:]:
        text += f" \u2212 {number(-p)}" if p < 0 else f" + {number(p)}"
    return text


def row_sum(x: list[float], w: list[float], b: float, z: float) -> str:
    """z_1 = 5.1·0.2 + 3.5·(−0.4) + ... = 1.02 − 1.4 + ... = −0.34: the slide's sum for one row."""
    terms = " + ".join(rf"{n(xi)} \cdot {n(wi, paren=True)}" for xi, wi in zip(x, w))
    bias = "" if b == 0 else rf" + {n(b, paren=True)}"
    return rf"z = {terms}{bias} = {products(x, w, b)} = {n(z)}"
