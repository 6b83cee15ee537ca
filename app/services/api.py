"""What the JSON API v1 does, callable without HTTP: trace one pass, train a network, one attention head.

The request models (app.api_models) bound each field alone; here the checks that need several fields (shapes
through the network (app.services.api_shapes), targets against the loss and the output units, cost caps) run
before any work, and every failure is an `InputError` listing (loc, message) pairs, loc being the path of the
field in the request body. The router turns it, and any ValueError from nnlib, into FastAPI's standard 422 body.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np

from app import api_models as m
from app import bounds as B
from app.api_attention import AttentionRequest
from app.runs import cost
from app.services.api_shapes import Loc, NetShape, check_network, check_x, rows
from nnlib import data, losses, optimizers, regularizers, schedules, spec
from nnlib.attention import scaled_dot_product_attention
from nnlib.layers import Sequential
from nnlib.trace import ELEMENTWISE_LOSSES
from nnlib.trace import trace as nn_trace
from nnlib.training import Diverged, Trainer


class InputError(ValueError):
    """One or more request fields that do not fit together: `errors` is a list of (loc, message)."""

    def __init__(self, errors: list[tuple[Loc, str]]):
        super().__init__("; ".join(msg for _, msg in errors))
        self.errors = errors


@dataclass(frozen=True)
class Limits:
    """Cost caps of one request (from app.settings)."""

    train_max_sample_passes: int = 200_000  # samples x epochs
    train_max_updates: int = 20_000  # epochs x ceil(samples / batch_size)
    trace_max_values: int = 100_000  # samples x outputs (z) of the dense and conv2d layers
    max_seconds: float = 1.5  # estimated work of one request (app.runs.cost)
    max_batch_values: int = int(B.API_BATCH_VALUES.hi)  # numbers one batch holds in a pass (NetShape.working)


SLICE_SECONDS = 0.025  # training runs in slices of about this much work, interleaved with other sessions'


def _accepts(factory, name: str) -> bool:
    """Whether an nnlib registry entry takes keyword `name`: the registries say which options apply."""
    return name in inspect.signature(factory).parameters


# ---------------------------------------------------------------- checks across fields

def _has_batchnorm(net: m.NetworkSpec) -> bool:
    return any(isinstance(layer, m.BatchNormSpec) for layer in net.layers)


def _has_dropout(net: m.NetworkSpec) -> bool:
    return any(isinstance(layer, m.DropoutSpec) for layer in net.layers)


def _targets(values, loc: Loc, errors: list) -> np.ndarray | None:
    """y as a float64 array: (n,) numbers or (n, k) rows of equal length."""
    if isinstance(values[0], list):
        return rows(values, loc, None, errors)
    return np.asarray(values, dtype=np.float64)


def check_targets(y: np.ndarray, loss: str, n: int, outputs: int, loc: Loc, errors: list) -> None:
    """y against the loss, the number of samples n and the output units of the network."""
    if y.shape[0] != n:
        errors.append((loc, f"expected {n} targets (one per sample of x), got {y.shape[0]}"))
        return
    if loss in ELEMENTWISE_LOSSES:
        shape_ok = y.shape == (n, outputs) or (y.ndim == 1 and outputs == 1)
        if not shape_ok:
            want = f"({n},) or ({n}, 1)" if outputs == 1 else f"({n}, {outputs})"
            errors.append((loc, f"loss {loss} needs targets shaped like the output: {want} for {outputs} output "
                                f"units, got {y.shape}"))
        elif loss == "bce" and np.any((y < 0) | (y > 1)):
            errors.append((loc, "loss bce needs targets in [0, 1]"))
        elif loss == "kl_div" and np.any(y < 0):
            errors.append((loc, "loss kl_div needs probabilities >= 0 as targets"))
    elif loss in ("nll", "cross_entropy"):
        if y.ndim == 1:
            if np.any(y != np.round(y)) or np.any(y < 0) or np.any(y >= outputs):
                errors.append((loc, f"loss {loss} needs class indices: integers in 0..{outputs - 1} "
                                    f"({outputs} output units)"))
        elif loss == "nll":
            errors.append((loc, f"loss nll needs class indices ({n},), got shape {y.shape}"))
        elif y.shape != (n, outputs):
            errors.append((loc, f"loss {loss} needs class indices ({n},) or probability rows ({n}, {outputs}), "
                                f"got {y.shape}"))
    elif loss == "margin_ranking":
        if outputs != 2:
            errors.append((("loss",), f"loss margin_ranking needs 2 output units (x1, x2), the network has "
                                      f"{outputs}"))
        if y.shape not in ((n,), (n, 1)) or not np.all(np.isin(y, (-1.0, 1.0))):
            errors.append((loc, f"loss margin_ranking needs {n} targets of +1 or -1"))


def _loss(req: m.LossOptions, errors: list) -> dict:
    if req.margin is not None and not _accepts(losses.LOSSES[req.loss], "margin"):
        errors.append((("margin",), f"loss {req.loss!r} takes no margin; only margin_ranking does"))
    return {} if req.margin is None or errors else {"margin": req.margin}


def _raise(errors: list) -> None:
    if errors:
        raise InputError(errors)


def _finite(*arrays) -> bool:
    return all(np.all(np.isfinite(a)) for a in arrays)


def _check_memory(batch: int, net: NetShape, loc: Loc, what: str, limits: Limits, errors: list) -> None:
    """A batch's working numbers (NetShape.working) against the cap."""
    if batch * net.working > limits.max_batch_values:
        errors.append((loc, f"{what} x numbers one sample holds in a pass (inputs, every layer's outputs, conv2d's "
                            f"windows) = {batch} x {net.working} = {batch * net.working} exceeds the limit "
                            f"{limits.max_batch_values}: at most {max(1, limits.max_batch_values // net.working)} "
                            f"{what} for this network"))


