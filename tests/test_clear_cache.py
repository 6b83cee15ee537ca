"""Module.clear_cache drops what forward and backward cached (batch-sized arrays), for every layer type, so a live
run that waits between chunks holds only its parameters; the next forward and backward work as before."""

from __future__ import annotations

import numpy as np
import pytest

from nnlib.attention import SelfAttention
from nnlib.conv import AvgPool2d, Conv2d, Flatten, MaxPool2d
from nnlib.layers import BatchNorm1d, Dense, Dropout, Sequential
from nnlib.residual import Residual

N = 7  # the batch size, chosen so that no parameter has it as a dimension

CASES = {
    "dense": (lambda rng: Dense(3, 4, "elu"), (N, 3)),
    "dropout": (lambda rng: Dropout(0.5, rng), (N, 3)),
    "batchnorm": (lambda rng: BatchNorm1d(3), (N, 3)),
    "conv2d": (lambda rng: Conv2d(2, 3, 3, padding=1, activation="relu"), (N, 2, 6, 6)),
    "maxpool2d": (lambda rng: MaxPool2d(2), (N, 2, 6, 6)),
    "avgpool2d": (lambda rng: AvgPool2d(2), (N, 2, 6, 6)),
    "flatten": (lambda rng: Flatten(), (N, 2, 3, 3)),
    "residual": (lambda rng: Residual(Dense(3, 3, "tanh"), Dense(3, 3)), (N, 3)),
    "self_attention": (lambda rng: SelfAttention(4, 3, rng=rng), (N, 5, 4)),
    "sequential": (lambda rng: Sequential(Dense(3, 5, "relu"), Dropout(0.2, rng), Dense(5, 2)), (N, 3)),
}


def batch_sized(module, seen=None) -> list[str]:
    """Names of array attributes, anywhere in the module tree, whose first dimension is the batch."""
    seen = seen if seen is not None else set()
    if id(module) in seen:
        return []
    seen.add(id(module))
    found = []
    for name, value in vars(module).items():
        if isinstance(value, np.ndarray) and value.ndim and value.shape[0] == N:
            found.append(f"{type(module).__name__}.{name}")
        elif hasattr(value, "__dict__") and hasattr(value, "forward"):
            found += batch_sized(value, seen)
        elif isinstance(value, list):
            for item in value:
                if hasattr(item, "forward"):
                    found += batch_sized(item, seen)
    return found


@pytest.mark.parametrize("name", sorted(CASES))
def test_clear_cache_drops_every_batch_sized_array_and_training_goes_on(name):
    make, shape = CASES[name]
    rng = np.random.default_rng(0)
    module = make(rng)
    for p in module.parameters():
        p.data = rng.normal(size=p.data.shape)
    x = rng.normal(size=shape)
    out = module.forward(x)
    module.backward(np.ones_like(out))
    if name not in ("avgpool2d", "flatten"):  # these two keep only the input's shape
        assert batch_sized(module), "the test must see what forward cached"
    module.clear_cache()
    assert batch_sized(module) == []
    again = module.forward(x)
    module.backward(np.ones_like(again))
    if name not in ("dropout", "sequential"):  # dropout draws a new mask
        assert np.array_equal(again, out)
