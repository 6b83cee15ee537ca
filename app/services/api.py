"""What the JSON API v1 does, callable without HTTP: trace one pass, train a network.

The request models (app.api_models) bound each field alone; here the checks that need several fields (weight
shapes, targets against the loss and the output units, cost caps) run before any work, and every failure is an
`InputError` listing (loc, message) pairs, loc being the path of the field in the request body. The router turns
it, and any ValueError from nnlib, into FastAPI's standard 422 body.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np

from app import api_models as m
from app.runs import cost
from nnlib import activations, data, losses, optimizers, regularizers, schedules, spec
from nnlib.layers import Sequential
from nnlib.trace import ELEMENTWISE_LOSSES
from nnlib.trace import trace as nn_trace
from nnlib.training import Diverged, Trainer

Loc = tuple[str | int, ...]


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
    trace_max_values: int = 100_000  # samples x units summed over dense layers
    max_seconds: float = 1.5  # estimated work of one request (app.runs.cost)


SLICE_SECONDS = 0.025  # training runs in slices of about this much work, interleaved with other sessions'


def _shape(net: m.NetworkSpec, units: list[int]) -> cost.Shape:
    return cost.Shape.dense((net.inputs, *units), batchnorm=_has_batchnorm(net),
                      dropout=any(isinstance(layer, m.DropoutSpec) for layer in net.layers))


def _accepts(factory, name: str) -> bool:
    """Whether an nnlib registry entry takes keyword `name`: the registries say which options apply."""
    return name in inspect.signature(factory).parameters


# ---------------------------------------------------------------- checks across fields

def check_network(net: m.NetworkSpec, errors: list) -> list[int]:
    """Weight, bias and batchnorm shapes against the layer sizes; returns the units of each dense layer."""
    features, units = net.inputs, []
    for i, layer in enumerate(net.layers):
        at: Loc = ("network", "layers", i)
        if isinstance(layer, m.DenseSpec):
            if layer.alpha is not None and layer.activation not in activations.ALPHA_DEFAULTS:
                errors.append((at + ("alpha",), f"activation {layer.activation!r} takes no alpha; only "
                                                 f"{', '.join(activations.ALPHA_DEFAULTS)} do"))
            if layer.weight is not None:
                w = layer.weight
                if len(w) != layer.units:
                    errors.append((at + ("weight",), f"expected {layer.units} rows (units) of {features} numbers "
                                                     f"(inputs of this layer), got {len(w)} rows"))
                for r, row in enumerate(w):
                    if len(row) != features:
                        errors.append((at + ("weight", r), f"expected {features} numbers (inputs of this layer), "
                                                           f"got {len(row)}"))
                        break
            if layer.bias is not None and len(layer.bias) != layer.units:
                errors.append((at + ("bias",), f"expected {layer.units} numbers (units), got {len(layer.bias)}"))
            features = layer.units
            units.append(layer.units)
        elif isinstance(layer, m.BatchNormSpec):
            for key in ("gamma", "beta", "running_mean", "running_var"):
                values = getattr(layer, key)
                if values is not None and len(values) != features:
                    errors.append((at + (key,), f"expected {features} numbers (features before this layer), "
                                                f"got {len(values)}"))
    if not units:
        errors.append((("network", "layers"), "expected at least one dense layer"))
    return units


def _has_batchnorm(net: m.NetworkSpec) -> bool:
    return any(isinstance(layer, m.BatchNormSpec) for layer in net.layers)


def _rows(values, loc: Loc, width: int | None, errors: list) -> np.ndarray | None:
    """A list of equally long rows as a (n, width) float64 array, or None after recording the error."""
    want = width if width is not None else len(values[0])
    for r, row in enumerate(values):
        if len(row) != want:
            what = "inputs" if width is not None else "numbers, like row 0"
            errors.append((loc + (r,), f"expected {want} numbers ({what}), got {len(row)}"))
            return None
    return np.asarray(values, dtype=np.float64)


def _targets(values, loc: Loc, errors: list) -> np.ndarray | None:
    """y as a float64 array: (n,) numbers or (n, k) rows of equal length."""
    if isinstance(values[0], list):
        return _rows(values, loc, None, errors)
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


# ---------------------------------------------------------------- trace

def trace(req: m.TraceRequest, limits: Limits = Limits()) -> dict:
    """One forward and backward pass with every intermediate value (see nnlib.trace.trace).

    rng = np.random.default_rng(seed) draws the weights left out, then the dropout masks (train mode).
    Returns the TraceResponse fields; arrays as nested lists, (samples, units) for z, a, grad_a, grad_z.
    """
    errors: list = []
    units = check_network(req.network, errors)
    x = _rows(req.x, ("x",), req.network.inputs, errors)
    y = _targets(req.y, ("y",), errors)
    loss_kw = _loss(req, errors)
    _raise(errors)
    n = x.shape[0]
    check_targets(y, req.loss, n, units[-1], ("y",), errors)
    if req.mode == "train" and _has_batchnorm(req.network) and n < 2:
        errors.append((("x",), "batchnorm in train mode needs at least 2 samples (or send mode: eval)"))
    if n * sum(units) > limits.trace_max_values:
        errors.append((("x",), f"samples x units of all dense layers = {n} x {sum(units)} = {n * sum(units)} "
                               f"exceeds the limit {limits.trace_max_values}"))
    elif cost.update_seconds(_shape(req.network, units), n) > limits.max_seconds:
        per_row = cost.update_seconds(_shape(req.network, units), 1)
        errors.append((("x",), f"at most {max(1, int(limits.max_seconds / per_row))} samples for this network "
                               f"(about {limits.max_seconds:g} s of work a request)"))
    _raise(errors)

    rng = np.random.default_rng(req.seed)
    model = spec.build(req.network.model_dump(exclude_none=True), rng, init=req.init)
    network = spec.to_spec(model, req.network.inputs)  # as traced: a train-mode pass moves batchnorm's running stats
    model.train(req.mode == "train")
    reg = regularizers.make(req.regularization.kind, req.regularization.lam) if req.regularization else None
    # Overflow shows up as a non-finite value and is answered below, so numpy need not warn.
    with np.errstate(all="ignore"):
        out = nn_trace(model, x, y, losses.make(req.loss, **loss_kw), reg)
    arrays = [out["output"], out["loss"]] + [v for layer in out["layers"] for v in layer.values()]
    if not _finite(*arrays):
        raise InputError([(("network",), "the pass overflowed float64 (a value is no longer finite); use smaller "
                                         "weights or inputs")])
    dense_at = [i for i, layer in enumerate(req.network.layers) if isinstance(layer, m.DenseSpec)]
    return {
        "loss": float(out["loss"]),
        "data_loss": float(out["data_loss"]),
        "penalty": float(out["penalty"]),
        "output": out["output"].tolist(),
        "layers": [{"index": i, **{k: v.tolist() for k, v in layer.items()}}
                   for i, layer in zip(dense_at, out["layers"])],
        "network": network,
    }


# ---------------------------------------------------------------- train

def _data(req: m.TrainRequest, errors: list) -> tuple[np.ndarray | None, np.ndarray | None, Loc]:
    """(x, y, loc of y) from explicit arrays or a named data set drawn with default_rng(data.seed or seed)."""
    d = req.data
    if isinstance(d, m.ArrayData):
        x = _rows(d.x, ("data", "x"), req.network.inputs, errors)
        return x, _targets(d.y, ("data", "y"), errors), ("data", "y")
    seed = req.seed if d.seed is None else d.seed
    ds = data.make(d.dataset, n=d.n, noise=d.noise, rng=np.random.default_rng(seed))
    if ds.x.shape[1] != req.network.inputs:
        errors.append((("network", "inputs"), f"data set {d.dataset} has {ds.x.shape[1]} features, the network "
                                              f"{req.network.inputs} inputs"))
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
    units = check_network(req.network, errors)
    loss_kw = _loss(req, errors)
    opt_kw, sched_kw = _options(req, errors)
    _raise(errors)
    x, y, y_loc = _data(req, errors)
    _raise(errors)
    n = x.shape[0]
    check_targets(y, req.loss, n, units[-1], y_loc, errors)
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
    per_update = cost.update_seconds(_shape(req.network, units), req.batch_size)
    if updates > limits.train_max_updates:
        errors.append((("epochs",), f"updates = epochs x ceil(samples / batch_size) = {req.epochs} x "
                                    f"{per_epoch} = {updates} exceeds the limit "
                                    f"{limits.train_max_updates}; use fewer epochs or larger batches"))
    elif updates * per_update > limits.max_seconds:
        largest = max(1, cost.updates_within(limits.max_seconds, per_update) // per_epoch)
        errors.append((("epochs",), f"at most {largest} epochs for this network, data and batch size (about "
                                    f"{limits.max_seconds:g} s of work a request)"))
    _raise(errors)

    rng = np.random.default_rng(req.seed)
    model: Sequential = spec.build(req.network.model_dump(exclude_none=True), rng, init=req.init)
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
    network = spec.to_spec(model, req.network.inputs) if status == "ok" else None
    if network is not None and not _finite(*(p.data for p in model.parameters())):
        status, network = "diverged", None  # defensive: the Trainer checks after every update
    h = trainer.history
    return {"status": status, "diverged_at": diverged_at,
            "history": {"loss": h["loss"], "epoch_loss": h["epoch_loss"], "lr": h["lr"]},
            "network": network}
