"""A training state as plain JSON-ready data, and back: weights, BatchNorm statistics, optimizer state,
the generator's state, the trainer's counters and place in the epoch, and the history.

Floats go out as Python floats, whose JSON form (repr) reads back bit for bit, so a restored trainer continues
exactly as the original would.
"""

from __future__ import annotations

import numpy as np

from .layers import BatchNorm1d
from .training import Trainer


def _lists(arrays) -> list:
    return [np.asarray(a).tolist() for a in arrays]


def _restore(target: list[np.ndarray], values: list, what: str) -> list[np.ndarray]:
    if len(values) != len(target):
        raise ValueError(f"{what}: expected {len(target)} arrays, got {len(values)}")
    out = []
    for i, (old, new) in enumerate(zip(target, values)):
        try:
            arr = np.asarray(new, dtype=np.float64)
        except (ValueError, TypeError):
            raise ValueError(f"{what}[{i}]: expected an array of numbers of shape {old.shape}") from None
        if arr.shape != old.shape:
            raise ValueError(f"{what}[{i}]: expected shape {old.shape}, got {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{what}[{i}]: values must be finite")
        out.append(arr)
    return out


def _ints_as_text(obj):
    """The generator state with every int as a decimal string: PCG64's 128-bit numbers would lose digits in a
    JSON reader that parses numbers as doubles (JavaScript's JSON.parse)."""
    if isinstance(obj, dict):
        return {k: _ints_as_text(v) for k, v in obj.items()}
    return str(obj) if isinstance(obj, int) and not isinstance(obj, bool) else obj


def _text_as_ints(obj):
    if isinstance(obj, dict):
        return {k: _text_as_ints(v) for k, v in obj.items()}
    if isinstance(obj, str) and obj.isdigit():
        return int(obj)
    return obj


def _batchnorms(trainer: Trainer) -> list[BatchNorm1d]:
    return [layer for layer in trainer.model.layers if isinstance(layer, BatchNorm1d)]


def save(trainer: Trainer, arrays: bool = False) -> dict:
    """Everything needed to continue `trainer` exactly, as JSON-ready values; arrays=True keeps the arrays as
    NumPy arrays (for a caller that writes them as raw bytes)."""
    lists = (lambda values: [np.asarray(a) for a in values]) if arrays else _lists
    plain = (lambda a: a) if arrays else (lambda a: a.tolist())
    opt = trainer.optimizer.state_dict()
    return {
        "parameters": lists(p.data for p in trainer.model.parameters()),
        "batchnorm": [{"running_mean": plain(bn.running_mean), "running_var": plain(bn.running_var)}
                      for bn in _batchnorms(trainer)],
        "optimizer": {"name": opt["name"], "t": opt["t"],
                      "state": {slot: lists(values) for slot, values in opt["state"].items()}},
        "rng": _ints_as_text(trainer.rng.bit_generator.state),
        "step": trainer.step,
        "epoch": trainer.epoch,
        "pos": trainer.pos,
        "order": plain(trainer.order),
        "epoch_sum": float(trainer.epoch_sum),
        "diverged_at": trainer.diverged_at,
        "history": {k: list(v) for k, v in trainer.history.items()},
    }


def load(trainer: Trainer, state: dict) -> None:
    """Put a saved state into a trainer built from the same experiment. Raises ValueError on a mismatch."""
    params = trainer.model.parameters()
    for p, arr in zip(params, _restore([p.data for p in params], state["parameters"], "parameters")):
        p.data = arr
        p.grad = np.zeros_like(arr)
    bns = _batchnorms(trainer)
    if len(state["batchnorm"]) != len(bns):
        raise ValueError(f"batchnorm: expected {len(bns)} layers, got {len(state['batchnorm'])}")
    for bn, saved in zip(bns, state["batchnorm"]):
        bn.running_mean, bn.running_var = _restore([bn.running_mean, bn.running_var],
                                                   [saved["running_mean"], saved["running_var"]], "batchnorm")
    opt = state["optimizer"]
    if opt["name"] != trainer.optimizer.name:
        raise ValueError(f"optimizer: saved {opt['name']!r}, experiment uses {trainer.optimizer.name!r}")
    trainer.optimizer.load_state_dict({"lr": trainer.optimizer.lr, "t": opt["t"], "state": opt["state"]})
    m = trainer.x.shape[0]
    order = np.asarray(state["order"], dtype=np.int64)
    if sorted(order.tolist()) != list(range(m)):
        raise ValueError(f"order: expected a permutation of 0..{m - 1}")
    pos = int(state["pos"])
    if not 0 <= pos < m:
        raise ValueError(f"pos: expected 0..{m - 1}, got {pos}")
    try:
        trainer.rng.bit_generator.state = _text_as_ints(state["rng"])
    except (TypeError, ValueError, KeyError) as exc:
        raise ValueError(f"rng: not a generator state ({exc})") from None
    trainer.step, trainer.epoch, trainer.pos = int(state["step"]), int(state["epoch"]), pos
    trainer.order, trainer.epoch_sum = order, float(state["epoch_sum"])
    trainer.diverged_at = state["diverged_at"]
    history = state["history"]
    if set(history) != set(trainer.history):
        raise ValueError(f"history: expected keys {sorted(trainer.history)}")
    for key, values in history.items():
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim != 1 or not np.all(np.isfinite(arr)):
            raise ValueError(f"history.{key}: expected a list of finite numbers")
        trainer.history[key] = [float(v) for v in values]
