"""Toy sequence tasks for attention: token sequences in, one target token per position out.

A task draws `tokens` (n, T) uniformly from a vocabulary 0..vocab-1 and derives the targets y (n, T) from them.
Self-attention alone cannot tell positions apart (permuting the inputs permutes its outputs), so the input
encodes each position: x (n, T, vocab + T) is the one-hot token followed by the one-hot position (the simplest
positional encoding; the transformer paper adds sinusoids instead). `TASKS` maps a name to its target rule;
`make(name, ...)` draws a data set. All randomness comes from the `np.random.Generator` passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

N_MAX = 100_000
LENGTH_MAX = 64
VOCAB_MAX = 64


def reverse(tokens: np.ndarray) -> np.ndarray:
    """y_t = x_(T-1-t): the sequence backwards. Each output position has to find one fixed other position, a
    pattern of attention weights that is the anti-diagonal (not causal: position 0 needs the last token)."""
    return tokens[:, ::-1].copy()


def previous(tokens: np.ndarray) -> np.ndarray:
    """y_t = x_(t-1), and y_0 = x_0: the token one step back, a task a causal model can learn (it looks only
    at earlier positions); the attention weights form the diagonal just below the main one."""
    y = np.empty_like(tokens)
    y[:, 0] = tokens[:, 0]
    y[:, 1:] = tokens[:, :-1]
    return y


TASKS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"reverse": reverse, "previous": previous}


@dataclass(eq=False)
class SequenceSet:
    """x (n, T, vocab + T) float64 (one-hot token, then one-hot position), y (n, T) int64 targets,
    tokens (n, T) int64 inputs."""

    x: np.ndarray
    y: np.ndarray
    tokens: np.ndarray
    task: str
    vocab: int

    def __len__(self) -> int:
        return len(self.x)


def encode(tokens: np.ndarray, vocab: int) -> np.ndarray:
    """tokens (n, T) in 0..vocab-1 -> x (n, T, vocab + T): one-hot token, then one-hot position."""
    tokens = np.asarray(tokens)
    if tokens.ndim != 2 or tokens.min(initial=0) < 0 or tokens.max(initial=0) >= vocab:
        raise ValueError(f"expected tokens (n, T) in 0..{vocab - 1}, got shape {tokens.shape}")
    n, length = tokens.shape
    x = np.zeros((n, length, vocab + length))
    rows, cols = np.indices((n, length))
    x[rows, cols, tokens] = 1.0
    x[:, np.arange(length), vocab + np.arange(length)] = 1.0
    return x


def _check_int(name, value, lo, hi) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not lo <= value <= hi:
        raise ValueError(f"{name} must be an integer in {lo}..{hi}, got {value!r}")
    return int(value)


def make(name: str, n: int, length: int, vocab: int, rng: np.random.Generator) -> SequenceSet:
    """n sequences of `length` tokens from 0..vocab-1 (uniform, independent) with the targets of task `name`."""
    if name not in TASKS:
        raise ValueError(f"unknown sequence task {name!r}; known: {', '.join(TASKS)}")
    n = _check_int("n", n, 1, N_MAX)
    length = _check_int("length", length, 2, LENGTH_MAX)
    vocab = _check_int("vocab", vocab, 2, VOCAB_MAX)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    tokens = rng.integers(0, vocab, size=(n, length))
    return SequenceSet(encode(tokens, vocab), TASKS[name](tokens), tokens, name, vocab)
