"""Optimizers: each `step()` applies one update to its parameters from their `.grad`.

g is the gradient, t the update count from 1:
- sgd:       w -= lr g
- momentum:  v = mu v - lr g;  w += v              (the lecture's form; PyTorch's at constant lr)
- adagrad:   G += g^2;  w -= lr g / (sqrt(G) + 1e-10)
- rmsprop:   S = 0.99 S + 0.01 g^2;  w -= lr g / (sqrt(S) + 1e-8)
- adam:      m = 0.9 m + 0.1 g;  v = 0.999 v + 0.001 g^2;  w -= lr m^ / (sqrt(v^) + 1e-8),
             m^ = m / (1 - 0.9^t), v^ = v / (1 - 0.999^t)
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from .module import Parameter


class Optimizer(ABC):
    name = ""
    # Names of the per-parameter state arrays, in the order kept in `state`.
    slots: tuple[str, ...] = ()

    def __init__(self, params: list[Parameter], lr: float):
        if not (np.isfinite(lr) and lr > 0):
            raise ValueError(f"learning rate must be a finite number > 0, got {lr}")
        self.params = list(params)
        self.lr = float(lr)
        self.t = 0
        self.state = {slot: [np.zeros_like(p.data) for p in self.params] for slot in self.slots}

    def zero_grad(self) -> None:
        for p in self.params:
            # A fresh zero array like zeros_like(p.data), without zeros_like's Python-level overhead.
            p.grad = np.zeros(p.data.shape, dtype=p.data.dtype)

    def step(self) -> None:
        self.t += 1
        for i, p in enumerate(self.params):
            self.update(i, p)

    @abstractmethod
    def update(self, i: int, p: Parameter) -> None:
        """Apply the update rule to parameter p (index i in the state lists)."""

    def hyperparameters(self) -> dict:
        return {}

    def state_dict(self) -> dict:
        return {"name": self.name, "lr": self.lr, "t": self.t, **self.hyperparameters(),
                "state": {slot: [a.copy() for a in arrays] for slot, arrays in self.state.items()}}

    def load_state_dict(self, d: dict) -> None:
        self.lr, self.t = float(d["lr"]), int(d["t"])
        for slot in self.slots:
            arrays = [np.asarray(a, dtype=np.float64) for a in d["state"][slot]]
            if [a.shape for a in arrays] != [p.data.shape for p in self.params]:
                raise ValueError(f"optimizer state {slot!r} does not match the parameters' shapes")
            self.state[slot] = arrays


class SGD(Optimizer):
    """Plain SGD, or with momentum mu in the lecture's form v = mu v - lr g, w += v."""

    name = "sgd"
    slots = ("velocity",)

    def __init__(self, params, lr: float, momentum: float = 0.0):
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        super().__init__(params, lr)
        self.momentum = float(momentum)

    def hyperparameters(self):
        return {"momentum": self.momentum}

    def step(self) -> None:
        if self.momentum != 0.0:
            return super().step()
        # Plain SGD keeps no state: one loop, without a method call per parameter.
        self.t += 1
        lr = self.lr
        for p in self.params:
            p.data -= lr * p.grad

    def update(self, i, p):
        if self.momentum == 0.0:
            p.data -= self.lr * p.grad
            return
        v = self.state["velocity"][i]
        v *= self.momentum
        v -= self.lr * p.grad
        p.data += v


class Momentum(SGD):
    name = "momentum"

    def __init__(self, params, lr: float, momentum: float = 0.9):
        super().__init__(params, lr, momentum)


class Adagrad(Optimizer):
    name = "adagrad"
    slots = ("sum_sq",)
    eps = 1e-10

    def update(self, i, p):
        G = self.state["sum_sq"][i]
        G += p.grad * p.grad
        p.data -= self.lr * p.grad / (np.sqrt(G) + self.eps)


class RMSprop(Optimizer):
    name = "rmsprop"
    slots = ("square_avg",)
    alpha = 0.99
    eps = 1e-8

    def update(self, i, p):
        S = self.state["square_avg"][i]
        S *= self.alpha
        S += (1 - self.alpha) * p.grad * p.grad
        p.data -= self.lr * p.grad / (np.sqrt(S) + self.eps)


class Adam(Optimizer):
    name = "adam"
    slots = ("m", "v")
    beta1, beta2, eps = 0.9, 0.999, 1e-8

    def update(self, i, p):
        m, v = self.state["m"][i], self.state["v"][i]
        m *= self.beta1
        m += (1 - self.beta1) * p.grad
        v *= self.beta2
        v += (1 - self.beta2) * p.grad * p.grad
        m_hat = m / (1 - self.beta1 ** self.t)
        v_hat = v / (1 - self.beta2 ** self.t)
        p.data -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, Adagrad, RMSprop, Adam)
}


def make(name: str, params: list[Parameter], lr: float, **kw) -> Optimizer:
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; known: {', '.join(OPTIMIZERS)}")
    return OPTIMIZERS[name](params, lr, **kw)
