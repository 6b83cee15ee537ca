"""Layers: Dense (affine map + activation), Dropout, BatchNorm1d and the Sequential container.

Shapes: a batch is (n, features). Dense's weight is (out, in) as in PyTorch, so `weight[j][k]` of layer i is
the lecture's w_{i,j+1,k+1}.
"""

from __future__ import annotations

import numpy as np

from . import activations
from .module import Module, Parameter


class Dense(Module):
    """z = x W^T + b, a = f(z).

    x (n, in) -> a (n, out). Forward caches x, z, a; backward sets grad_a, grad_z and accumulates
    dL/dW = grad_z^T x (out, in) and dL/db = sum over the batch of grad_z (out,).
    Like torch.nn.Linear, x may also be (n, ..., in) (e.g. (n, T, in) tokens): the map acts on the last axis.
    """

    cached = ("x", "z", "a", "grad_a", "grad_z")
    can_skip_input_grad = True

    def __init__(self, in_features: int, out_features: int, activation: str = "identity",
                 alpha: float | None = None):
        if in_features < 1 or out_features < 1:
            raise ValueError(f"Dense needs at least 1 input and 1 unit, got ({in_features}, {out_features})")
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(np.zeros((out_features, in_features)), "weight", regularize=True)
        self.bias = Parameter(np.zeros(out_features), "bias", regularize=False)
        self.activation = activations.make(activation, alpha)

    def parameters(self):
        return [self.weight, self.bias, *self.activation.parameters()]

    def clear_cache(self) -> None:
        super().clear_cache()
        self.activation.clear_cache()

    def forward(self, x):
        self.x = np.asarray(x, dtype=np.float64)
        self.z = self.x.dot(self.weight.data.T) + self.bias.data
        self.a = self.activation.forward(self.z)
        return self.a

    def backward(self, grad_a, need_input_grad: bool = True):
        """grad_a (n, out) -> dL/dx = grad_z W (n, in), or None when need_input_grad is False (the first
        layer in training, where dL/dx is unused and, for wide inputs, the costliest product)."""
        self.grad_a = grad_a
        self.grad_z = self.activation.backward(grad_a)
        x, grad_z = self.x, self.grad_z
        if x.ndim != 2:
            # (n, ..., in): every position is one more row of the same affine map.
            x, grad_z = x.reshape(-1, self.in_features), grad_z.reshape(-1, self.out_features)
        self.weight.grad += grad_z.T.dot(x)
        self.bias.grad += grad_z.sum(axis=0)
        return self.grad_z.dot(self.weight.data) if need_input_grad else None

    def __repr__(self) -> str:
        return f"Dense({self.in_features}, {self.out_features}, activation={self.activation.name!r})"


class Dropout(Module):
    """Inverted dropout: in training zero each value with probability p and scale the rest by 1/(1-p);
    identity in eval mode. The mask comes from the generator passed in."""

    cached = ("mask",)

    def __init__(self, p: float, rng: np.random.Generator):
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout p must be in [0, 1], got {p}")
        self.p = float(p)
        self.rng = rng

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        if not self.training or self.p == 0.0:
            self.mask = np.ones_like(x)
        elif self.p == 1.0:
            self.mask = np.zeros_like(x)
        else:
            self.mask = (self.rng.random(x.shape) >= self.p) / (1.0 - self.p)
        return x * self.mask

    def backward(self, grad):
        return grad * self.mask

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"


class BatchNorm1d(Module):
    """y = gamma * (x - mu_B) / sqrt(var_B + eps) + beta, per feature.

    Training uses the batch's mean and biased variance and updates running statistics with momentum 0.1
    (the running variance uses the unbiased estimate, as PyTorch does); eval uses the running statistics.
    x (n, features) -> y (n, features).
    """

    # mu_b and var_b (per feature, small) stay: they are the last training batch's statistics, shown to learners.
    cached = ("x_hat", "inv_std", "sigma_b")

    def __init__(self, num_features: int, momentum: float = 0.1, eps: float = 1e-5):
        self.num_features = num_features
        self.momentum = momentum
        self.eps = eps
        self.gamma = Parameter(np.ones(num_features), "gamma", regularize=False)
        self.beta = Parameter(np.zeros(num_features), "beta", regularize=False)
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)

    def parameters(self):
        return [self.gamma, self.beta]

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        if self.training:
            n = x.shape[0]
            if n < 2:
                raise ValueError("BatchNorm1d in training mode needs a batch of at least 2 samples")
            self.mu_b = x.mean(axis=0)
            self.var_b = x.var(axis=0)
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * self.mu_b
            self.running_var = (1 - m) * self.running_var + m * self.var_b * n / (n - 1)
            mean, var = self.mu_b, self.var_b
        else:
            mean, var = self.running_mean, self.running_var
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        self.sigma_b = np.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return self.gamma.data * self.x_hat + self.beta.data

    def backward(self, grad):
        self.gamma.grad += np.sum(grad * self.x_hat, axis=0)
        self.beta.grad += np.sum(grad, axis=0)
        g_hat = grad * self.gamma.data
        if not self.training:
            return g_hat * self.inv_std
        n = grad.shape[0]
        return (self.inv_std / n) * (n * g_hat - g_hat.sum(axis=0)
                                     - self.x_hat * np.sum(g_hat * self.x_hat, axis=0))

    def __repr__(self) -> str:
        return f"BatchNorm1d({self.num_features})"


class Sequential(Module):
    """Modules applied in order; backward runs them in reverse."""

    def __init__(self, *layers: Module):
        self.layers = list(layers)

    def children(self):
        return self.layers

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad, need_input_grad: bool = True):
        """Backward through the layers in reverse; returns dL/d(input). need_input_grad=False lets a first layer
        that can (Dense, Conv2d, SelfAttention) skip that gradient (then None is returned); the parameters'
        gradients are the same."""
        last = len(self.layers) - 1
        for i, layer in enumerate(reversed(self.layers)):
            if i == last and not need_input_grad and layer.can_skip_input_grad:
                return layer.backward(grad, need_input_grad=False)
            grad = layer.backward(grad)
        return grad

    def dense_layers(self) -> list[Dense]:
        """Every Dense layer in order, those inside residual blocks (and other containers) included."""
        out: list[Dense] = []
        for layer in self.layers:
            if isinstance(layer, Dense):
                out.append(layer)
            else:
                for child in layer.children():
                    if isinstance(child, Sequential):
                        out += child.dense_layers()
        return out

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential({inner})"