def _build(req, rng: np.random.Generator, x: np.ndarray) -> tuple[Sequential, cost.Shape]:
    """The network of the request (weights left out drawn from rng) and its cost shape, measured on x[0]."""
    model = spec.build(req.network.model_dump(exclude_none=True), rng, init=req.init)
    shape = cost.shape_of(model, x[0], batchnorm=_has_batchnorm(req.network), dropout=_has_dropout(req.network))
    return model, shape


# ---------------------------------------------------------------- trace

def trace(req: m.TraceRequest, limits: Limits = Limits()) -> dict:
    """One forward and backward pass with every intermediate value (see nnlib.trace.trace).

    rng = np.random.default_rng(seed) draws the weights left out, then the dropout masks (train mode).
    Returns the TraceResponse fields; arrays as nested lists: z, a, grad_a, grad_z are (samples, units) for a
    dense layer, (samples, out_channels, H', W') for a conv2d layer.
    """
    errors: list = []
    net = check_network(req.network, errors)
    x = check_x(req.x, net.inputs, ("x",), errors)
    y = _targets(req.y, ("y",), errors)
    loss_kw = _loss(req, errors)
    _raise(errors)
    n = x.shape[0]
    check_targets(y, req.loss, n, net.outputs, ("y",), errors)
    if req.mode == "train" and _has_batchnorm(req.network) and n < 2:
        errors.append((("x",), "batchnorm in train mode needs at least 2 samples (or send mode: eval)"))
    if n * net.traced > limits.trace_max_values:
        errors.append((("x",), f"samples x outputs (z) of the dense and conv2d layers = {n} x {net.traced} = "
                               f"{n * net.traced} exceeds the limit {limits.trace_max_values}: at most "
                               f"{max(1, limits.trace_max_values // net.traced)} samples for this network"))
    _check_memory(n, net, ("x",), "samples", limits, errors)
    _raise(errors)

    rng = np.random.default_rng(req.seed)
    model, shape = _build(req, rng, x)
    if cost.update_seconds(shape, n) > limits.max_seconds:
        fixed = cost.update_seconds(shape, 0)  # the estimate is fixed + per_row x samples
        largest = cost.updates_within(limits.max_seconds, cost.update_seconds(shape, 1) - fixed, fixed)
        _raise([(("x",), f"at most {max(1, largest)} samples for this network (about {limits.max_seconds:g} s of "
                         "work a request)")])
    network = spec.to_spec(model, net.inputs)  # as traced: a train-mode pass moves batchnorm's running stats
    model.train(req.mode == "train")
    reg = regularizers.make(req.regularization.kind, req.regularization.lam) if req.regularization else None
    # Overflow shows up as a non-finite value and is answered below, so numpy need not warn.
    with np.errstate(all="ignore"):
        out = nn_trace(model, x, y, losses.make(req.loss, **loss_kw), reg)
    layers = [{"type": "dense", **layer} for layer in out["layers"]]  # nnlib marks conv2d layers only
    arrays = [out["output"], out["loss"]] + [v for layer in layers for k, v in layer.items() if k != "type"]
    if not _finite(*arrays):
        raise InputError([(("network",), "the pass overflowed float64 (a value is no longer finite); use smaller "
                                         "weights or inputs")])
    return {
        "loss": float(out["loss"]),
        "data_loss": float(out["data_loss"]),
        "penalty": float(out["penalty"]),
        "output": out["output"].tolist(),
        "layers": [{"index": i, **{k: v if k == "type" else v.tolist() for k, v in layer.items()}}
                   for i, layer in zip(net.weighted, layers)],
        "network": network,
    }


