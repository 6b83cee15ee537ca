"""One forward and backward pass on a batch, keeping every intermediate value: what lessons display."""

from __future__ import annotations

import numpy as np

from .conv import Conv2d
from .layers import Dense, Sequential
from .losses import Loss
from .module import as_batch
from .regularizers import Regularizer

ELEMENTWISE_LOSSES = {"mse", "mae", "bce", "kl_div"}


def match_target(loss: Loss, y, output_shape: tuple[int, int]) -> np.ndarray:
    """Shape y for the loss: a 1-D target of an elementwise loss on a one-unit output becomes a column."""
    y = np.asarray(y, dtype=np.float64)
    if loss.name in ELEMENTWISE_LOSSES and y.ndim == 1 and output_shape[1] == 1:
        return y[:, None]
    return y


def _layer_trace(layer: Dense | Conv2d) -> dict:
    d = {"z": layer.z, "a": layer.a, "grad_a": layer.grad_a, "grad_z": layer.grad_z,
         "grad_weight": layer.weight.grad.copy(), "grad_bias": layer.bias.grad.copy()}
    if isinstance(layer, Conv2d):
        d["type"] = "conv2d"
    return d


def trace(model: Sequential, x, y, loss: Loss, regularizer: Regularizer | None = None) -> dict:
    """Forward and backward on (x, y); gradients include the regularizer's.

    x (n, inputs), or (n, C, H, W) for an image network. Returns {"loss", "data_loss", "penalty",
    "output" (n, out), "layers": one dict per Dense or Conv2d layer of the model, in order, with "z", "a",
    "grad_a", "grad_z" (n, units) for Dense or (n, C_out, H', W') for Conv2d, "grad_weight" (the weight's
    shape), "grad_bias" (units,) or (C_out,); a Conv2d layer's dict also has "type": "conv2d"}.
    """
    weighted = [layer for layer in model.layers if isinstance(layer, (Dense, Conv2d))]
    if np.ndim(x) <= 2:
        first = weighted[0] if weighted else None
        x = as_batch(x, first.in_features if isinstance(first, Dense) else None)
    else:
        x = as_batch(x, flat=False)
    model.zero_grad()
    output = model.forward(x)
    data_loss = loss.forward(output, match_target(loss, y, output.shape))
    model.backward(loss.backward())
    params = model.parameters()
    penalty = 0.0
    if regularizer is not None:
        penalty = regularizer.penalty(params)
        regularizer.backward(params)
    return {
        "loss": data_loss + penalty,
        "data_loss": data_loss,
        "penalty": penalty,
        "output": output,
        "layers": [_layer_trace(layer) for layer in weighted],
    }
