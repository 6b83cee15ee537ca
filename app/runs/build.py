"""Building a run from an experiment: its data (split, scaled, augmented), its network, loss, optimizer and
trainer. Everything here is a pure function of the experiment (and its seeds), so a run can be rebuilt anywhere
from its experiment alone and then given its saved state (app.runs.export).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlib import data, images, losses, optimizers, regularizers, schedules, sequences, spec
from nnlib.layers import Sequential
from nnlib.losses import Loss
from nnlib.training import Trainer

from . import cost
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
    raw: data.Dataset | Samples  # the whole data set as drawn (raw coordinates, images or sequences)
    feature_names: list[str]
    synthetic: bool  # a 2-D set whose model inputs are the chosen features
    parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # name -> (x scaled, y, x raw)
    scaler: object  # a fitted scaler of nnlib.data.SCALERS
    inputs: int | tuple[int, ...]  # what the network takes per sample: features, (C, H, W), or token features
    loss: Loss
    model: Sequential
    trainer: Trainer
    rng: np.random.Generator
    shape: cost.Shape  # the network's size for the cost model


@dataclass(eq=False)
class Samples:
    """Data that is not a table of features (images, token sequences): x (n, ...), y (n,) or (n, T)."""

    x: np.ndarray
    y: np.ndarray
    task: str
    classes: list[str]
    name: str


def targets(loss: Loss, y: np.ndarray) -> np.ndarray:
    """y as the loss wants it: floats for the elementwise losses, class indices for the others."""
    return y.astype(np.float64) if loss.name in ("bce", "mse", "mae") else y


@dataclass
class Data:
    """What the data step gives the network step."""

    raw: data.Dataset | Samples
    names: list[str]
    synthetic: bool
    parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    scaler: object
    x_fit: np.ndarray
    y_fit: np.ndarray
    inputs: int | tuple[int, ...]


def _split(exp: Experiment, x, y, raw) -> tuple[dict, object]:
    train, val, test = data.split((x, y, raw), val=exp.val, test=exp.test, rng=np.random.default_rng(exp.data_seed + 1))
    scaler = data.SCALERS[exp.scaling]() if x.ndim == 2 else data.SCALERS["none"]()
    if x.ndim == 2:
        scaler.fit(train[0])
    parts = {name: (scaler.transform(p[0]) if (len(p[0]) and x.ndim == 2) else p[0], p[1], p[2])
             for name, p in (("train", train), ("val", val), ("test", test))}
    return parts, scaler


def table_data(exp: Experiment) -> Data:
    """A table of features (model mlp): the data set drawn, the chosen features of a 2-D set, split, scaled on the
    training part, augmented."""
    ds = data.make(exp.dataset.value, n=exp.n, noise=exp.noise, rng=np.random.default_rng(exp.data_seed),
                   **({"classes": exp.classes} if exp.dataset.value == "blobs" else {}))
    x, names = ds.x, list(ds.feature_names)
    # The synthetic 2-D sets get the chosen features; fruit and iris keep theirs.
    synthetic = ds.x.shape[1] == 2
    if synthetic:
        x, names = features(x, list(exp.features)), list(exp.features)
    if ds.x.shape[1] > 1 and not all(0 <= v < ds.x.shape[1] for v in exp.view):
        raise ValueError(f"view: indices must be in 0..{ds.x.shape[1] - 1}")
    parts, scaler = _split(exp, x, ds.y, ds.x)
    # What the trainer sees: the training part, plus its noisy copies when augmenting (after scaling, so sigma is
    # in model-input units). parts["train"] keeps the original rows, on which training loss and accuracy are
    # measured.
    x_fit, y_fit = parts["train"][0], parts["train"][1]
    if exp.augment_copies:
        x_fit, y_fit = data.augment_noise(x_fit, y_fit, exp.augment_copies, exp.augment_sigma,
                                          np.random.default_rng(exp.data_seed + 2))
    return Data(ds, names, synthetic, parts, scaler, x_fit, y_fit, x.shape[1])


def digits_data(exp: Experiment) -> Data:
    """The 8x8 handwritten digits (model lenet): n of the 1,797 images, drawn by data_seed, split."""
    x, y = images.digits()
    keep = np.random.default_rng(exp.data_seed).permutation(len(x))[:min(exp.n, len(x))]
    raw = Samples(x[keep], y[keep], "multiclass", list(images.DIGITS_CLASSES), "digits")
    parts, scaler = _split(exp, raw.x, raw.y, raw.x)
    return Data(raw, ["pixels"], False, parts, scaler, parts["train"][0], parts["train"][1], images.DIGITS_SHAPE)


def sequence_data(exp: Experiment) -> Data:
    """A toy sequence task (model attention): n token sequences with their targets, split."""
    q = exp.sequence
    ds = sequences.make(q.task, exp.n, q.length, q.vocab, np.random.default_rng(exp.data_seed))
    raw = Samples(ds.x, ds.y, "multiclass", [str(v) for v in range(q.vocab)], q.task)
    parts, scaler = _split(exp, ds.x, ds.y, ds.tokens)
    return Data(raw, ["tokens"], False, parts, scaler, parts["train"][0], parts["train"][1], ds.x.shape[2])


def _dense_layers(exp: Experiment, given: list) -> list[dict]:
    """The hidden layers as spec entries; with `residual`, a layer as wide as the one before is y = x + f(Wx + b)."""
    layers: list[dict] = []
    width = None
    for i, h in enumerate(exp.hidden):
        dense = {"units": h.units, "activation": h.activation.value, "alpha": h.alpha,
                 **(given[i].model_dump() if given else {})}
        layers.append({"type": "residual", "layers": [dense]} if exp.residual and h.units == width else dense)
        width = h.units
        if exp.batchnorm:
            layers.append({"type": "batchnorm"})
        layers.append({"type": "dropout", "p": exp.dropout})
    return layers


def mlp_layers(exp: Experiment, d: Data, out: dict) -> list[dict]:
    given = exp.weights or []
    return [*_dense_layers(exp, given), {**out, **(given[-1].model_dump() if given else {})}]


def lenet_layers(exp: Experiment, d: Data, out: dict) -> list[dict]:
    c1, c2 = exp.conv.channels
    k = exp.conv.kernel
    conv = {"type": "conv2d", "kernel_size": k, "padding": k // 2, "activation": "relu"}
    return [{**conv, "out_channels": c1}, {"type": "maxpool2d", "kernel_size": 2},
            {**conv, "out_channels": c2}, {"type": "maxpool2d", "kernel_size": 2}, {"type": "flatten"},
            *_dense_layers(exp, []), out]


def attention_layers(exp: Experiment, d: Data, out: dict) -> list[dict]:
    q = exp.sequence
    return [{"type": "attention", "d_k": q.d_k, "d_v": q.d_k, "causal": q.causal, "scale": q.scale},
            *_dense_layers(exp, []), out]


# model -> (data step, network step)
MODELS = {
    "mlp": (table_data, mlp_layers),
    "lenet": (digits_data, lenet_layers),
    "attention": (sequence_data, attention_layers),
}


def build(exp: Experiment) -> Setup:
    """Everything a run needs, from the experiment alone. Raises ValueError naming the field at fault."""
    make_data, make_layers = MODELS[exp.model]
    d = make_data(exp)
    check_batch(len(d.x_fit), exp.batch_size, exp.batchnorm)
    loss_name, out_act, out_units = task_loss(d.raw.task, exp.loss)
    if exp.output_activation.value != "auto":
        out_act = exp.output_activation.value
    if loss_name == "bce" and out_act != "sigmoid":  # PyTorch's BCELoss too takes probabilities only
        raise ValueError(f"output_activation: bce needs outputs in [0, 1], which {out_act} does not keep: "
                         "sigmoid (or auto)")
    loss = losses.make(loss_name)
    layers = make_layers(exp, d, {"units": out_units or len(d.raw.classes), "activation": out_act})
    rng = np.random.default_rng(exp.seed)
    inputs = list(d.inputs) if isinstance(d.inputs, tuple) else d.inputs
    try:
        model = spec.build({"inputs": inputs, "layers": layers}, rng, init=exp.init.value)
    except ValueError as exc:  # "layers[k].weight: expected shape ..." -> name the experiment's field
        raise ValueError(f"weights: {exc}") from None
    shape = cost.shape_of(model, d.x_fit[0], batchnorm=exp.batchnorm, dropout=exp.dropout > 0)
    if exp.batch_size * shape.values > MAX_BATCH_VALUES:
        largest = MAX_BATCH_VALUES // shape.values
        raise ValueError(f"batch_size: at most {largest} for this network (a batch's activations are capped at "
                         f"{MAX_BATCH_VALUES:,} numbers)")
    trainer = Trainer(model, loss, optimizer_for(exp, model.parameters()), d.x_fit, targets(loss, d.y_fit),
                      exp.batch_size, exp.shuffle, rng, schedule=schedule_for(exp),
                      regularizer=regularizer_for(exp), record_history=False)
    return Setup(d.raw.task, d.raw, d.names, d.synthetic, d.parts, d.scaler, d.inputs, loss, model, trainer, rng,
                 shape)
