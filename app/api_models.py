"""Bounded request and response models of the JSON API v1 (/api/v1/trace, /api/v1/train, /api/v1/attention).

Every number and size is bounded (app.bounds) and described here, so the bounds show in the OpenAPI schema
(/docs). Names offered (activations, losses, ...) come from nnlib's registries. Checks that need several fields
at once (weight shapes, image sizes through the layers, targets against the loss, cost caps) live in
app.services.api, which answers with the same 422 format.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag
from pydantic import Strict as StrictFlag

from app import bounds as B
from nnlib import activations, data, initializers, losses, optimizers, regularizers, schedules

MAX_LAYERS = int(B.SPEC_LAYERS.hi)
MAX_UNITS = int(B.UNITS.hi)
MAX_INPUTS = int(B.INPUTS.hi)
MAX_SAMPLES = int(B.API_SAMPLES.hi)
MAX_EPOCHS = int(B.EPOCHS.hi)
MAX_ABS = 1e6  # largest |value| of a weight, bias, x or y
SEED_MAX = int(B.SEED.hi)
MAX_IMAGE_CHANNELS = int(B.IMAGE_CHANNELS.hi)
MAX_CHANNELS = int(B.CHANNELS.hi)
MAX_SIDE = int(B.IMAGE_SIDE.hi)
MAX_KERNEL = int(B.KERNEL.hi)
MAX_FLAT = int(B.FLAT_FEATURES.hi)
MAX_IMAGES = int(B.API_IMAGES.hi)
MAX_POSITIONS = int(B.POSITIONS.hi)
MAX_HEAD_DIM = int(B.HEAD_DIM.hi)


def _names(registry) -> Any:
    """A Literal of the registry's names: the schema's enum, generated, so a new entry is one edit in nnlib."""
    return Literal[tuple(registry)]  # type: ignore[valid-type]


ActivationName = _names(activations.ACTIVATIONS)
# softmax acts over the last axis, which in an image is its width: nnlib's Conv2d refuses it (use it on a dense
# layer after flatten).
ConvActivationName = Literal[tuple(name for name in activations.ACTIVATIONS if name != "softmax")]  # type: ignore[valid-type]
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


# A tuple (the schema's fixed-length array) may come as a JSON array, which strict mode refuses; its items stay
# strict (no "3" for 3).
LAX = StrictFlag(False)


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
    weight: list[Annotated[list[Num], Field(min_length=1, max_length=MAX_FLAT)]] | None = Field(
        None, max_length=MAX_UNITS,
        description=f"(units, inputs) like PyTorch: weight[j][k] is the lecture's w_{{i,j+1,k+1}}; inputs are "
                    f"1..{MAX_INPUTS} features, or 1..{MAX_FLAT} after a flatten; left out: drawn by `init` from "
                    "`seed`")
    bias: Vector | None = Field(None, description="(units,); left out: zeros")


class DropoutSpec(Strict):
    """Inverted dropout: in train mode zero each value with probability p, scale the rest by 1/(1-p)."""

    type: Literal["dropout"]
    p: float = Field(0.5, ge=0, lt=1, description="drop probability, [0, 1)")


# One number per feature of a batchnorm layer: 1..64 (units), or up to 16,384 after a flatten.
Features = Annotated[list[Num], Field(min_length=1, max_length=MAX_FLAT)]


class BatchNormSpec(Strict):
    """y = gamma (x - mu_B) / sqrt(var_B + 1e-5) + beta per feature; eval mode uses the running statistics."""

    type: Literal["batchnorm"]
    gamma: Features | None = Field(None, description="scale per feature; left out: ones")
    beta: Features | None = Field(None, description="shift per feature; left out: zeros")
    running_mean: Features | None = Field(None, description="left out: zeros")
    running_var: list[Annotated[float, Field(ge=0, le=MAX_ABS, allow_inf_nan=False)]] | None = Field(
        None, min_length=1, max_length=MAX_FLAT, description="left out: ones; each in [0, 1e6]")


def _pair(bound: B.Bound, what: str, default: Any = ...) -> Any:
    """The field of an int or [height, width] (as PyTorch's kernel_size, stride, padding), each in `bound`."""
    return Field(default, description=f"{what}: an integer {bound.text()} for both sides, or [height, width]")


def _pair_tag(v: Any) -> str:
    return "pair" if isinstance(v, (list, tuple)) else "int"


def _pair_type(bound: B.Bound) -> Any:
    side = Annotated[int, Field(ge=int(bound.lo), le=int(bound.hi))]
    return Annotated[Union[Annotated[side, Tag("int")], Annotated[tuple[side, side], LAX, Tag("pair")]],
                     Discriminator(_pair_tag, custom_error_type="pair",
                                   custom_error_message="expected an integer or [height, width]")]


Kernel = _pair_type(B.KERNEL)
Stride = _pair_type(B.STRIDE)
Padding = _pair_type(B.PADDING)
KernelRow = Annotated[list[Num], Field(min_length=1, max_length=MAX_KERNEL)]


class Conv2dSpec(Strict):
    """z = W * x + b (cross-correlation, as PyTorch's nn.Conv2d), a = f(z): images (C_in, H, W) -> (out_channels,
    H', W') with H' = floor((H + 2 padding - kernel) / stride) + 1 (W' alike); H', W' must be 1..32."""

    type: Literal["conv2d"]
    out_channels: int = B.CHANNELS.field(..., f"output channels (filters), {B.CHANNELS.text()}")
    kernel_size: Kernel = _pair(B.KERNEL, "kernel size")
    stride: Stride = _pair(B.STRIDE, "stride", 1)
    padding: Padding = _pair(B.PADDING, "zeros added on every side", 0)
    activation: ConvActivationName = Field("identity", description="activation f, from nnlib.activations "
                                                                   "(softmax only on dense layers)")
    alpha: Num | None = Field(None, description="alpha of leaky_relu (0.01), prelu (0.25, learned), elu (1); "
                                                "only for those")
    weight: list[Annotated[list[Annotated[list[KernelRow], Field(min_length=1, max_length=MAX_KERNEL)]],
                           Field(min_length=1, max_length=MAX_CHANNELS)]] | None = Field(
        None, min_length=1, max_length=MAX_CHANNELS,
        description="(out_channels, in_channels, kH, kW) like PyTorch, each 1..16, 1..16, 1..8, 1..8; in_channels "
                    "is C of the images coming in; left out: drawn by `init` from `seed`")
    bias: Annotated[list[Num], Field(min_length=1, max_length=MAX_CHANNELS)] | None = Field(
        None, description="(out_channels,); left out: zeros")


class MaxPool2dSpec(Strict):
    """y = the maximum of each kernel_size window, per channel (no padding): (C, H, W) -> (C, H', W')."""

    type: Literal["maxpool2d"]
    kernel_size: Kernel = _pair(B.KERNEL, "window size")
    stride: Stride | None = _pair(B.STRIDE, "stride; left out: kernel_size (as PyTorch)", None)


class AvgPool2dSpec(Strict):
    """y = the mean of each kernel_size window, per channel (no padding): (C, H, W) -> (C, H', W')."""

    type: Literal["avgpool2d"]
    kernel_size: Kernel = _pair(B.KERNEL, "window size")
    stride: Stride | None = _pair(B.STRIDE, "stride; left out: kernel_size (as PyTorch)", None)


class FlattenSpec(Strict):
    """(C, H, W) images -> C H W features in C order (torch.flatten(x, 1)); dense layers may follow."""

    type: Literal["flatten"]


def _layer_tag(v: Any) -> str | None:
    # `type` defaults to "dense", so the usual discriminator (a required field) does not fit.
    if isinstance(v, dict):
        t = v.get("type", "dense")
        return t if isinstance(t, str) else None
    return getattr(v, "type", None)


# layer type -> its spec: the API's part of nnlib.spec.LAYER_TYPES (residual and attention are not offered here)
LAYER_SPECS: dict[str, type[Strict]] = {
    "dense": DenseSpec, "dropout": DropoutSpec, "batchnorm": BatchNormSpec, "conv2d": Conv2dSpec,
    "maxpool2d": MaxPool2dSpec, "avgpool2d": AvgPool2dSpec, "flatten": FlattenSpec,
}
LayerSpec = Annotated[
    Union[tuple(Annotated[cls, Tag(name)] for name, cls in LAYER_SPECS.items())],  # type: ignore[valid-type]
    Discriminator(_layer_tag, custom_error_type="layer_type",
                  custom_error_message="layer type must be one of 'dense' (the default), "
                                       + ", ".join(f"'{name}'" for name in list(LAYER_SPECS)[1:])),
]


# The tags pydantic puts into an error's loc right after a union field of these names (a layer's tag after its
# index in "layers"); app.routers.api drops them, so that a loc is the field's path in the JSON sent.
PAIR_TAGS = ("int", "pair")
UNION_TAGS: dict[str, tuple[str, ...]] = {
    "layers": tuple(LAYER_SPECS), "inputs": ("features", "images"), "x": ("rows", "images"),
    "y": ("vector", "matrix"), "data": ("arrays", "dataset"), "kernel_size": PAIR_TAGS, "stride": PAIR_TAGS,
    "padding": PAIR_TAGS,
}


def _inputs_tag(v: Any) -> str:
    return "images" if isinstance(v, (list, tuple)) else "features"


ImageShape = Annotated[tuple[Annotated[int, Field(ge=1, le=MAX_IMAGE_CHANNELS)],
                             Annotated[int, Field(ge=1, le=MAX_SIDE)], Annotated[int, Field(ge=1, le=MAX_SIDE)]],
                       LAX]
Inputs = Annotated[
    Union[Annotated[Annotated[int, Field(ge=1, le=MAX_INPUTS)], Tag("features")], Annotated[ImageShape, Tag("images")]],
    Discriminator(_inputs_tag, custom_error_type="inputs",
                  custom_error_message="inputs must be a number of features or [C, H, W]"),
]


class NetworkSpec(Strict):
    """A feed-forward network: `inputs` features (or images [C, H, W]), then the layers in order."""

    inputs: Inputs = Field(description=f"input features, 1..{MAX_INPUTS}; or images [C, H, W] with C "
                                       f"1..{MAX_IMAGE_CHANNELS} channels, H and W 1..{MAX_SIDE}")
    layers: list[LayerSpec] = Field(
        min_length=1, max_length=MAX_LAYERS,
        description=f"1..{MAX_LAYERS} layers ({', '.join(LAYER_SPECS)}), at least one dense. Images flow through "
                    "conv2d, pooling and dropout layers, with sides of 1..32 after each; dense and batchnorm layers "
                    "need flat features: a flatten first")


# ---------------------------------------------------------------- shared request parts

Rows = Annotated[list[Annotated[list[Num], Field(min_length=1, max_length=MAX_INPUTS)]],
                 Field(min_length=1, max_length=MAX_SAMPLES,
                       description=f"(samples, inputs): 1..{MAX_SAMPLES} rows of 1..{MAX_INPUTS} numbers")]
ImageRow = Annotated[list[Num], Field(min_length=1, max_length=MAX_SIDE)]
Channel = Annotated[list[ImageRow], Field(min_length=1, max_length=MAX_SIDE)]
Image = Annotated[list[Channel], Field(min_length=1, max_length=MAX_IMAGE_CHANNELS)]
Images = Annotated[list[Image], Field(min_length=1, max_length=MAX_IMAGES,
                                      description=f"(samples, C, H, W): 1..{MAX_IMAGES} images of "
                                                  f"1..{MAX_IMAGE_CHANNELS} channels of 1..{MAX_SIDE} rows of "
                                                  f"1..{MAX_SIDE} numbers")]


def _x_tag(v: Any) -> str | None:
    if isinstance(v, list):
        first = v[0] if v else None
        return "images" if isinstance(first, list) and first and isinstance(first[0], list) else "rows"
    return None


X = Annotated[
    Union[Annotated[Rows, Tag("rows")], Annotated[Images, Tag("images")]],
    Discriminator(_x_tag, custom_error_type="x",
                  custom_error_message="x must be rows (samples, inputs) or images (samples, C, H, W)"),
    Field(description=f"x: rows (samples, inputs) of 1..{MAX_INPUTS} numbers for network.inputs a number, or "
                      f"images (samples, C, H, W) for network.inputs [C, H, W]; 1..{MAX_SAMPLES} rows, "
                      f"1..{MAX_IMAGES} images"),
]


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
    """One forward and backward pass of `network` on (x, y). Capped: samples x the outputs (z) of the dense and
    conv2d layers <= 100,000 (the default of NNLAB_API_TRACE_MAX_VALUES), which bounds the size of the answer;
    samples x the numbers one sample holds in the pass <= 6,000,000 (inputs, outputs of every layer, conv2d's
    windows: kernel_size area x in_channels x H' x W'), which bounds its memory."""

    network: NetworkSpec
    x: X
    y: Targets
    init: InitName = Field("he_normal", description="initializer of weights left out")
    seed: Seed = 0
    regularization: RegularizationSpec | None = None
    mode: Literal["train", "eval"] = Field(
        "train", description="train: dropout draws a mask from `seed`, batchnorm uses the batch's statistics "
                             "(needs >= 2 samples); eval: dropout is the identity, batchnorm uses running "
                             "statistics")


SHAPES = "(samples, units) for dense layers, (samples, out_channels, H', W') for conv2d"


class LayerTrace(BaseModel):
    """Nested lists of numbers, 2 or 4 deep by the layer's type."""

    index: int = Field(description="position of this dense or conv2d layer in network.layers")
    type: Literal["dense", "conv2d"]
    z: list = Field(description=f"{SHAPES}: z = x W^T + b (dense), W * x + b (conv2d)")
    a: list = Field(description=f"{SHAPES}: a = f(z)")
    grad_a: list = Field(description=f"{SHAPES}: dL/da")
    grad_z: list = Field(description=f"{SHAPES}: dL/dz")
    grad_weight: list = Field(description="dL/dW, with the penalty's gradient: (units, inputs) for dense layers, "
                                          "(out_channels, in_channels, kH, kW) for conv2d")
    grad_bias: list[float] = Field(description="dL/db: (units,) or (out_channels,)")


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


class Conv2dOut(BaseModel):
    type: Literal["conv2d"]
    out_channels: int
    kernel_size: int | list[int] = Field(description="an int, or [height, width] when they differ")
    stride: int | list[int]
    padding: int | list[int]
    activation: str
    alpha: float | None = None
    weight: list = Field(description="(out_channels, in_channels, kH, kW)")
    bias: list[float]


class PoolOut(BaseModel):
    type: Literal["maxpool2d", "avgpool2d"]
    kernel_size: int | list[int]
    stride: int | list[int]


class FlattenOut(BaseModel):
    type: Literal["flatten"]


class NetworkOut(BaseModel):
    """The network with every parameter filled in; valid input to both endpoints while |w| <= 1e6."""

    inputs: int | list[int] = Field(description="features, or [C, H, W]")
    layers: list[Annotated[Union[DenseOut, DropoutOut, BatchNormOut, Conv2dOut, PoolOut, FlattenOut],
                           Field(discriminator="type")]]


class Message(BaseModel):
    """The body of an error that concerns the whole request, such as a body that is not JSON (400)."""

    detail: str


class TraceResponse(BaseModel):
    loss: float = Field(description="data_loss + penalty")
    data_loss: float
    penalty: float
    output: list[list[float]] = Field(description="(samples, outputs)")
    layers: list[LayerTrace] = Field(description="one entry per dense or conv2d layer, in order")
    network: NetworkOut = Field(description="the network traced, weights filled in")


# ---------------------------------------------------------------- /api/v1/train

class ArrayData(Strict):
    x: X
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
