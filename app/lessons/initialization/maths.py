"""Lesson 5 (slides 27-29): values and gradients through a chain, initialization, data scaling.

Three computations, all done by nnlib; this module calls nnlib and names the numbers (the page's state is
app/lessons/initialization/state.py).

1. The lecture's chains: `depth` one-neuron layers y_i = max(w y_(i-1) + b, 0) with y_0 = x, built with
   `nnlib.spec.build` as a Sequential of Dense(1, 1, relu) (weight (1, 1), bias (1,)). At x = 1 the chain
   y = max(20x - 10, 0) gives 10, 190, 3790, 75790 (explodes) and y = max(0.2x, 0) gives 0.2, 0.04, 0.008,
   0.0016 (vanishes). Gradients: the model's own backward with d y_n / d y_n = 1, so each layer's grad_z is
   d y_n / d z_i and its weight gradient d y_n / d w_i.
2. A deep network at initialization: `depth` hidden Dense(width, width) layers with the chosen activation,
   a Dense(width, 1) output, weights drawn by the chosen initializer, on a batch of N_PROBE standard-normal
   inputs (N_PROBE, width) with standard-normal targets (N_PROBE, 1) and the mse loss, through
   `nnlib.trace.trace`: per hidden layer a histogram of its activations (N_PROBE * width values, common bin
   edges for every layer), their mean and std, and per dense layer the norm of dL/dW.
3. The live runs (training in the browser): `experiment(...)` is the Experiment JSON the page's script posts to
   /api/v1/runs (Iris, depth x width hidden layers, the chosen initializer, activation and scaling).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from app import bounds as B
from app.runs.experiment import Experiment
from nnlib import activations, data, initializers, losses
from nnlib.spec import build, to_spec
from nnlib.trace import trace

# ---------------------------------------------------------------- 1. the lecture's chains

CHAINS = ("a", "b")  # a: the exploding chain of the slide, b: the vanishing one


@dataclass(frozen=True)
class Chain:
    """One chain: per layer i = 1..depth the pre-activation z_i, the output y_i, and the gradients of the
    chain's output y_n: d y_n / d z_i and d y_n / d w_i, d y_n / d b_i; `dx` = d y_n / d x."""

    w: float
    b: float
    z: list[float]
    y: list[float]
    dz: list[float]
    dw: list[float]
    db: list[float]
    dx: float

    @property
    def finite(self) -> bool:
        return all(math.isfinite(v) for v in [*self.z, *self.y, *self.dz, *self.dw, *self.db, self.dx])


def chain_spec(w: float, b: float, depth: int) -> dict:
    """`depth` Dense(1, 1) ReLU layers, each with weight [[w]] and bias [b]."""
    return {"inputs": 1, "layers": [{"units": 1, "activation": "relu", "weight": [[w]], "bias": [b]}] * depth}


def chain(w: float, b: float, depth: int, x: float) -> Chain:
    """Forward x (1, 1) through the chain and backward from d y_n / d y_n = 1 (the model's own backward)."""
    model = build(chain_spec(w, b, depth), np.random.default_rng(0))  # every weight is given: rng draws nothing
    model.zero_grad()
    with np.errstate(all="ignore"):
        out = model.forward(np.array([[x]]))
        dx = model.backward(np.ones_like(out))
    dense = model.dense_layers()
    return Chain(w, b, [float(d.z[0, 0]) for d in dense], [float(d.a[0, 0]) for d in dense],
                 [float(d.grad_z[0, 0]) for d in dense], [float(d.weight.grad[0, 0]) for d in dense],
                 [float(d.bias.grad[0]) for d in dense], float(dx[0, 0]))


# ---------------------------------------------------------------- 2. a deep network at initialization

# The initializers the page offers: id -> (nnlib initializer, its keyword arguments).
INITS: dict[str, tuple[str, dict]] = {
    "normal_001": ("normal", {"std": 0.01}),
    "normal_1": ("normal", {"std": 1.0}),
    "xavier_normal": ("xavier_normal", {}),
    "xavier_uniform": ("xavier_uniform", {}),
    "he_normal": ("he_normal", {}),
    "he_uniform": ("he_uniform", {}),
}
# Message keys of the choices and names the page shows (written out, so the catalog check finds each one).
INIT_LABELS = {"normal_001": "init.choice.normal_001", "normal_1": "init.choice.normal_1",
               "xavier_normal": "init.choice.xavier_normal", "xavier_uniform": "init.choice.xavier_uniform",
               "he_normal": "init.choice.he_normal", "he_uniform": "init.choice.he_uniform"}
