"""Penalties added to the loss, over weights only (parameters with regularize=True; not biases, not BatchNorm).

L2: lambda * sum(w^2), gradient 2 lambda w.  L1: lambda * sum(|w|), gradient lambda sign(w).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from .module import Parameter


class Regularizer(ABC):
    name = ""

    def __init__(self, lam: float):
        if not (np.isfinite(lam) and lam >= 0):
            raise ValueError(f"lambda must be a finite number >= 0, got {lam}")
        self.lam = float(lam)

    @staticmethod
    def weights(params: list[Parameter]) -> list[Parameter]:
        return [p for p in params if p.regularize]

    def penalty(self, params: list[Parameter]) -> float:
        return float(sum(self.value(p.data) for p in self.weights(params)))

    def backward(self, params: list[Parameter]) -> None:
        """Add d(penalty)/dw to each weight's grad."""
        for p in self.weights(params):
            p.grad += self.grad(p.data)

    @abstractmethod
    def value(self, w: np.ndarray) -> float:
        """The penalty of one weight array."""

    @abstractmethod
    def grad(self, w: np.ndarray) -> np.ndarray:
        """Its gradient, shape of w."""


class L2(Regularizer):
    name = "l2"

    def value(self, w):
        return self.lam * np.sum(w * w)

    def grad(self, w):
        return 2.0 * self.lam * w


class L1(Regularizer):
    name = "l1"

    def value(self, w):
        return self.lam * np.sum(np.abs(w))

    def grad(self, w):
        return self.lam * np.sign(w)


REGULARIZERS: dict[str, type[Regularizer]] = {cls.name: cls for cls in (L1, L2)}


def make(name: str, lam: float) -> Regularizer:
    if name not in REGULARIZERS:
        raise ValueError(f"unknown regularizer {name!r}; known: {', '.join(REGULARIZERS)}")
    return REGULARIZERS[name](lam)
