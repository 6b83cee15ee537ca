"""The formulas of lesson 9 as LaTeX (rendered to MathML by the `math` template global).

Only fixed text and numbers formatted by `latex_number` go into these strings, never user input.
"""

from __future__ import annotations

from app.formatting import latex_number as n

# name -> (f(z), f'(z)); relu'(0) = 0 and leaky/elu'(0) = alpha, as nnlib and PyTorch take them.
FORMULAS: dict[str, tuple[str, str]] = {
    "relu": (r"f(z) = \max(z, 0)", r"f'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}"),
    "leaky_relu": (r"f(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}",
                   r"f'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}"),
    "prelu": (r"f(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}",
              r"f'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}"),
    "silu": (r"f(z) = z \, \sigma(z)", r"f'(z) = \sigma(z)\,\bigl(1 + z\,(1 - \sigma(z))\bigr)"),
    "elu": (r"f(z) = \begin{cases} z & z > 0 \\ \alpha (e^{z} - 1) & z \le 0 \end{cases}",
            r"f'(z) = \begin{cases} 1 & z > 0 \\ \alpha e^{z} & z \le 0 \end{cases}"),
    "softplus": (r"f(z) = \ln(1 + e^{z})", r"f'(z) = \sigma(z)"),
    "sigmoid": (r"f(z) = \sigma(z) = \frac{1}{1 + e^{-z}}", r"f'(z) = \sigma(z)\,(1 - \sigma(z))"),
    "tanh": (r"f(z) = \tanh z", r"f'(z) = 1 - \tanh^2 z"),
}
ALPHA = r"\alpha"
NEURON = r"z = w_1 x_1 + w_2 x_2 + w_3 x_3 + w_4 x_4 + b, \quad y = \max(z, 0)"
DY_DW = r"\frac{\partial L}{\partial w_k} = \frac{\partial L}{\partial y} \, \mathrm{ReLU}'(z) \, x_k"
Z = "z"
Y = "y"
RELU_D = r"\mathrm{ReLU}'(z)"
DL_DZ = r"\partial L / \partial z"
PRODUCTS = r"w_1 x_1 + w_2 x_2 + w_3 x_3 + w_4 x_4 + b"


def field_label(name: str) -> str:
    """"w1" -> w_1, "b" -> b, "z" -> z, the alphas -> alpha."""
    if name.startswith("w"):
        return f"w_{name[1:]}"
    return ALPHA if name.endswith("alpha") else name


def products(x: list[float], w: list[float], b: float) -> str:
    """1.02 − 1.4 + 0.14 − 0.1: the products, each with its sign."""
    parts = [xi * wi for xi, wi in zip(x, w)] + ([b] if b != 0 else [])
    text = n(parts[0])
    for p in parts[1:]:
        text += (r" - " + n(-p)) if p < 0 else (" + " + n(p))
    return text
DL_DB = r"\partial L / \partial b"
F_Z = "f(z)"
DF_Z = "f'(z)"
X = "x"


def dl_dw(k: int) -> str:
    return rf"\partial L / \partial w_{k}"
GAMMA = r"\gamma"


def row_sum(x: list[float], w: list[float], b: float, z: float) -> str:
    """z_1 = 5.1·0.2 + 3.5·(−0.4) + ... = 1.02 − 1.4 + ... = −0.34: the slide's sum for one row."""
    terms = " + ".join(rf"{n(xi)} \cdot {n(wi, paren=True)}" for xi, wi in zip(x, w))
    bias = "" if b == 0 else rf" + {n(b, paren=True)}"
    return rf"z = {terms}{bias} = {products(x, w, b)} = {n(z)}"