# ---------------------------------------------------------------- train

def _data(req: m.TrainRequest, inputs, errors: list) -> tuple[np.ndarray | None, np.ndarray | None, Loc]:
    """(x, y, loc of y) from explicit arrays or a named data set drawn with default_rng(data.seed or seed);
    `inputs` are the network's (features, or (C, H, W))."""
    d = req.data
    if isinstance(d, m.ArrayData):
        x = check_x(d.x, inputs, ("data", "x"), errors)
        return x, _targets(d.y, ("data", "y"), errors), ("data", "y")
    seed = req.seed if d.seed is None else d.seed
    ds = data.make(d.dataset, n=d.n, noise=d.noise, rng=np.random.default_rng(seed))
    if not isinstance(inputs, int):
        errors.append((("network", "inputs"), f"data set {d.dataset} has rows of {ds.x.shape[1]} features, the "
                                              f"network takes images {list(inputs)}: send images as data {{x, y}}"))
        return None, None, ("data",)
    if ds.x.shape[1] != inputs:
        errors.append((("network", "inputs"), f"data set {d.dataset} has {ds.x.shape[1]} features, the network "
                                              f"{inputs} inputs"))
        return None, None, ("data",)
    return ds.x, ds.y.astype(np.float64), ("data", "dataset")


def _options(req: m.TrainRequest, errors: list) -> tuple[dict, dict]:
    """Keyword arguments of the optimizer and the schedule; an option the chosen one does not take is an error."""
    opt_kw, sched_kw = {}, {}
    o = req.optimizer
    if o.momentum is not None:
        if _accepts(optimizers.OPTIMIZERS[o.name], "momentum"):
            opt_kw["momentum"] = o.momentum
        else:
            errors.append((("optimizer", "momentum"), f"optimizer {o.name!r} takes no momentum; only "
                           + ", ".join(k for k, c in optimizers.OPTIMIZERS.items() if _accepts(c, "momentum"))
                           + " do"))
    if req.schedule is not None:
        s = req.schedule
        for key in ("decay", "step_size", "gamma"):
            value = getattr(s, key)
            if value is None:
                continue
            if _accepts(schedules.SCHEDULES[s.name], key):
                sched_kw[key] = value
            else:
                errors.append((("schedule", key), f"schedule {s.name!r} takes no {key}"))
    return opt_kw, sched_kw


def train(req: m.TrainRequest, limits: Limits = Limits()) -> dict:
    """train_slices run to the end: the TrainResponse fields."""
    slices = train_slices(req, limits)
    while True:
        try:
            next(slices)
        except StopIteration as done:
            return done.value


