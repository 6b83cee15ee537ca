"""Training by minibatches: batch (size m), stochastic (size 1) or anything between, epoch after epoch.

A Trainer keeps its place inside an epoch, so callers can advance it one update at a time (live runs) or
by whole epochs. Same model, data and generator state give identical results, update for update.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from .layers import Sequential
from .losses import Loss
from .module import as_batch
from .optimizers import Optimizer
from .regularizers import Regularizer
from .trace import match_target

# Up to this many parameter values in all, finiteness is checked over the arrays joined (see _all_finite).
JOIN_MAX = 16384


def _all_finite(arrays: list[np.ndarray], joined: bool) -> bool:
    """True when every element of every array is finite.

    joined: one isfinite over the arrays concatenated. For small arrays (the lessons' networks) NumPy's per-call
    overhead, not the copy, is what costs: about 2 us for six small arrays against 10 us one by one. Large
    arrays are checked one by one in place, where the copy would cost more.
    """
    if joined:
        return not arrays or bool(np.isfinite(np.concatenate(arrays, axis=None)).all())
    return all(np.isfinite(a).all() for a in arrays)


class Diverged(ArithmeticError):
    """The loss or a parameter stopped being finite; `step` is the update at which it happened (from 1)."""

    def __init__(self, step: int):
        super().__init__(f"training diverged at update {step}: the loss or a weight is no longer finite")
        self.step = step


class Trainer:
    """Minibatch training of `model` on (x (m, d), y) with `optimizer`; x may also be images (m, C, H, W) or
    sequences (m, T, d) for networks that take them (batches are cut along the first axis).

    Each update: lr = schedule(n) with n the updates done so far; forward the batch; loss + penalty;
    backward; optimizer step. history["loss"] holds the total loss of each update's batch (before the
    update), history["epoch_loss"] the sample-weighted mean of those over each finished epoch.
    """

    def __init__(self, model: Sequential, loss: Loss, optimizer: Optimizer, x, y, batch_size: int,
                 shuffle: bool, rng: np.random.Generator, schedule: Callable[[int], float] | None = None,
                 regularizer: Regularizer | None = None, record_history: bool = True):
        self.model, self.loss, self.optimizer = model, loss, optimizer
        self.x = as_batch(x, flat=False)
        self.y = np.asarray(y)
        m = self.x.shape[0]
        if self.y.shape[0] != m:
            raise ValueError(f"x has {m} samples but y has {self.y.shape[0]}")
        if not 1 <= batch_size <= m:
            raise ValueError(f"batch_size must be in 1..{m} (the number of samples), got {batch_size}")
        self.batch_size, self.shuffle, self.rng = batch_size, shuffle, rng
        self.schedule, self.regularizer = schedule, regularizer
        self.step = 0
        self.epoch = 0
        self.pos = 0
        # Unshuffled epochs reuse this one array, so update() can recognise them and slice instead of gather.
        self._arange = np.arange(m)
        self.order = self._arange
        self.epoch_sum = 0.0
        self.diverged_at: int | None = None
        # record_history False: a caller that keeps its own bounded curve (a live run) reads last_loss and
        # last_data_loss after each update instead, and `history` stays empty.
        self.record_history = record_history
        self.history: dict[str, list[float]] = {"loss": [], "data_loss": [], "penalty": [], "lr": [],
                                                "epoch_loss": []}
        self.last_batch = np.arange(0)  # the sample indices of the last update's batch
        self.last_loss = math.nan
        self.last_data_loss = math.nan

    @property
    def updates_per_epoch(self) -> int:
        return -(-self.x.shape[0] // self.batch_size)

    def set_batching(self, batch_size: int, shuffle: bool) -> None:
        """Change the batch size or shuffling mid-training; a changed setting starts a fresh epoch."""
        m = self.x.shape[0]
        if not 1 <= batch_size <= m:
            raise ValueError(f"batch_size must be in 1..{m} (the number of samples), got {batch_size}")
        if (batch_size, shuffle) != (self.batch_size, self.shuffle):
            self.batch_size, self.shuffle = batch_size, shuffle
            self.pos = 0

    def update(self) -> float:
        """One minibatch update; returns the batch's total loss. Raises Diverged on a non-finite value."""
        if self.diverged_at is not None:
            raise Diverged(self.diverged_at)
        m = self.x.shape[0]
        if self.pos == 0:
            self.order = self.rng.permutation(m) if self.shuffle else self._arange
            self.epoch_sum = 0.0
        start, stop = self.pos, self.pos + self.batch_size
        idx = self.order[start:stop]
        if self.order is self._arange:
            # In order: the batch is a contiguous block, a view (same values as gathering x[order[start:stop]]).
            xb, yb = self.x[start:stop], self.y[start:stop]
        else:
            xb, yb = self.x[idx], self.y[idx]
        n = xb.shape[0]
        lr = self.schedule(self.step) if self.schedule is not None else self.optimizer.lr
        self.optimizer.lr = lr
        params = self.model.parameters()
        self.model.train()
        self.optimizer.zero_grad()
        with np.errstate(all="ignore"):
            out = self.model.forward(xb)
            data_loss = self.loss.forward(out, match_target(self.loss, yb, out.shape))
            if isinstance(self.model, Sequential):
                # Training needs no dL/dx of the data: a first Dense or Conv2d layer skips that product.
                self.model.backward(self.loss.backward(), need_input_grad=False)
            else:
                self.model.backward(self.loss.backward())
            penalty = 0.0
            if self.regularizer is not None:
                penalty = self.regularizer.penalty(params)
                self.regularizer.backward(params)
            total = data_loss + penalty
            joined = sum([p.data.size for p in params]) <= JOIN_MAX
            if not math.isfinite(total) or not _all_finite([p.grad for p in params], joined):
                self.diverged_at = self.step + 1
                raise Diverged(self.diverged_at)
            self.optimizer.step()
        self.step += 1
        if not _all_finite([p.data for p in params], joined):
            self.diverged_at = self.step
            raise Diverged(self.step)
        self.last_batch = idx
        self.last_loss, self.last_data_loss = float(total), float(data_loss)
        if self.record_history:
            history = self.history
            history["loss"].append(float(total))
            history["data_loss"].append(float(data_loss))
            history["penalty"].append(float(penalty))
            history["lr"].append(float(lr))
        self.epoch_sum += total * n
        self.pos += n
        if self.pos >= m:
            if self.record_history:
                self.history["epoch_loss"].append(float(self.epoch_sum / m))
            self.epoch += 1
            self.pos = 0
        return float(total)

    def run_epoch(self) -> float:
        """Updates until the current epoch ends; returns its epoch loss."""
        self.update()
        while self.pos != 0:
            self.update()
        return self.history["epoch_loss"][-1] if self.record_history else math.nan

    def fit(self, epochs: int) -> dict[str, list[float]]:
        for _ in range(epochs):
            self.run_epoch()
        return self.history