SCALING_LABELS = {"none": "init.scaling.none", "minmax": "init.scaling.minmax", "standard": "init.scaling.standard"}
SCALED_LABELS = {"minmax": "init.s2.row1_scaled.minmax", "standard": "init.s2.row1_scaled.standard"}
SHAPE_LABELS = {"first": "init.bounds.first", "hidden": "init.bounds.hidden", "output": "init.bounds.output"}
ACTIVATIONS = tuple(a for a in activations.ACTIVATIONS if a not in ("softmax", "prelu"))
SCALINGS = tuple(data.SCALERS)
N_PROBE = 256  # inputs of the at-initialization batch
PROBE_SEED = 2024  # the batch is the same for every setting, so only the network changes
BINS = 30
SEEDS = 5  # runs of the seeds experiment: the page's seed and the next four
SEED_UPDATES = 300  # updates each run of the seeds and scaling experiments makes
BATCH = 16
DATASET = "iris"
MAX_UPDATES = 3000  # the live run (section 4) stops here
CHUNK = 25  # updates per request of the live run
SEED_MAX = int(B.SEED.hi)

@dataclass(frozen=True)
class LayerStat:
    mean: float
    std: float
    counts: list[int]  # histogram over the common edges


@dataclass(frozen=True)
class Deep:
    """The deep network at initialization: one LayerStat per hidden layer, the common bin edges (BINS + 1,),
    the norm of dL/dW per dense layer (hidden layers, then the output layer), and the loss."""

    layers: list[LayerStat]
    edges: list[float]
    grad_norms: list[float]
    loss: float

    @property
    def finite(self) -> bool:
        return all(math.isfinite(v) for v in [self.loss, *self.grad_norms, *self.edges,
                                               *(s.std for s in self.layers), *(s.mean for s in self.layers)])


def deep_spec(depth: int, width: int, act: str, outputs: int = 1) -> dict:
    return {"inputs": width, "layers": [{"units": width, "activation": act}] * depth + [{"units": outputs}]}


def deep_at_init(depth: int, width: int, init: str, act: str, seed: int) -> Deep:
    """Build the network with weights drawn from default_rng(seed) and trace one batch through it."""
    name, kw = INITS[init]
    model = build(deep_spec(depth, width, act), np.random.default_rng(seed), init=name, init_kw=kw)
    probe = np.random.default_rng(PROBE_SEED)
    x = probe.standard_normal((N_PROBE, width))
    y = probe.standard_normal((N_PROBE, 1))
    with np.errstate(all="ignore"):
        tr = trace(model, x, y, losses.make("mse"))
        hidden = [layer["a"] for layer in tr["layers"][:-1]]
        top = max(float(np.max(np.abs(a))) for a in hidden)
        if not math.isfinite(top):
            top = 0.0  # the stats then show the overflow; the histogram stays drawable
        top = top if top > 0 else 1.0
        edges = np.linspace(-top, top, BINS + 1)
        stats = [LayerStat(float(np.mean(a)), float(np.std(a)),
                           np.histogram(np.nan_to_num(a), bins=edges)[0].tolist()) for a in hidden]
        norms = [float(np.linalg.norm(layer["grad_weight"])) for layer in tr["layers"]]
    return Deep(stats, edges.tolist(), norms, float(tr["loss"]))


@dataclass(frozen=True)
class Bounds:
    """The scale of each initializer for a weight matrix of shape (fan_out, fan_in)."""

    fan_in: int
    fan_out: int

    @property
    def fan_avg(self) -> float:
        return (self.fan_in + self.fan_out) / 2

    @property
    def xavier_std(self) -> float:
        return math.sqrt(1 / self.fan_avg)

    @property
    def xavier_bound(self) -> float:
        return math.sqrt(3 / self.fan_avg)

    @property
    def he_std(self) -> float:
        return math.sqrt(2 / self.fan_in)

    @property
    def he_bound(self) -> float:
        """The standard (He et al. 2015, PyTorch's kaiming_uniform_), which nnlib implements."""
        return math.sqrt(6 / self.fan_in)

    @property
    def he_bound_slide(self) -> float:
        """What slide 29 writes."""
        return math.sqrt(6 / self.fan_avg)


def iris_shapes(width: int) -> list[tuple[str, Bounds]]:
    """The distinct layer shapes of the network trained live: Iris' 4 features -> width ... -> 3 classes."""
    return [("first", Bounds(4, width)), ("hidden", Bounds(width, width)), ("output", Bounds(width, 3))]


