"""Residual (skip) connections: y = x + F(x), the building block of ResNet (He et al., CVPR 2016)."""

from __future__ import annotations

import numpy as np

from .layers import Sequential
from .module import Module


class Residual(Module):
    """y = x + F(x) with F = Sequential(*layers), which must keep the shape of x.

    x (n, ...) -> y (n, ...) of the same shape. Backward: dL/dx = grad + F's dL/dx, the skip path passing the
    gradient on unchanged (why deep residual networks keep training).
    """

    def __init__(self, *layers: Module):
        if not layers:
            raise ValueError("Residual needs at least one layer for F")
        self.inner = Sequential(*layers)

    def children(self):
        return [self.inner]

    def parameters(self):
        return self.inner.parameters()

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        fx = self.inner.forward(x)
        if fx.shape != x.shape:
            raise ValueError(f"Residual: F changes the shape from {x.shape} to {fx.shape}; x + F(x) needs F to "
                             "keep it")
        return x + fx

    def backward(self, grad):
        return grad + self.inner.backward(grad)

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.inner.layers)
        return f"Residual({inner})"
