"""Weight initializers for a (out, in) weight matrix, or a (out, in, kH, kW) convolution kernel, each drawing from
an explicit np.random.Generator.

fan_in = in, fan_out = out, fan_avg = (fan_in + fan_out) / 2; for a kernel both are multiplied by the receptive
field kH kW (fan_in = in kH kW, fan_out = out kH kW), as PyTorch's `_calculate_fan_in_and_fan_out`. He uniform
uses +-sqrt(6/fan_in), the standard (He et al. 2015, PyTorch's kaiming_uniform_); the lecture's slide writes
fan_avg there.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight of shape (out, in) or (out, in, *kernel): in and out times prod(kernel)."""
    if len(shape) < 2:
        raise ValueError(f"initializers expect a (out, in) or (out, in, kH, kW) shape, got {shape}")
    receptive = int(np.prod(shape[2:], dtype=np.int64))
    return shape[1] * receptive, shape[0] * receptive


def zeros(shape, rng=None):
    return np.zeros(shape)


def constant(shape, rng=None, value: float = 0.0):
    return np.full(shape, float(value))


def normal(shape, rng, std: float = 0.01, mean: float = 0.0):
    """w ~ N(mean, std^2); the lecture's example is N(0, 0.01^2)."""
    return rng.normal(mean, std, size=shape)


def uniform(shape, rng, low: float = -0.05, high: float = 0.05):
    return rng.uniform(low, high, size=shape)


def xavier_normal(shape, rng):
    """N(0, sigma^2) with sigma = sqrt(1/fan_avg) = sqrt(2/(fan_in + fan_out))."""
    fan_in, fan_out = fans(shape)
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=shape)


def xavier_uniform(shape, rng):
    """U(-b, b) with b = sqrt(3/fan_avg) = sqrt(6/(fan_in + fan_out))."""
    fan_in, fan_out = fans(shape)
    bound = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=shape)


def he_normal(shape, rng):
    """N(0, sigma^2) with sigma = sqrt(2/fan_in) (Kaiming He, for ReLU)."""
    fan_in, _ = fans(shape)
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)


def he_uniform(shape, rng):
    """U(-b, b) with b = sqrt(6/fan_in) = sqrt(3 * 2/fan_in) (the slide's sqrt(6/fan_avg) is not the standard)."""
    fan_in, _ = fans(shape)
    bound = np.sqrt(6.0 / fan_in)
    return rng.uniform(-bound, bound, size=shape)


INITIALIZERS: dict[str, Callable[..., np.ndarray]] = {
    f.__name__: f
    for f in (zeros, constant, normal, uniform, xavier_normal, xavier_uniform, he_normal, he_uniform)
}


def init(name: str, shape: tuple[int, ...], rng: np.random.Generator, **kw) -> np.ndarray:
    if name not in INITIALIZERS:
        raise ValueError(f"unknown initializer {name!r}; known: {', '.join(INITIALIZERS)}")
    return INITIALIZERS[name](shape, rng, **kw)
