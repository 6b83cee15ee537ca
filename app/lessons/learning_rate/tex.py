"""The formulas of lesson 3 as LaTeX (rendered to MathML by the `math` template global).

Only our own text and numbers formatted by `latex_number` go in, never user text.
"""

from __future__ import annotations

from app.formatting import latex_number as n

from .maths import Path

# Slide 14: plain gradient descent; slide 16: momentum and decay (the lecture's symbols: gamma, mu, d).
UPDATE = r"w(n+1) = w(n) - \gamma \frac{\partial L}{\partial w}"
MOMENTUM_V = r"v(n) = \mu\, v(n-1) - \gamma \frac{\partial L}{\partial w}"
MOMENTUM_W = r"w(n+1) = w(n) + v(n)"
DECAY = r"\gamma(n) = \gamma_0\, e^{-d n}"
TYPICAL = r"0.001 \le \gamma \le 0.1"

# Standard material, not on the slides: the adaptive optimizers as nnlib implements them (g = dL/dw, per weight).
ADAGRAD = r"G \leftarrow G + g^2,\quad w \leftarrow w - \frac{\gamma\, g}{\sqrt{G} + 10^{-10}}"
RMSPROP = r"S \leftarrow 0.99\, S + 0.01\, g^2,\quad w \leftarrow w - \frac{\gamma\, g}{\sqrt{S} + 10^{-8}}"
ADAM = (r"m \leftarrow 0.9\, m + 0.1\, g,\quad s \leftarrow 0.999\, s + 0.001\, g^2,\quad "
        r"w \leftarrow w - \gamma \frac{m / (1 - 0.9^t)}{\sqrt{s / (1 - 0.999^t)} + 10^{-8}}")
ADAPTIVE = (("adagrad", ADAGRAD), ("rmsprop", RMSPROP), ("adam", ADAM))

SYMBOL = {"lr": r"\gamma", "mu": r"\mu", "decay": "d", "w1": r"w_1(0)", "w2": r"w_2(0)", "steps": "N"}


def label(name: str) -> str:
    """LaTeX label of a field: gamma for every optimizer's lr, gamma_0 for the live run's, mu, d, the start."""
    if name == "live_lr":
        return r"\gamma_0"
    if name == "live_decay":
        return "d"
    return r"\gamma" if name.startswith("lr_") else SYMBOL.get(name, name)


def pair(v: tuple[float, float]) -> str:
    return rf"({n(v[0])},\ {n(v[1])})"


def momentum_rows(path: Path, mu: float, count: int = 3) -> list[tuple[int, str, str]]:
    """The first `count` momentum updates with the numbers: v(n) = mu v(n-1) - gamma g, w(n+1) = w(n) + v(n).

    path.velocity[k] is the lecture's v(k) (after update k + 1), path.grads[k] the gradient at w(k); v(-1) = 0.
    """
    rows = []
    for k in range(min(count, len(path.velocity))):
        prev = path.velocity[k - 1] if k else (0.0, 0.0)
        lr = path.lrs[k]
        rows.append((k,
                     rf"v({k}) = {n(mu)} \cdot {pair(prev)} - {n(lr)} \cdot {pair(path.grads[k])} = "
                     rf"{pair(path.velocity[k])}",
                     rf"w({k + 1}) = {pair(path.points[k])} + {pair(path.velocity[k])} = {pair(path.points[k + 1])}"))
    return rows
