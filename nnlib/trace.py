"""One forward and backward pass on a batch, keeping every intermediate value: what lessons display."""

from __future__ import annotations

import numpy as np

from .layers import Sequential
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


def trace(model: Sequential, x, y, loss: Loss, regularizer: Regularizer | None = None) -> dict:
    """Forward and backward on (x, y); gradients include the regularizer's.

    x (n, inputs). Returns {"loss", "data_loss", "penalty", "output" (n, out), "layers": one dict per Dense
    layer with "z", "a", "grad_a", "grad_z" (n, units), "grad_weight" (units, in), "grad_bias" (units,)}.
    """
    x = as_batch(x, model.dense_layers()[0].in_features if model.dense_layers() else None)
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
        "layers": [
            {"z": d.z, "a": d.a, "grad_a": d.grad_a, "grad_z": d.grad_z,
             "grad_weight": d.weight.grad.copy(), "grad_bias": d.bias.grad.copy()}
            for d in model.dense_layers()
        ],
    }
