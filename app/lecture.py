"""The lecture's network (slides 6-8), which several lessons use: a 1-2-1 ReLU network that rates a fruit from one
number x, with the lecture's weights, and the sample (x = 4, y = 75).

y11 = max(w111 x + b11, 0), y12 = max(w121 x + b12, 0), y21 = max(w211 y11 + w212 y12 + b21, 0). As an nnlib
spec: layer 1 has weight (2, 1) = [[w111], [w121]] and bias (2,) = [b11, b12]; layer 2 has weight (1, 2) =
[[w211, w212]] and bias (1,) = [b21] (weights (out, in), as in PyTorch).
"""

from __future__ import annotations

from collections.abc import Mapping

WEIGHTS: dict[str, float] = {"w111": 20.0, "b11": -10.0, "w121": 40.0, "b12": -200.0,
                             "w211": 1.0, "w212": -1.0, "b21": 0.0}
SAMPLE = {"x": 4.0, "y_true": 75.0}
PARAMETERS: tuple[str, ...] = tuple(WEIGHTS)  # what a training step changes
# Where each parameter sits in the nnlib model: (dense layer index, "weight"/"bias", array index).
SLOTS: dict[str, tuple[int, str, tuple[int, ...]]] = {
    "w111": (0, "weight", (0, 0)), "w121": (0, "weight", (1, 0)), "b11": (0, "bias", (0,)), "b12": (0, "bias", (1,)),
    "w211": (1, "weight", (0, 0)), "w212": (1, "weight", (0, 1)), "b21": (1, "bias", (0,)),
}


def network_spec(p: Mapping[str, float] | object = WEIGHTS) -> dict:
    """The network as an nnlib spec, from the seven parameters (a mapping, or an object with them as attributes)."""
    get = p.__getitem__ if isinstance(p, Mapping) else (lambda name: getattr(p, name))
    return {
        "inputs": 1,
        "layers": [
            {"units": 2, "activation": "relu", "weight": [[get("w111")], [get("w121")]], "bias": [get("b11"), get("b12")]},
            {"units": 1, "activation": "relu", "weight": [[get("w211"), get("w212")]], "bias": [get("b21")]},
        ],
    }