def train_slices(req: m.TrainRequest, limits: Limits = Limits()):
    """Minibatch training for `epochs` epochs (nnlib.training.Trainer), as a generator for the compute pool: it
    yields after each slice of about SLICE_SECONDS and returns the TrainResponse fields. The checks run before
    the first yield.

    rng = np.random.default_rng(seed) draws the weights left out, the dropout masks and each epoch's shuffle.
    With shuffle false the batches are consecutive slices in data order, the last one possibly smaller.
    A run whose loss or weights stop being finite ends with status "diverged" and the finite history before it.
    """
    errors: list = []
    net = check_network(req.network, errors)
    loss_kw = _loss(req, errors)
    opt_kw, sched_kw = _options(req, errors)
    _raise(errors)
    x, y, y_loc = _data(req, net.inputs, errors)
    _raise(errors)
    n = x.shape[0]
    check_targets(y, req.loss, n, net.outputs, y_loc, errors)
    if req.batch_size > n:
        errors.append((("batch_size",), f"batch_size must be in 1..{n} (the number of samples), got "
                                        f"{req.batch_size}"))
    elif _has_batchnorm(req.network) and (req.batch_size < 2 or n % req.batch_size == 1):
        errors.append((("batch_size",), f"batchnorm needs every batch to hold >= 2 samples; {n} samples in "
                                        f"batches of {req.batch_size} leave a batch of 1"))
    passes = n * req.epochs
    if passes > limits.train_max_sample_passes:
        errors.append((("epochs",), f"samples x epochs = {n} x {req.epochs} = {passes} exceeds the limit "
                                    f"{limits.train_max_sample_passes}"))
    per_epoch = -(-n // req.batch_size)
    updates = req.epochs * per_epoch
    if updates > limits.train_max_updates:
        errors.append((("epochs",), f"updates = epochs x ceil(samples / batch_size) = {req.epochs} x "
                                    f"{per_epoch} = {updates} exceeds the limit "
                                    f"{limits.train_max_updates}; use fewer epochs or larger batches"))
    if req.batch_size <= n:
        _check_memory(req.batch_size, net, ("batch_size",), "batch_size", limits, errors)
    _raise(errors)

    rng = np.random.default_rng(req.seed)
    model, shape = _build(req, rng, x)
    per_update = cost.update_seconds(shape, req.batch_size)
    if updates * per_update > limits.max_seconds:
        largest = max(1, cost.updates_within(limits.max_seconds, per_update) // per_epoch)
        _raise([(("epochs",), f"at most {largest} epochs for this network, data and batch size (about "
                              f"{limits.max_seconds:g} s of work a request)")])
    opt = optimizers.make(req.optimizer.name, model.parameters(), req.optimizer.lr, **opt_kw)
    schedule = schedules.make(req.schedule.name, req.optimizer.lr, **sched_kw) if req.schedule else None
    reg = regularizers.make(req.regularization.kind, req.regularization.lam) if req.regularization else None
    trainer = Trainer(model, losses.make(req.loss, **loss_kw), opt, x, y, req.batch_size, req.shuffle, rng,
                      schedule, reg)
    status, diverged_at = "ok", None
    chunk = max(1, cost.updates_within(SLICE_SECONDS, per_update))
    try:
        for start in range(0, updates, chunk):
            for _ in range(min(chunk, updates - start)):
                trainer.update()
            yield
    except Diverged as exc:
        status, diverged_at = "diverged", exc.step
    network = spec.to_spec(model, net.inputs) if status == "ok" else None
    if network is not None and not _finite(*(p.data for p in model.parameters())):
        status, network = "diverged", None  # defensive: the Trainer checks after every update
    h = trainer.history
    return {"status": status, "diverged_at": diverged_at,
            "history": {"loss": h["loss"], "epoch_loss": h["epoch_loss"], "lr": h["lr"]},
            "network": network}


# ---------------------------------------------------------------- attention

def attention(req: AttentionRequest, limits: Limits = Limits()) -> dict:
    """Attention(Q, K, V) = softmax(S) V with S = Q K^T / sqrt(d_k) (nnlib.attention): the AttentionResponse
    fields. q (Tq, d_k), k (Tk, d_k), v (Tk, d_v) -> scores and weights (Tq, Tk), output (Tq, d_v); a score the
    causal mask hides (-inf) is None (JSON null). `limits` is unused: the bounds keep the work under a millisecond.
    """
    errors: list = []
    q, k, v = (rows(getattr(req, name), (name,), None, errors) for name in ("q", "k", "v"))
    _raise(errors)
    if k.shape[1] != q.shape[1]:
        errors.append((("k",), f"expected rows of {q.shape[1]} numbers (d_k, as the rows of q), got {k.shape[1]}"))
    if v.shape[0] != k.shape[0]:
        errors.append((("v",), f"expected {k.shape[0]} rows (Tk: one value per key), got {v.shape[0]}"))
    if req.causal and q.shape[0] != k.shape[0]:
        errors.append((("causal",), f"causal attention needs as many queries as keys (Tq == Tk), got Tq = "
                                    f"{q.shape[0]} and Tk = {k.shape[0]}"))
    _raise(errors)
    output, weights, scores = scaled_dot_product_attention(q, k, v, scale=req.scale, causal=req.causal)
    if not _finite(output, weights):  # not reached within the bounds (|S| <= 64e12), kept as a guard
        raise InputError([(("q",), "the scores overflowed float64; use smaller numbers")])
    masked = np.isneginf(scores)
    return {"scores": [[None if hidden else float(s) for s, hidden in zip(row, mask)]
                       for row, mask in zip(scores.tolist(), masked.tolist())],
            "weights": weights.tolist(), "output": output.tolist()}
