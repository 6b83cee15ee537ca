"""Building a run from an experiment: its data (split, scaled, augmented), its network, loss, optimizer and
trainer. Everything here is a pure function of the experiment (and its seeds), so a run can be rebuilt anywhere
from its experiment alone and then given its saved state (app.runs.export).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlib import data, losses, optimizers, regularizers, schedules, spec
from nnlib.layers import Sequential
from nnlib.losses import Loss
from nnlib.training import Trainer

from .experiment import Experiment

# Input features of the 2-D data sets, from the raw coordinates x (n, 2).
FEATURE_FUNCTIONS = {
    "x1": lambda x1, x2: x1, "x2": lambda x1, x2: x2, "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2, "x1*x2": lambda x1, x2: x1 * x2,
    "sin x1": lambda x1, x2: np.sin(x1), "sin x2": lambda x1, x2: np.sin(x2),
}
LOSSES_BY_TASK = {"regression": ("mse", "mae"), "binary": ("bce", "mse", "cross_entropy"),
                  "multiclass": ("cross_entropy",)}


def features(x: np.ndarray, names: list[str]) -> np.ndarray:
    """Feature columns from raw 2-D coordinates x (n, 2) -> (n, len(names))."""
    x1, x2 = x[:, 0], x[:, 1]
    return np.stack([FEATURE_FUNCTIONS[name](x1, x2) for name in names], axis=1)


def task_loss(task: str, choice: str) -> tuple[str, str, int | None]:
    """(loss name, output activation, output units or None for 'one per class') for a task."""
    allowed = LOSSES_BY_TASK[task]
    name = allowed[0] if choice == "auto" else choice
    if name not in allowed:
        raise ValueError(f"loss: {name!r} does not fit a {task} task; choose one of {', '.join(allowed)}")
    if name == "cross_entropy":
        return name, "identity", None  # logits; softmax is inside the loss
    if task == "binary":
        return name, "sigmoid", 1
    return name, "identity", 1


MAX_BATCH_VALUES = 2**18  # numbers in one batch's activations (batch x widths): bounds a run's working memory


def check_batch(rows: int, batch_size: int, batchnorm: bool) -> None:
    """A batch size the training set and the network allow; raises ValueError naming batch_size."""
    if batch_size > rows:
        raise ValueError(f"batch_size: at most the training-set size, {rows}")
    if batchnorm and (batch_size < 2 or rows % batch_size == 1):
        raise ValueError(f"batch_size: with batch normalization every batch needs at least 2 samples; the training "
                         f"set has {rows} rows, so {batch_size} would leave a batch of one")


def optimizer_for(exp: Experiment, params):
    o = exp.optimizer
    kw = {"momentum": o.momentum} if o.name.value == "momentum" else {}
    return optimizers.make(o.name.value, params, o.lr, **kw)


def schedule_for(exp: Experiment):
    s = exp.schedule
    kw = {"constant": {}, "exponential": {"decay": s.decay},
          "step": {"step_size": s.step_size, "gamma": s.gamma}}[s.name.value]
    return schedules.make(s.name.value, exp.optimizer.lr, **kw)


def regularizer_for(exp: Experiment):
    r = exp.regularization
    return None if r.kind == "none" else regularizers.make(r.kind, r.lam)


@dataclass
class Setup:
    """What an experiment builds: the data in its parts (x scaled, y, x raw), the network and its trainer."""

    task: str
    raw: data.Dataset  # the whole data set as drawn (raw coordinates)
    feature_names: list[str]
    synthetic: bool  # a 2-D set whose model inputs are the chosen features
    parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # name -> (x scaled, y, x raw)
    scaler: object  # a fitted scaler of nnlib.data.SCALERS
    inputs: int
    loss: Loss
    model: Sequential
    trainer: Trainer
    rng: np.random.Generator


def targets(loss: Loss, y: np.ndarray) -> np.ndarray:
    """y as the loss wants it: floats for the elementwise losses, class indices for the others."""
    return y.astype(np.float64) if loss.name in ("bce", "mse", "mae") else y


def build(exp: Experiment) -> Setup:
    """Everything a run needs, from the experiment alone. Raises ValueError naming the field at fault."""
    ds = data.make(exp.dataset.value, n=exp.n, noise=exp.noise, rng=np.random.default_rng(exp.data_seed),
                   **({"classes": exp.classes} if exp.dataset.value == "blobs" else {}))
    x, names = ds.x, list(ds.feature_names)
    # The synthetic 2-D sets get the chosen features; fruit and iris keep theirs.
    synthetic = ds.x.shape[1] == 2
    if synthetic:
        x, names = features(x, list(exp.features)), list(exp.features)
    if ds.x.shape[1] > 1 and not all(0 <= v < ds.x.shape[1] for v in exp.view):
        raise ValueError(f"view: indices must be in 0..{ds.x.shape[1] - 1}")
    train, val, test = data.split((x, ds.y, ds.x), val=exp.val, test=exp.test,
                                  rng=np.random.default_rng(exp.data_seed + 1))
    scaler = data.SCALERS[exp.scaling]()
    scaler.fit(train[0])
    parts = {name: (scaler.transform(p[0]) if len(p[0]) else p[0], p[1], p[2])
             for name, p in (("train", train), ("val", val), ("test", test))}
    # What the trainer sees: the training part, plus its noisy copies when augmenting (after scaling, so sigma is
    # in model-input units). parts["train"] keeps the original rows, on which training loss and accuracy are
    # measured.
    x_fit, y_fit = parts["train"][0], train[1]
    if exp.augment_copies:
        x_fit, y_fit = data.augment_noise(x_fit, y_fit, exp.augment_copies, exp.augment_sigma,
                                          np.random.default_rng(exp.data_seed + 2))
    check_batch(len(x_fit), exp.batch_size, exp.batchnorm)
    loss_name, out_act, out_units = task_loss(ds.task, exp.loss)
    if exp.output_activation.value != "auto":
        out_act = exp.output_activation.value
    loss = losses.make(loss_name)
    layers: list[dict] = []
    given = exp.weights or []
    for i, h in enumerate(exp.hidden):
        layers.append({"units": h.units, "activation": h.activation.value, "alpha": h.alpha,
                       **(given[i].model_dump() if given else {})})
        if exp.batchnorm:
            layers.append({"type": "batchnorm"})
        layers.append({"type": "dropout", "p": exp.dropout})
    layers.append({"units": out_units or len(ds.classes), "activation": out_act,
                   **(given[-1].model_dump() if given else {})})
    widths = [x.shape[1], *(h.units for h in exp.hidden), out_units or len(ds.classes)]
    if exp.batch_size * sum(widths) > MAX_BATCH_VALUES:
        largest = MAX_BATCH_VALUES // sum(widths)
        raise ValueError(f"batch_size: at most {largest} for this network (a batch's activations are capped at "
                         f"{MAX_BATCH_VALUES:,} numbers)")
    rng = np.random.default_rng(exp.seed)
    try:
        model = spec.build({"inputs": x.shape[1], "layers": layers}, rng, init=exp.init.value)
    except ValueError as exc:  # "layers[k].weight: expected shape ..." -> name the experiment's field
        raise ValueError(f"weights: {exc}") from None
    trainer = Trainer(model, loss, optimizer_for(exp, model.parameters()), x_fit, targets(loss, y_fit),
                      exp.batch_size, exp.shuffle, rng, schedule=schedule_for(exp),
                      regularizer=regularizer_for(exp), record_history=False)
    return Setup(ds.task, ds, names, synthetic, parts, scaler, x.shape[1], loss, model, trainer, rng)
