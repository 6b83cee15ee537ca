"""Parameters and the Module base class shared by layers and activations.

Every module keeps its value rule (`forward`) beside its derivative rule (`backward`), caches what backward
needs during forward, and accumulates parameter gradients into `Parameter.grad`, as PyTorch's autograd does.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


class Parameter:
    """A trainable array with its gradient.

    `regularize` says whether L1/L2 penalties apply (True for weights, False for biases and BatchNorm's
    gamma/beta).
    """

    def __init__(self, data, name: str, regularize: bool = False):
        self.data = np.array(data, dtype=np.float64)
        self.grad = np.zeros_like(self.data)
        self.name = name
        self.regularize = regularize

    def __repr__(self) -> str:
        return f"Parameter({self.name}, shape={self.data.shape})"


class Module(ABC):
    """Base class: `forward(x)` computes and caches, `backward(grad_out)` returns the gradient for the input."""

    training: bool = True
    # Attributes that forward and backward keep for the next backward (batch-sized arrays): clear_cache() drops
    # them, so a model that waits between chunks of training holds only its parameters.
    cached: tuple[str, ...] = ()
    # True when backward takes need_input_grad=False and then skips dL/dx (returns None): weight layers whose
    # input gradient is a costly product that the first layer of a network in training does not need.
    can_skip_input_grad: bool = False

    @abstractmethod
    def forward(self, x: np.ndarray) -> np.ndarray:
        """The value rule."""

    @abstractmethod
    def backward(self, grad: np.ndarray) -> np.ndarray:
        """The derivative rule: dL/d(input) from dL/d(output); accumulates parameter gradients."""

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def parameters(self) -> list[Parameter]:
        return []

    def children(self) -> list[Module]:
        return []

    def clear_cache(self) -> None:
        """Forget what forward and backward cached (the next forward recomputes it); parameters stay."""
        for name in self.cached:
            self.__dict__.pop(name, None)
        for child in self.children():
            child.clear_cache()

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = np.zeros_like(p.data)

    def train(self, mode: bool = True) -> Module:
        self.training = mode
        for child in self.children():
            child.train(mode)
        return self

    def eval(self) -> Module:
        return self.train(False)


def as_batch(x, features: int | None = None, name: str = "x", flat: bool = True) -> np.ndarray:
    """Return x as a float64 batch whose first axis is the sample; a 1-D x is one sample.

    flat (the default): an (n, features) array, ValueError for any other number of dimensions or, when
    `features` is given, of columns. flat=False: any (n, ...) batch, e.g. images (n, C, H, W) or sequences
    (n, T, d); the layers check their own shapes.
    """
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[None, :]
    if not flat and arr.ndim >= 2:
        return arr
    if arr.ndim != 2:
        what = "2 dimensions (samples, features)" if flat else "at least 2 dimensions (samples, ...)"
        raise ValueError(f"expected {name} with {what}, got shape {arr.shape}")
    if features is not None and arr.shape[1] != features:
        raise ValueError(f"expected {name} with {features} features, got shape {arr.shape}")
    return arr
