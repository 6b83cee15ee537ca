"""Lesson 1 (slides 6-8): the lecture's 1-2-1 ReLU network, one sample, forward, loss, backward, one SGD step.

All the maths goes through nnlib: the network is built by `nnlib.spec.build`, the values and gradients come from
`nnlib.trace.trace` with the "mse" loss (for one sample, mean((y21 - y_true)^2) is the lecture's
(y_true - y21)^2), ReLU'(z) from `nnlib.activations.derivative`, and the step from nnlib's "sgd" optimizer.
This module only validates the inputs, names the numbers with the lecture's symbols and keeps the history.

Shapes: the network takes x of shape (1, 1) (one sample, one feature); layer 1 has weight (2, 1) = [[w111],
[w121]] and bias (2,) = [b11, b12]; layer 2 has weight (1, 2) = [[w211, w212]] and bias (1,) = [b21].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app import lecture
from app.formatting import number
from app.lessons.contract import Notice
from nnlib import activations, losses, optimizers
from nnlib.spec import build
from nnlib.trace import trace

LIMIT = 1e6  # |value| <= LIMIT for every weight, bias and sample value
LR_MAX = 10.0  # 0 < lr <= LR_MAX
MAX_STEPS = 500  # history bound: the URL carries one loss per step
VIEWS: tuple[str, ...] = ("forward", "backward")
CHAIN_DEFAULT = "w211"  # the lecture works this one out on slide 7
# The page's default γ is 0.001, and slide 8's point is that it is too big for this example: one step takes the
# loss from 25 to 1962.4, the next to 5625 with the output ReLU dead (z21 < 0: no gradient, no further change).
# This γ works: the first step takes the loss to 0.007 (tests/lessons/backprop/test_claims.py).
GOOD_LR = 0.0001
PARAMETERS = lecture.PARAMETERS
SLOTS = lecture.SLOTS

# The symbols the page shows, in order; each has one canonical element with data-symbol="...".
SYMBOLS: tuple[str, ...] = (
    "z11", "y11", "z12", "y12", "z21", "y21", "loss",
    "dL/dy21", "dL/dz21", "dL/dz11", "dL/dz12",
    "dL/dw111", "dL/dw121", "dL/dw211", "dL/dw212", "dL/db11", "dL/db12", "dL/db21",
)


def grouped(v: float) -> str:
    """1000000 -> "1 000 000" (narrow no-break spaces: SI style, read the same in Polish and English)."""
    return f"{v:,.0f}".replace(",", "\u202f") if float(v).is_integer() else f"{v:g}"


def limit_text(v: float) -> str:
    return grouped(v).replace("-", "\u2212")


def parse_history(text: str | None) -> list[float]:
    """The losses before each step so far ("25,1962.4"); anything malformed starts a fresh history."""
    if not text:
        return []
    try:
        hist = [float(part) for part in text.split(",")]
    except ValueError:
        return []
    if len(hist) > MAX_STEPS or not all(math.isfinite(v) and v >= 0 for v in hist):
        return []
    return hist


def _model_and_trace(p):
    model = build(lecture.network_spec(p), np.random.default_rng(0))  # every weight is given: the rng draws nothing
    with np.errstate(all="ignore"):  # overflow shows up as a non-finite value, reported on the page
        tr = trace(model, np.array([[p.x]]), np.array([[p.y_true]]), losses.make("mse"))
    return model, tr


@dataclass(frozen=True)
class Factor:
    """One factor of a chain-rule product: its LaTeX, what it equals, its value, and why it is 0 (if it is)."""

    latex: str
    meaning: str  # LaTeX of what the factor equals, e.g. "y_{11}" or "\mathrm{ReLU}'(z_{21})"
    value: float
    zero: Notice | None = None  # message explaining a zero factor


@dataclass(frozen=True)
class Chain:
    param: str
    factors: tuple[Factor, ...]
    grad: float  # dL/dparam from nnlib's trace


def sub(symbol: str) -> str:
    """"w211" -> "w₂₁₁": lecture symbols with subscript digits for plain text and SVG."""
    head = symbol.rstrip("0123456789")
    return head + symbol[len(head):].translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def tex(symbol: str) -> str:
    """"w211" -> "w_{211}"; "y_true" -> "y_{\\text{true}}"."""
    if symbol == "y_true":
        return r"y_{\text{true}}"
    head = symbol.rstrip("0123456789")
    return f"{head}_{{{symbol[len(head):]}}}" if head != symbol else symbol


def d(num: str, den: str) -> str:
    """LaTeX of the partial derivative d num / d den."""
    return rf"\frac{{\partial {tex(num)}}}{{\partial {tex(den)}}}"


def _relu_zero(neuron: str, z: float) -> Notice:
    """Why ReLU'(z) is 0: the neuron is off (z < 0), or z is exactly 0 where we take 0 as PyTorch does."""
    key = "chain.zero.relu_at_zero" if z == 0 else "chain.zero.relu_off"
    return Notice(key, {"z": sub("z" + neuron), "value": number(z) or "?"})


