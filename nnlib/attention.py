"""Attention (Vaswani et al. 2017, "Attention is all you need"): Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V.

`scaled_dot_product_attention` and `scaled_dot_product_attention_backward` are the value rule and the
derivative rule as a function pair; `SelfAttention` is the module with learned projections W_Q, W_K, W_V.
Shapes: q (..., Tq, d_k), k (..., Tk, d_k), v (..., Tk, d_v); leading axes (batch, heads) are broadcast.
"""

from __future__ import annotations

import numpy as np

from .module import Module, Parameter


def _scale(d_k: int, scale: bool) -> float:
    return 1.0 / np.sqrt(d_k) if scale else 1.0


def causal_mask(tq: int, tk: int) -> np.ndarray:
    """(tq, tk) boolean, True where key j lies after query i (j > i): the entries a causal model may not see.
    Aligned at the top left, as PyTorch's is_causal=True."""
    return np.triu(np.ones((tq, tk), dtype=bool), k=1)


def scaled_dot_product_attention(q, k, v, scale: bool = True, causal: bool = False):
    """Attention(Q, K, V) = softmax(S) V with scores S = Q K^T / sqrt(d_k) (no division when scale is False).

    causal: S is -inf above the diagonal (query i sees keys 0..i), so those weights are exactly 0.
    q (..., Tq, d_k), k (..., Tk, d_k), v (..., Tk, d_v) -> (output (..., Tq, d_v), weights (..., Tq, Tk),
    scores (..., Tq, Tk)); each row of weights sums to 1, scores are what enters the softmax (masked: -inf).
    """
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    if q.ndim < 2 or k.ndim < 2 or v.ndim < 2:
        raise ValueError(f"attention: q, k, v need shape (..., T, d), got {q.shape}, {k.shape}, {v.shape}")
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"attention: q and k need the same d_k, got {q.shape} and {k.shape}")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(f"attention: k and v need the same number of positions, got {k.shape} and {v.shape}")
    scores = (q @ np.swapaxes(k, -1, -2)) * _scale(q.shape[-1], scale)
    if causal:
        scores = np.where(causal_mask(q.shape[-2], k.shape[-2]), -np.inf, scores)
    e = np.exp(scores - np.max(scores, axis=-1, keepdims=True))
    weights = e / np.sum(e, axis=-1, keepdims=True)
    return weights @ v, weights, scores


def scaled_dot_product_attention_backward(grad_out, q, k, v, weights, scale: bool = True):
    """dL/dq, dL/dk, dL/dv from dL/d output (..., Tq, d_v), given the forward's q, k, v and weights.

    dV = A^T G; dA = G V^T; dS = A * (dA - rowsum(dA * A)) (the softmax Jacobian; masked entries have A = 0,
    so they get none); dQ = c dS K, dK = c dS^T Q with c = 1/sqrt(d_k) (or 1 when scale is False).
    """
    g = np.asarray(grad_out, dtype=np.float64)
    dv = np.swapaxes(weights, -1, -2) @ g
    da = g @ np.swapaxes(v, -1, -2)
    ds = weights * (da - np.sum(da * weights, axis=-1, keepdims=True)) * _scale(q.shape[-1], scale)
    dq = ds @ k
    dk = np.swapaxes(ds, -1, -2) @ q
    return dq, dk, dv


class SelfAttention(Module):
    """One attention head over a sequence: Q = X W_Q^T, K = X W_K^T, V = X W_V^T, y = Attention(Q, K, V).

    x (n, T, d_model) -> y (n, T, d_v). w_q, w_k (d_k, d_model) and w_v (d_v, d_model) in PyTorch's Linear
    layout (out, in), without biases (as the paper's projections), and without an output projection W_O (a Dense
    layer after it plays that part). d_v defaults to d_k. Forward caches q, k, v,
    `scores` and `weights` (n, T, T), the attention pattern lessons display; backward accumulates dL/dW for
    the three projections.
    """

    can_skip_input_grad = True
    cached = ("x", "q", "k", "v", "scores", "weights")

    def __init__(self, d_model: int, d_k: int, d_v: int | None = None, causal: bool = False, scale: bool = True,
                 rng: np.random.Generator | None = None):
        d_v = d_k if d_v is None else d_v
        if min(d_model, d_k, d_v) < 1:
            raise ValueError(f"SelfAttention needs d_model, d_k, d_v >= 1, got ({d_model}, {d_k}, {d_v})")
        self.d_model, self.d_k, self.d_v = int(d_model), int(d_k), int(d_v)
        self.causal, self.scale = bool(causal), bool(scale)
        # Without an rng all weights are 0 (set them, or pass rng for Xavier-normal ones): with Q = K = 0
        # every weight row would stay uniform, so an rng is what a trainable head wants.
        shapes = {"w_q": (self.d_k, self.d_model), "w_k": (self.d_k, self.d_model), "w_v": (self.d_v, self.d_model)}
        for name, shape in shapes.items():
            data = np.zeros(shape) if rng is None else rng.normal(0.0, np.sqrt(2.0 / sum(shape)), size=shape)
            setattr(self, name, Parameter(data, name, regularize=True))

    def parameters(self):
        return [self.w_q, self.w_k, self.w_v]

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 3 or x.shape[2] != self.d_model:
            raise ValueError(f"{self!r}: expected x of shape (n, T, {self.d_model}), got shape {x.shape}")
        self.x = x
        self.q, self.k, self.v = x @ self.w_q.data.T, x @ self.w_k.data.T, x @ self.w_v.data.T
        out, self.weights, self.scores = scaled_dot_product_attention(self.q, self.k, self.v, self.scale,
                                                                      self.causal)
        return out

    def backward(self, grad, need_input_grad: bool = True):
        """grad (n, T, d_v) -> dL/dx (n, T, d_model), or None when need_input_grad is False."""
        dq, dk, dv = scaled_dot_product_attention_backward(grad, self.q, self.k, self.v, self.weights, self.scale)
        x2 = self.x.reshape(-1, self.d_model)
        pairs = ((self.w_q, dq), (self.w_k, dk), (self.w_v, dv))
        for p, d in pairs:
            p.grad += d.reshape(-1, p.data.shape[0]).T @ x2
        if not need_input_grad:
            return None
        # x feeds all three projections, so its gradient is the sum of the three paths.
        return sum(d @ p.data for p, d in pairs)

    def __repr__(self) -> str:
        return (f"SelfAttention(d_model={self.d_model}, d_k={self.d_k}, d_v={self.d_v}, causal={self.causal}, "
                f"scale={self.scale})")
