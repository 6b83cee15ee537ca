"""Loss functions with PyTorch's semantics: mean over all elements unless stated.

Each loss keeps its value (`forward(input, target) -> float`) beside its gradient (`backward() -> dL/d input`,
the shape of input). On one sample, mse is the lecture's (y_true - y)^2.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log softmax over the last axis, z - logsumexp(z), stable for large logits."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _same_shape(x, t, name):
    x = np.asarray(x, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    if x.shape != t.shape:
        raise ValueError(f"{name}: input shape {x.shape} and target shape {t.shape} differ")
    return x, t


def _class_targets(t, n: int, c: int, name: str):
    """Class indices (n,) as int64, or probability rows (n, c) as float64."""
    t = np.asarray(t)
    if t.ndim == 1:
        if t.shape[0] != n:
            raise ValueError(f"{name}: expected {n} class indices, got {t.shape[0]}")
        if not np.all(np.equal(np.mod(t, 1), 0)) or np.any(t < 0) or np.any(t >= c):
            raise ValueError(f"{name}: class indices must be integers in 0..{c - 1}")
        return t.astype(np.int64)
    if t.shape != (n, c):
        raise ValueError(f"{name}: expected targets of shape ({n},) or ({n}, {c}), got {t.shape}")
    return t.astype(np.float64)


class Loss(ABC):
    name = ""

    @abstractmethod
    def forward(self, input, target) -> float:
        """The loss value; caches what backward needs."""

    @abstractmethod
    def backward(self) -> np.ndarray:
        """dL/d input, shape of input."""

    def __call__(self, input, target) -> float:
        return self.forward(input, target)

    # What forward caches for backward (batch-sized); clear_cache() drops it. Settings (margin) stay.
    cached: tuple[str, ...] = ("diff", "x", "t", "shape", "logp", "y", "h", "n")

    def clear_cache(self) -> None:
        for name in self.cached:
            self.__dict__.pop(name, None)


class MSELoss(Loss):
    """mean((x - t)^2); gradient 2 (x - t) / N."""

    name = "mse"

    def forward(self, input, target):
        self.diff = np.subtract(*_same_shape(input, target, self.name))
        # The same sum as np.mean(diff ** 2), without np.mean's Python-level overhead (hot in training).
        return float(np.add.reduce(self.diff * self.diff, axis=None) / self.diff.size)

    def backward(self):
        return 2.0 * self.diff / self.diff.size


class L1Loss(Loss):
    """mean(|x - t|); gradient sign(x - t) / N (0 where x = t, as PyTorch)."""

    name = "mae"

    def forward(self, input, target):
        self.diff = np.subtract(*_same_shape(input, target, self.name))
        return float(np.mean(np.abs(self.diff)))

    def backward(self):
        return np.sign(self.diff) / self.diff.size


class BCELoss(Loss):
    """The lecture's binary NLL on probabilities: mean(-t log x - (1 - t) log(1 - x)).

    Like PyTorch, each log is clamped at -100 and the gradient's denominator x(1 - x) at 1e-12, so x = 0 or 1
    gives a large finite loss instead of inf.
    """

    name = "bce"

    def forward(self, input, target):
        x, t = _same_shape(input, target, self.name)
        if np.any((x < 0) | (x > 1)):
            raise ValueError("bce: input must be probabilities in [0, 1] (use a sigmoid output)")
        self.x, self.t = x, t
        with np.errstate(divide="ignore"):
            log_x = np.maximum(np.log(x), -100.0)
            log_1mx = np.maximum(np.log1p(-x), -100.0)
        return float(np.mean(-(t * log_x + (1 - t) * log_1mx)))

    def backward(self):
        x, t = self.x, self.t
        return (x - t) / np.maximum(x * (1 - x), 1e-12) / x.size


class NLLLoss(Loss):
    """Negative log-likelihood on log-probabilities (n, C) with class indices (n,): -mean(input[i, t_i])."""

    name = "nll"

    def forward(self, input, target):
        x = np.asarray(input, dtype=np.float64)
        if x.ndim != 2:
            raise ValueError(f"nll: expected log-probabilities of shape (n, C), got {x.shape}")
        t = _class_targets(target, x.shape[0], x.shape[1], self.name)
        if t.ndim != 1:
            raise ValueError("nll: targets must be class indices (use cross_entropy for probability rows)")
        self.shape, self.t = x.shape, t
        return float(-np.mean(x[np.arange(x.shape[0]), t]))

    def backward(self):
        g = np.zeros(self.shape)
        g[np.arange(self.shape[0]), self.t] = -1.0 / self.shape[0]
        return g


class CrossEntropyLoss(Loss):
    """Cross-entropy on logits (n, C) through a stable log-softmax = softmax + NLL.

    Targets as class indices (n,): -mean(log p[i, t_i]); as probability rows (n, C): -mean_i sum_c t_ic log p_ic.
    Gradient: (softmax(z) * sum_c t_c - t) / n. Logits (n, ..., C) (e.g. (n, T, C), one prediction per token)
    with targets (n, ...) or (n, ..., C) count every position as one more row: the mean runs over all n * T
    of them, as torch's cross_entropy on the logits reshaped to (-1, C).
    """

    name = "cross_entropy"

    def forward(self, input, target):
        z = np.asarray(input, dtype=np.float64)
        if z.ndim < 2:
            raise ValueError(f"cross_entropy: expected logits of shape (n, C), got {z.shape}")
        self.shape = z.shape
        if z.ndim > 2:
            t = np.asarray(target)
            if t.shape not in (z.shape[:-1], z.shape):
                raise ValueError(f"cross_entropy: logits {z.shape} need targets of shape {z.shape[:-1]} (class "
                                 f"indices) or {z.shape} (probabilities), got {t.shape}")
            z, target = z.reshape(-1, z.shape[-1]), t.reshape((-1,) + t.shape[z.ndim - 1:])
        n, c = z.shape
        t = _class_targets(target, n, c, self.name)
        if t.ndim == 1:
            t = np.eye(c)[t]
        self.logp, self.t = log_softmax(z), t
        return float(-np.sum(t * self.logp) / n)

    def backward(self):
        p = np.exp(self.logp)
        return ((p * self.t.sum(axis=1, keepdims=True) - self.t) / self.t.shape[0]).reshape(self.shape)


class MarginRankingLoss(Loss):
    """mean(max(0, -y (x1 - x2) + m)); input (n, 2) holds the columns x1, x2, target y (n,) of +1 or -1."""

    name = "margin_ranking"

    def __init__(self, margin: float = 0.0):
        self.margin = float(margin)

    def forward(self, input, target):
        x = np.asarray(input, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != 2:
            raise ValueError(f"margin_ranking: expected input of shape (n, 2) (x1, x2), got {x.shape}")
        y = np.asarray(target, dtype=np.float64).reshape(-1)
        if y.shape[0] != x.shape[0] or not np.all(np.isin(y, (-1.0, 1.0))):
            raise ValueError(f"margin_ranking: expected {x.shape[0]} targets of +1 or -1")
        self.y = y
        self.h = -y * (x[:, 0] - x[:, 1]) + self.margin
        return float(np.mean(np.maximum(self.h, 0.0)))

    def backward(self):
        n = self.y.shape[0]
        # PyTorch's clamp_min passes the gradient where h >= 0.
        active = (self.h >= 0).astype(np.float64)
        g1 = -self.y * active / n
        return np.stack([g1, -g1], axis=1)


class KLDivLoss(Loss):
    """Kullback-Leibler, PyTorch's KLDivLoss(reduction='batchmean'): input log-probabilities x, target
    probabilities y: sum of y (log y - x) over classes (0 where y = 0), averaged over the batch."""

    name = "kl_div"

    def forward(self, input, target):
        x, y = _same_shape(input, target, self.name)
        if np.any(y < 0):
            raise ValueError("kl_div: target must be probabilities (>= 0)")
        # PyTorch's batchmean divides by input.size(0).
        self.y, self.n = y, (x.shape[0] if x.ndim else 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(y > 0, y * (np.log(np.where(y > 0, y, 1.0)) - x), 0.0)
        return float(np.sum(terms) / self.n)

    def backward(self):
        return -self.y / self.n


LOSSES: dict[str, type[Loss]] = {
    cls.name: cls
    for cls in (MSELoss, L1Loss, BCELoss, NLLLoss, CrossEntropyLoss, MarginRankingLoss, KLDivLoss)
}


def make(name: str, **kw) -> Loss:
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; known: {', '.join(LOSSES)}")
    return LOSSES[name](**kw)