def drawn_spread(init: str, fan_in: int, fan_out: int, seed: int) -> tuple[float, float]:
    """(std, max |w|) of a (fan_out, fan_in) matrix drawn by nnlib's initializer: the formulas checked live."""
    name, kw = INITS[init]
    w = initializers.init(name, (fan_out, fan_in), np.random.default_rng(seed), **kw)
    return float(np.std(w)), float(np.max(np.abs(w)))


# ---------------------------------------------------------------- 3. data scaling (Iris)

@dataclass(frozen=True)
class Scaled:
    name: str
    offset: list[float]  # per feature: what is subtracted
    scale: list[float]  # per feature: what it is divided by
    first_row: list[float]  # Iris row 1 after scaling
    lo: list[float]  # per feature min and max after scaling
    hi: list[float]


@lru_cache(maxsize=1)
def scalings() -> tuple[Scaled, ...]:
    """Each of nnlib's scalers fitted on the whole Iris set (the live runs fit on the training part only)."""
    x = data.iris().x
    out = []
    for name, cls in data.SCALERS.items():
        s = cls().fit(x)
        t = s.transform(x)
        out.append(Scaled(name, s.offset_.tolist(), s.scale_.tolist(), t[0].tolist(),
                          t.min(axis=0).tolist(), t.max(axis=0).tolist()))
    return tuple(out)


@lru_cache(maxsize=1)
def iris_raw() -> dict:
    """Per feature min, max, mean and std of the raw Iris set."""
    x = data.iris().x
    return {"names": list(data.IRIS_FEATURES), "min": x.min(axis=0).tolist(), "max": x.max(axis=0).tolist(),
            "mean": x.mean(axis=0).tolist(), "std": x.std(axis=0).tolist(), "first": x[0].tolist()}


# ---------------------------------------------------------------- the live runs

def experiment(state, seed: int | None = None, scaling: str | None = None) -> dict:
    """The Experiment JSON of a live run with the page's settings (`state`: layers, width, init, act, seed, lr,
    scaling), optionally with another seed or scaling.

    "normal_1" is not one of the runs API's initializers (its "normal" is N(0, 0.01^2)), so for it the exact
    initial weights are drawn here with nnlib, from the same seed the run would use, and sent as `weights`.
    """
    seed = state.seed if seed is None else seed
    exp = {
        "dataset": DATASET, "scaling": scaling or state.scaling,
        "hidden": [{"units": state.width, "activation": state.act}] * state.layers,
        "seed": seed, "batch_size": BATCH, "shuffle": True, "loss": "cross_entropy",
        "optimizer": {"name": "sgd", "lr": state.lr},
    }
    name, kw = INITS[state.init]
    if state.init == "normal_1":
        exp["init"] = "normal"
        spec = {"inputs": 4, "layers": [{"units": state.width, "activation": state.act}] * state.layers + [{"units": 3}]}
        model = build(spec, np.random.default_rng(seed), init=name, init_kw=kw)
        exp["weights"] = [{"weight": layer["weight"], "bias": layer["bias"]}
                          for layer in to_spec(model, 4)["layers"]]
    else:
        exp["init"] = "normal" if state.init == "normal_001" else state.init
    return Experiment.model_validate(exp).model_dump(mode="json", exclude_none=True)


def seeds(seed: int) -> list[int]:
    """The seeds of section 5: the page's seed and the next SEEDS - 1 (ending at the largest seed if need be)."""
    first = min(seed, SEED_MAX - (SEEDS - 1))
    return list(range(first, first + SEEDS))


def is_lesson_run(run) -> bool:
    """A run of this lesson's experiments: Iris with cross-entropy and hidden layers."""
    exp = run.experiment
    return exp.dataset.value == DATASET and exp.loss == "cross_entropy" and len(exp.hidden) > 0


def playground_experiment(state, max_layers: int, max_units: int) -> Experiment:
    """The deep network in the Playground, clipped to the layers and units its controls offer."""
    init = "normal" if state.init in ("normal_001", "normal_1") else state.init
    return Experiment.model_validate({
        "dataset": DATASET, "scaling": state.scaling, "seed": state.seed, "batch_size": BATCH, "init": init,
        "loss": "cross_entropy", "optimizer": {"name": "sgd", "lr": state.lr},
        "hidden": [{"units": min(state.width, max_units), "activation": state.act}] * min(state.layers, max_layers)})