def chain(param: str, p, tr: dict) -> Chain:
    """The factors of dL/dparam along the path from the loss back to `param`.

    Every number comes from the trace: dL/dy21 = grad_a of layer 2; ReLU'(z) from nnlib at the traced z;
    dz21/dy1j = w21j; dz21/dw21j = y1j (the traced a of layer 1); dz1j/dw1j1 = x; dz/db = 1.
    """
    l1, l2 = tr["layers"]
    z21 = float(l2["z"][0, 0])
    relu21 = float(activations.derivative("relu", l2["z"])[0, 0])
    dl_dy21 = float(l2["grad_a"][0, 0])
    factors = [
        Factor(d("L", "y21"), r"2(y_{21} - y_{\text{true}})", dl_dy21,
               Notice("chain.zero.exact") if dl_dy21 == 0 else None),
        Factor(d("y21", "z21"), r"\mathrm{ReLU}'(z_{21})", relu21,
               _relu_zero("21", z21) if relu21 == 0 else None),
    ]
    if param in ("w211", "w212", "b21"):
        if param == "b21":
            factors.append(Factor(d("z21", "b21"), "1", 1.0))
        else:
            j = int(param[-1]) - 1
            y1j = float(l1["a"][0, j])
            factors.append(Factor(d("z21", param), tex(f"y1{j + 1}"), y1j,
                                  Notice("chain.zero.input", {"input": sub(f"y1{j + 1}"), "weight": sub(param)})
                                  if y1j == 0 else None))
    else:
        j = int(param[2])  # w1j1 / b1j -> neuron 1j
        w21j = getattr(p, f"w21{j}")
        z1j = float(l1["z"][0, j - 1])
        relu1j = float(activations.derivative("relu", l1["z"])[0, j - 1])
        factors.append(Factor(d("z21", f"y1{j}"), tex(f"w21{j}"), w21j,
                              Notice("chain.zero.weight", {"weight": sub(f"w21{j}"), "neuron": f"1{j}"})
                              if w21j == 0 else None))
        factors.append(Factor(d(f"y1{j}", f"z1{j}"), rf"\mathrm{{ReLU}}'(z_{{1{j}}})", relu1j,
                              _relu_zero(f"1{j}", z1j) if relu1j == 0 else None))
        if param.startswith("b"):
            factors.append(Factor(d(f"z1{j}", param), "1", 1.0))
        else:
            factors.append(Factor(d(f"z1{j}", param), "x", p.x,
                                  Notice("chain.zero.input", {"input": "x", "weight": sub(param)})
                                  if p.x == 0 else None))
    layer, kind, index = SLOTS[param]
    grad = float(tr["layers"][layer]["grad_" + kind][index])
    return Chain(param, tuple(factors), grad)


