"""What training costs, estimated before it starts: seconds of one update and of one evaluation, from the size
of the network and the batch, and the memory a run holds.

The model is linear in what the work is made of: a fixed cost per update and per layer (Python and NumPy call
overhead), the multiply-adds of the dense layers (batch x sum of in x out), the elementwise work per unit
(activations, dropout, batch normalization: batch x units), and the optimizer's work per parameter. The
coefficients were fitted on the 2-core development machine with one BLAS thread (benchmarks/calibrate_cost.py
prints a fresh fit and how well these ones predict) and rounded up: an estimate may be pessimistic, rarely
optimistic. They serve to refuse a request whose work would exceed the per-request ceiling (422 naming the
largest allowed value) and to size a stream's chunks before the run has measured itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# seconds: per update, per layer, per layer with batch normalization, per multiply-add, per unit and sample,
# per unit and sample with batch normalization or dropout, per parameter (optimizer)
UPDATE = 9e-5
LAYER = 3.5e-5
LAYER_BN = 7.5e-5
MAC = 2.0e-10
UNIT = 2.2e-8
UNIT_EXTRA = 2.5e-8
PARAM = 3.0e-8
# an evaluation (forward only, in eval mode): per call, per layer, per multiply-add, per unit and row
EVAL = 1.2e-4
EVAL_LAYER = 2.0e-5
EVAL_MAC = 6.5e-11
EVAL_UNIT = 1.1e-8

# an answer: per number written as JSON (a run's state carries every weight and data point)
JSON_VALUE = 4e-6

BYTES = 8  # float64


@dataclass(frozen=True)
class Shape:
    """The size of a network as the cost model sees it, per sample: multiply-adds of a forward pass, numbers its
    layers output (activations), weighted layers, parameters."""

    macs: int
    units: int
    layers: int
    parameters: int
    batchnorm: bool = False
    dropout: bool = False

    @classmethod
    def dense(cls, widths, batchnorm: bool = False, dropout: bool = False) -> Shape:
        """A dense network of these widths: inputs, each hidden layer's units, outputs."""
        widths = tuple(widths)
        macs = sum(a * b for a, b in zip(widths, widths[1:]))
        return cls(macs, sum(widths[1:]), len(widths) - 1, macs + sum(widths[1:]), batchnorm, dropout)

    @property
    def values(self) -> int:
        """Numbers one sample's activations take, its inputs included (the working memory of a batch)."""
        return self.units


def shape_of(model, sample: np.ndarray, batchnorm: bool = False, dropout: bool = False) -> Shape:
    """The Shape of any nnlib network, measured by one forward pass of `sample` (one input, batch of 1): dense,
    convolution, pooling, residual and attention layers count their multiply-adds and outputs."""
    from nnlib.attention import SelfAttention
    from nnlib.conv import Conv2d
    from nnlib.layers import Dense
    from nnlib.residual import Residual

    model.eval()
    try:
        with np.errstate(all="ignore"):
            model.forward(sample[None] if sample.ndim else sample)
    finally:
        model.train()
    macs = units = layers = 0

    def walk(mods) -> None:
        nonlocal macs, units, layers
        for m in mods:
            if isinstance(m, Residual):
                walk(m.inner.layers)
            elif isinstance(m, Dense):
                positions = m.z.size // m.out_features
                macs += positions * m.in_features * m.out_features
                units += m.z.size
                layers += 1
            elif isinstance(m, Conv2d):
                kh, kw = m.kernel_size
                macs += m.z.size * m.in_channels * kh * kw
                units += m.z.size
                layers += 1
            elif isinstance(m, SelfAttention):
                t = m.x.shape[1]
                macs += t * m.d_model * (2 * m.d_k + m.d_v) + t * t * (m.d_k + m.d_v)
                units += t * (2 * m.d_k + m.d_v) + t * t
                layers += 1

    walk(model.layers)
    model.clear_cache()
    params = sum(p.data.size for p in model.parameters())
    return Shape(int(macs), int(units + sample.size), max(layers, 1), int(params), batchnorm, dropout)


def update_seconds(shape: Shape, batch: int) -> float:
    """Estimated seconds of one training update on a batch of `batch` samples."""
    extra = shape.batchnorm or shape.dropout
    return (UPDATE + LAYER * shape.layers + (LAYER_BN * shape.layers if shape.batchnorm else 0.0)
            + MAC * batch * shape.macs + (UNIT + (UNIT_EXTRA if extra else 0.0)) * batch * shape.units
            + PARAM * shape.parameters)


def eval_seconds(shape: Shape, rows: int) -> float:
    """Estimated seconds of one forward pass in eval mode over `rows` samples."""
    if rows <= 0:
        return 0.0
    return EVAL + EVAL_LAYER * shape.layers + EVAL_MAC * rows * shape.macs + EVAL_UNIT * rows * shape.units


def updates_within(seconds: float, per_update: float, fixed: float = 0.0) -> int:
    """The most updates that fit in `seconds`, after a fixed cost (at least 0)."""
    return max(0, math.floor((seconds - fixed) / per_update)) if per_update > 0 else 0


def activation_values(shape: Shape, batch: int) -> int:
    """Numbers one batch's activations take: batch x (inputs + every layer's outputs)."""
    return batch * shape.values
