"""Bounded request and response models of the JSON API v1 (/api/v1/trace, /api/v1/train).

Every number is bounded and described here, so the bounds show in the OpenAPI schema (/docs). Names offered
(activations, losses, ...) come from nnlib's registries. Checks that need several fields at once (weight
shapes, targets against the loss, cost caps) live in app.services.api, which answers with the same 422 format.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from app import bounds as B
from nnlib import activations, data, initializers, losses, optimizers, regularizers, schedules

MAX_LAYERS = int(B.SPEC_LAYERS.hi)
MAX_UNITS = int(B.UNITS.hi)
MAX_INPUTS = int(B.INPUTS.hi)
MAX_SAMPLES = int(B.API_SAMPLES.hi)
MAX_EPOCHS = int(B.EPOCHS.hi)
MAX_ABS = 1e6  # largest |value| of a weight, bias, x or y
SEED_MAX = int(B.SEED.hi)


def _names(registry) -> Any:
    """A Literal of the registry's names: the schema's enum, generated, so a new entry is one edit in nnlib."""
    return Literal[tuple(registry)]  # type: ignore[valid-type]


ActivationName = _names(activations.ACTIVATIONS)
LossName = _names(losses.LOSSES)
InitName = _names(initializers.INITIALIZERS)
OptimizerName = _names(optimizers.OPTIMIZERS)
ScheduleName = _names(schedules.SCHEDULES)
RegularizerName = _names(regularizers.REGULARIZERS)
DatasetName = _names(data.DATASETS)

Num = Annotated[float, Field(ge=-MAX_ABS, le=MAX_ABS, allow_inf_nan=False,
                             description=f"a finite number, |v| <= {MAX_ABS:g}")]
Vector = Annotated[list[Num], Field(min_length=1, max_length=MAX_UNITS)]
Seed = Annotated[int, Field(ge=0, le=SEED_MAX, description=f"seed of np.random.default_rng, 0..{SEED_MAX}")]


class Strict(BaseModel):
    # Unknown keys are errors, so a typo ("epoch") is a 422 instead of a silently ignored setting.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)


# ---------------------------------------------------------------- network spec (nnlib.spec's format)

class DenseSpec(Strict):
    """z = x W^T + b, a = f(z). weight (units, inputs of this layer), bias (units,)."""

    type: Literal["dense"] = Field("dense", description="layer type; may be left out for dense layers")
    units: int = Field(ge=1, le=MAX_UNITS, description=f"neurons, 1..{MAX_UNITS}")
    activation: ActivationName = Field("identity", description="activation f, from nnlib.activations")
    alpha: Num | None = Field(None, description="alpha of leaky_relu (0.01), prelu (0.25, learned), elu (1); "
                                                "only for those")
    weight: list[Vector] | None = Field(None, max_length=MAX_UNITS,
                                        description="(units, inputs) like PyTorch: weight[j][k] is the lecture's "
                                                    "w_{i,j+1,k+1}; left out: drawn by `init` from `seed`")
    bias: Vector | None = Field(None, description="(units,); left out: zeros")


class DropoutSpec(Strict):
    """Inverted dropout: in train mode zero each value with probability p, scale the rest by 1/(1-p)."""

    type: Literal["dropout"]
    p: float = Field(0.5, ge=0, lt=1, description="drop probability, [0, 1)")


class BatchNormSpec(Strict):
    """y = gamma (x - mu_B) / sqrt(var_B + 1e-5) + beta per feature; eval mode uses the running statistics."""

    type: Literal["batchnorm"]
    gamma: Vector | None = Field(None, description="scale per feature; left out: ones")
    beta: Vector | None = Field(None, description="shift per feature; left out: zeros")
    running_mean: Vector | None = Field(None, description="left out: zeros")
    running_var: list[Annotated[float, Field(ge=0, le=MAX_ABS, allow_inf_nan=False)]] | None = Field(
        None, min_length=1, max_length=MAX_UNITS, description="left out: ones; each in [0, 1e6]")


def _layer_tag(v: Any) -> str | None:
    # `type` defaults to "dense", so the usual discriminator (a required field) does not fit.
    if isinstance(v, dict):
        t = v.get("type", "dense")
        return t if isinstance(t, str) else None
    return getattr(v, "type", None)


LayerSpec = Annotated[
    Union[Annotated[DenseSpec, Tag("dense")], Annotated[DropoutSpec, Tag("dropout")],
          Annotated[BatchNormSpec, Tag("batchnorm")]],
    Discriminator(_layer_tag, custom_error_type="layer_type",
                  custom_error_message="layer type must be one of 'dense' (the default), 'dropout', 'batchnorm'"),
]


class NetworkSpec(Strict):
    """A feed-forward network: `inputs` features, then the layers in order."""

    inputs: int = Field(ge=1, le=MAX_INPUTS, description=f"input features, 1..{MAX_INPUTS}")
    layers: list[LayerSpec] = Field(min_length=1, max_length=MAX_LAYERS,
                                    description=f"1..{MAX_LAYERS} layers (dense, dropout, batchnorm), at least "
                                                "one dense")


# ---------------------------------------------------------------- shared request parts

Rows = Annotated[list[Annotated[list[Num], Field(min_length=1, max_length=MAX_INPUTS)]],
                 Field(min_length=1, max_length=MAX_SAMPLES,
                       description=f"x (samples, inputs): 1..{MAX_SAMPLES} rows of 1..{MAX_INPUTS} numbers")]


def _target_tag(v: Any) -> str | None:
    if isinstance(v, list):
        return "matrix" if v and isinstance(v[0], list) else "vector"
    return None


Targets = Annotated[
    Union[Annotated[Annotated[list[Num], Field(min_length=1, max_length=MAX_SAMPLES)], Tag("vector")],
          Annotated[Annotated[list[Vector], Field(min_length=1, max_length=MAX_SAMPLES)], Tag("matrix")]],
    Discriminator(_target_tag, custom_error_type="targets",
                  custom_error_message="y must be a list of numbers or a list of rows"),
    Field(description="y: (samples,) or (samples, outputs). mse/mae/bce/kl_div: same shape as the output "
                      "((samples,) for one output unit); nll/cross_entropy: class indices (samples,) or "
                      "probability rows (cross_entropy); margin_ranking: +1/-1 per sample"),
]


class RegularizationSpec(Strict):
    """Penalty on weights (not biases): l2 lambda sum w^2, l1 lambda sum |w|."""

    kind: RegularizerName
    lam: float = Field(alias="lambda", ge=0, le=10, allow_inf_nan=False, description="lambda, [0, 10]")


class LossOptions(Strict):
    loss: LossName = Field(description="loss, from nnlib.losses (mean reduction, as PyTorch)")
    margin: Num | None = Field(None, description="margin m of margin_ranking (default 0); only for it")


# ---------------------------------------------------------------- /api/v1/trace

class TraceRequest(LossOptions):
    """One forward and backward pass of `network` on (x, y). Capped: samples x units of all dense layers
    <= 100,000 (the default of NNLAB_API_TRACE_MAX_VALUES), which bounds the size of the answer."""

    network: NetworkSpec
    x: Rows
    y: Targets
    init: InitName = Field("he_normal", description="initializer of weights left out")
    seed: Seed = 0
    regularization: RegularizationSpec | None = None
    mode: Literal["train", "eval"] = Field(
        "train", description="train: dropout draws a mask from `seed`, batchnorm uses the batch's statistics "
                             "(needs >= 2 samples); eval: dropout is the identity, batchnorm uses running "
                             "statistics")


class LayerTrace(BaseModel):
    index: int = Field(description="position of this dense layer in network.layers")
    z: list[list[float]] = Field(description="(samples, units) z = x W^T + b")
    a: list[list[float]] = Field(description="(samples, units) a = f(z)")
    grad_a: list[list[float]] = Field(description="(samples, units) dL/da")
    grad_z: list[list[float]] = Field(description="(samples, units) dL/dz")
    grad_weight: list[list[float]] = Field(description="(units, inputs) dL/dW, with the penalty's gradient")
    grad_bias: list[float] = Field(description="(units,) dL/db")


class DenseOut(BaseModel):
    type: Literal["dense"]
    units: int
    activation: str
    alpha: float | None = None
    weight: list[list[float]]
    bias: list[float]


class DropoutOut(BaseModel):
    type: Literal["dropout"]
    p: float


class BatchNormOut(BaseModel):
    type: Literal["batchnorm"]
    gamma: list[float]
    beta: list[float]
    running_mean: list[float]
    running_var: list[float]


class NetworkOut(BaseModel):
    """The network with every parameter filled in; valid input to both endpoints while |w| <= 1e6."""

    inputs: int
    layers: list[Annotated[Union[DenseOut, DropoutOut, BatchNormOut], Field(discriminator="type")]]


class Message(BaseModel):
    """The body of an error that concerns the whole request, such as a body that is not JSON (400)."""

    detail: str


class TraceResponse(BaseModel):
    loss: float = Field(description="data_loss + penalty")
    data_loss: float
    penalty: float
    output: list[list[float]] = Field(description="(samples, outputs)")
    layers: list[LayerTrace] = Field(description="one entry per dense layer, in order")
    network: NetworkOut = Field(description="the network traced, weights filled in")


# ---------------------------------------------------------------- /api/v1/train

class ArrayData(Strict):
    x: Rows
    y: Targets


class DatasetData(Strict):
    dataset: DatasetName = Field(description="a data set of nnlib.data (fruit and iris are fixed: n, noise "
                                             "and seed do not change them)")
    n: int = Field(200, ge=1, le=MAX_SAMPLES, description=f"samples drawn, 1..{MAX_SAMPLES}")
    noise: float = Field(0.0, ge=0, le=1, description="noise level, [0, 1]")
    seed: Seed | None = Field(None, description="seed of the data; left out: the request's seed")


def _data_tag(v: Any) -> str | None:
    if isinstance(v, dict):
        return "dataset" if "dataset" in v else "arrays"
    return None


DataSpec = Annotated[
    Union[Annotated[ArrayData, Tag("arrays")], Annotated[DatasetData, Tag("dataset")]],
    Discriminator(_data_tag, custom_error_type="data",
                  custom_error_message="data must be {x, y} or {dataset, n, noise}"),
]


class OptimizerSpec(Strict):
    name: OptimizerName = Field(description="optimizer, from nnlib.optimizers")
    lr: float = Field(gt=B.API_LR.lo, le=B.API_LR.hi, allow_inf_nan=False, description=f"learning rate, {B.API_LR.text()}")
    momentum: float | None = Field(None, ge=0, lt=1, description="mu, [0, 1); only sgd (default 0) and momentum "
                                                                 "(default 0.9)")


class ScheduleSpec(Strict):
    name: ScheduleName = Field(description="constant; exponential lr_n = lr_0 e^(-decay n); "
                                           "step lr_n = lr_0 gamma^floor(n / step_size); n = updates done")
    decay: float | None = Field(None, ge=0, le=10, description="exponential only, [0, 10] (default 0.001)")
    step_size: int | None = Field(None, ge=1, le=1_000_000, description="step only, 1..1e6 (default 100)")
    gamma: float | None = Field(None, gt=0, le=1, description="step only, (0, 1] (default 0.5)")


class TrainRequest(LossOptions):
    """Minibatch training; rng = np.random.default_rng(seed) draws the initial weights, dropout masks and the
    shuffling, in that order of first use."""

    network: NetworkSpec
    data: DataSpec
    init: InitName = Field("he_normal", description="initializer of weights left out")
    seed: Seed = 0
    optimizer: OptimizerSpec
    schedule: ScheduleSpec | None = None
    regularization: RegularizationSpec | None = None
    batch_size: int = Field(ge=1, le=MAX_SAMPLES, description="samples per update, 1..samples; the last batch "
                                                              "of an epoch may be smaller")
    epochs: int = Field(ge=1, le=MAX_EPOCHS, description=f"passes over the data, 1..{MAX_EPOCHS}; also capped: "
                                                          "samples x epochs <= 200,000 and epochs x "
                                                          "ceil(samples / batch_size) updates <= 20,000 (the "
                                                          "defaults of NNLAB_API_TRAIN_MAX_SAMPLE_PASSES and "
                                                          "NNLAB_API_TRAIN_MAX_UPDATES)")
    shuffle: bool = Field(True, description="false: batches are consecutive slices in data order")


class History(BaseModel):
    loss: list[float] = Field(description="total loss of each update's batch, before the update")
    epoch_loss: list[float] = Field(description="sample-weighted mean of `loss` over each finished epoch")
    lr: list[float] = Field(description="learning rate of each update")


class TrainResponse(BaseModel):
    status: Literal["ok", "diverged"] = Field(description="diverged: the loss or a weight stopped being finite")
    diverged_at: int | None = Field(None, description="the update (from 1) that gave a non-finite value")
    history: History = Field(description="finite values only: on divergence, the updates before it")
    network: NetworkOut | None = Field(description="the trained network; null when training diverged")