def values_of(tr: dict) -> dict[str, float]:
    """The lecture's symbols -> numbers, read from nnlib's trace."""
    l1, l2 = tr["layers"]
    v = {
        "z11": l1["z"][0, 0], "y11": l1["a"][0, 0], "z12": l1["z"][0, 1], "y12": l1["a"][0, 1],
        "z21": l2["z"][0, 0], "y21": l2["a"][0, 0], "loss": tr["loss"],
        "dL/dy21": l2["grad_a"][0, 0], "dL/dz21": l2["grad_z"][0, 0],
        "dL/dz11": l1["grad_z"][0, 0], "dL/dz12": l1["grad_z"][0, 1],
        "dL/dy11": l1["grad_a"][0, 0], "dL/dy12": l1["grad_a"][0, 1],
    }
    for name, (layer, kind, index) in SLOTS.items():
        v["dL/d" + name] = tr["layers"][layer]["grad_" + kind][index]
    return {k: float(x) for k, x in v.items()}


def sgd_step(p) -> dict[str, float]:
    """New parameters after one step w <- w - lr * dL/dw, done by nnlib's "sgd" optimizer on the model."""
    model, _ = _model_and_trace(p)
    opt = optimizers.make("sgd", model.parameters(), p.lr)
    with np.errstate(all="ignore"):
        opt.step()
    dense = model.dense_layers()
    return {name: float(getattr(dense[layer], kind).data[index]) for name, (layer, kind, index) in SLOTS.items()}


@dataclass
class BackpropView:
    """Everything the page shows for one request. `inputs` is the lesson's state (app.lessons.backprop.state)."""

    inputs: object
    texts: dict[str, str]  # what each field shows (the user's text where it was bad)
    errors: dict  # field -> app.lessons.contract.FieldError
    values: dict[str, float]
    relu: dict[str, float]  # ReLU'(z) of neurons "11", "12", "21" (nnlib's derivative at the traced z)
    chain: Chain
    history: list[float]  # loss before each step done so far
    view: str
    param: str
    last_step: list[tuple[str, float, float]] | None = None  # (name, old, new) after a step
    last_loss: tuple[float, float] | None = None  # (old, new) after a step
    notice: Notice | None = None  # why a step was not applied

    @property
    def output_dead(self) -> bool:
        """The output ReLU is off (z21 < 0): it outputs 0 and passes no gradient, so no step changes anything."""
        return self.values["z21"] < 0

    @property
    def finite(self) -> bool:
        return all(math.isfinite(v) for v in self.values.values())

    @property
    def losses(self) -> list[float]:
        """Loss at step 0, 1, ...: the history and the current loss."""
        return [*self.history, self.values["loss"]]

    def next_value(self, name: str) -> float:
        """The parameter after the next step (what Step would set)."""
        return getattr(self.inputs, name) - self.inputs.lr * self.values["dL/d" + name]

    @property
    def hist_text(self) -> str:
        """The history as the form and the URL carry it."""
        return ",".join(f"{v:.10g}" for v in self.history)



def evaluate(inputs, history: list[float], view: str, param: str) -> BackpropView:
    _, tr = _model_and_trace(inputs)
    l1, l2 = tr["layers"]
    relu1, relu2 = activations.derivative("relu", l1["z"]), activations.derivative("relu", l2["z"])
    relu = {"11": float(relu1[0, 0]), "12": float(relu1[0, 1]), "21": float(relu2[0, 0])}
    return BackpropView(inputs, {}, {}, values_of(tr), relu, chain(param, inputs, tr), history, view, param)


def step(state: BackpropView) -> BackpropView:
    """Apply one SGD step to the state's parameters, unless the history is full or the step would diverge."""
    if len(state.history) >= MAX_STEPS:
        state.notice = Notice("step.limit", {"max": MAX_STEPS})
        return state
    new = sgd_step(state.inputs)
    for name in PARAMETERS:
        if not (math.isfinite(new[name]) and abs(new[name]) <= LIMIT):
            state.notice = Notice("step.diverged", {"param": sub(name), "limit": limit_text(LIMIT)})
            return state
    after = evaluate(state.inputs.model_copy(update={**new, "hist": ",".join(
        f"{v:.10g}" for v in [*state.history, state.values["loss"]])}), [*state.history, state.values["loss"]],
        state.view, state.param)
    after.last_step = [(name, getattr(state.inputs, name), new[name]) for name in PARAMETERS]
    after.last_loss = (state.values["loss"], after.values["loss"])
    return after
