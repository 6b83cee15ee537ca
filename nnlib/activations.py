"""Activation functions as modules: each keeps its value and its derivative side by side.

All are elementwise except softmax (over the last axis). Derivatives at the kink follow PyTorch: relu'(0) = 0,
leaky_relu'(0) = alpha, elu'(0) = alpha.
"""

from __future__ import annotations

from abc import abstractmethod

import numpy as np

from .module import Module, Parameter


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-|z|) never overflows, and keeps full relative precision for large negative z.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


class Activation(Module):
    """Elementwise a = f(z); backward multiplies by f'(z). Subclasses define `f` and `df(z, a)`."""

    name = ""
    cached = ("z", "a")

    @abstractmethod
    def f(self, z: np.ndarray) -> np.ndarray:
        """The value a = f(z), same shape as z."""

    @abstractmethod
    def df(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """The elementwise derivative f'(z), given z and a = f(z)."""

    def forward(self, z):
        self.z = np.asarray(z, dtype=np.float64)
        self.a = self.f(self.z)
        return self.a

    def backward(self, grad_a):
        return grad_a * self.df(self.z, self.a)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Identity(Activation):
    name = "identity"

    def f(self, z):
        return z.copy()

    def df(self, z, a):
        return np.ones_like(z)

    def backward(self, grad_a):
        # grad_a * 1 without building the ones array: a float64 copy, the same values.
        return np.array(grad_a, dtype=np.float64)


class ReLU(Activation):
    """max(z, 0); derivative 1 where z > 0, else 0 (0 at z = 0 too, as PyTorch)."""

    name = "relu"

    def f(self, z):
        return np.maximum(z, 0.0)

    def df(self, z, a):
        return (z > 0).astype(np.float64)

    def backward(self, grad_a):
        # grad_a * f'(z) with the mask left boolean: NumPy multiplies by 1.0 / 0.0 just the same.
        return grad_a * (self.z > 0)


class LeakyReLU(Activation):
    """z for z > 0, alpha*z otherwise (PyTorch's negative_slope, default 0.01)."""

    name = "leaky_relu"

    def __init__(self, alpha: float = 0.01):
        self.alpha = float(alpha)

    def f(self, z):
        return np.where(z > 0, z, self.alpha * z)

    def df(self, z, a):
        return np.where(z > 0, 1.0, self.alpha)


class PReLU(Activation):
    """Leaky ReLU whose slope alpha is learned (one shared alpha, init 0.25, like torch.nn.PReLU())."""

    name = "prelu"

    def __init__(self, alpha: float = 0.25):
        self.alpha = Parameter([alpha], "alpha", regularize=False)

    def parameters(self):
        return [self.alpha]

    def f(self, z):
        return np.where(z > 0, z, self.alpha.data[0] * z)

    def df(self, z, a):
        return np.where(z > 0, 1.0, self.alpha.data[0])

    def backward(self, grad_a):
        self.alpha.grad += np.sum(grad_a * np.where(self.z > 0, 0.0, self.z))
        return super().backward(grad_a)


class SiLU(Activation):
    """z * sigmoid(z); derivative s * (1 + z * (1 - s))."""

    name = "silu"

    def f(self, z):
        return z * _sigmoid(z)

    def df(self, z, a):
        s = _sigmoid(z)
        return s * (1.0 + z * (1.0 - s))


class ELU(Activation):
    """z for z > 0, alpha*(e^z - 1) otherwise (alpha default 1)."""

    name = "elu"

    def __init__(self, alpha: float = 1.0):
        self.alpha = float(alpha)

    def f(self, z):
        return np.where(z > 0, z, self.alpha * np.expm1(np.minimum(z, 0.0)))

    def df(self, z, a):
        return np.where(z > 0, 1.0, self.alpha * np.exp(np.minimum(z, 0.0)))


class Softplus(Activation):
    """ln(1 + e^z), computed stably; derivative sigmoid(z)."""

    name = "softplus"

    def f(self, z):
        return np.logaddexp(0.0, z)

    def df(self, z, a):
        return _sigmoid(z)


class Sigmoid(Activation):
    """1 / (1 + e^-z); derivative a * (1 - a)."""

    name = "sigmoid"

    def f(self, z):
        return _sigmoid(z)

    def df(self, z, a):
        return a * (1.0 - a)


class Tanh(Activation):
    """tanh z; derivative 1 - a^2."""

    name = "tanh"

    def f(self, z):
        return np.tanh(z)

    def df(self, z, a):
        return 1.0 - a * a

    def backward(self, grad_a):
        # grad_a * df(z, a), inlined: tanh sits on the training hot path.
        return grad_a * (1.0 - self.a * self.a)


class Softmax(Activation):
    """softmax(z)_i = e^(z_i) / sum_j e^(z_j) over the last axis (shifted by the max for stability).

    Not elementwise: backward is a * (g - sum(g * a)) row by row.
    """

    name = "softmax"

    def f(self, z):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)

    def df(self, z, a):
        raise ValueError("softmax has no elementwise derivative: its Jacobian is diag(a) - a a^T")

    def backward(self, grad_a):
        return self.a * (grad_a - np.sum(grad_a * self.a, axis=-1, keepdims=True))


ACTIVATIONS: dict[str, type[Activation]] = {
    cls.name: cls for cls in (Identity, ReLU, LeakyReLU, PReLU, SiLU, ELU, Softplus, Sigmoid, Tanh, Softmax)
}
# Activations that take a parameter, and its default.
ALPHA_DEFAULTS = {"leaky_relu": 0.01, "prelu": 0.25, "elu": 1.0}


def make(name: str, alpha: float | None = None) -> Activation:
    """Build an activation by registry name; `alpha` only for leaky_relu, prelu and elu."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; known: {', '.join(ACTIVATIONS)}")
    if name in ALPHA_DEFAULTS:
        return ACTIVATIONS[name](ALPHA_DEFAULTS[name] if alpha is None else alpha)
    if alpha is not None:
        raise ValueError(f"activation {name!r} takes no alpha")
    return ACTIVATIONS[name]()


def value(name: str, z, alpha: float | None = None) -> np.ndarray:
    """f(z) for an array z (any shape; softmax over the last axis)."""
    return make(name, alpha).forward(np.asarray(z, dtype=np.float64))


def derivative(name: str, z, alpha: float | None = None) -> np.ndarray:
    """f'(z) elementwise (not for softmax, whose derivative is a matrix)."""
    act = make(name, alpha)
    a = act.forward(np.asarray(z, dtype=np.float64))
    return act.df(act.z, a)
