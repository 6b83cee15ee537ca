"""An experiment: everything that defines a run before it starts (data, features, network, training settings).

Bounded pydantic models; the names offered come from nnlib's registries.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_serializer, model_validator

from app import bounds as B
from app.json_input import Bool, Float, Int
from nnlib import activations, data, initializers, optimizers, schedules


def _enum(name: str, values) -> type[Enum]:
    return Enum(name, {v: v for v in values}, type=str)


DatasetName = _enum("DatasetName", data.DATASETS)
ActivationName = _enum("ActivationName", [a for a in activations.ACTIVATIONS if a != "softmax"])
InitName = _enum("InitName", [i for i in initializers.INITIALIZERS if i not in ("zeros", "constant")])
OptimizerName = _enum("OptimizerName", optimizers.OPTIMIZERS)
ScheduleName = _enum("ScheduleName", schedules.SCHEDULES)

# Input features for 2-D data sets, computed from the raw coordinates (as in TensorFlow Playground).
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")
Feature = Literal[FEATURES]  # type: ignore[valid-type]

MAX_HIDDEN_LAYERS = int(B.HIDDEN_LAYERS.hi)  # the Playground's controls offer fewer (app.bounds)
MAX_UNITS = int(B.UNITS.hi)
MAX_SAMPLES = int(B.SAMPLES.hi)
SEED_MAX = int(B.SEED.hi)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Hidden(Strict):
    units: Int = B.UNITS.field(4, f"neurons in the layer, {B.UNITS.text()}")
    activation: ActivationName = Field(ActivationName("tanh"), description="activation of the layer")
    alpha: Float | None = B.ALPHA.field(None, f"alpha of leaky_relu, elu or prelu (initial), {B.ALPHA.text()}")

    @model_serializer(mode="wrap")
    def _omit_default_alpha(self, handler):
        # A layer without its own alpha is written as before alpha existed ({"units", "activation"}), so
        # clients that compare experiments (the Playground) see no change.
        data = handler(self)
        if data.get("alpha") is None:
            data.pop("alpha", None)
        return data

    @model_validator(mode="after")
    def _alpha_fits(self):
        if self.alpha is not None and self.activation.value not in activations.ALPHA_DEFAULTS:
            raise ValueError(f"alpha: activation {self.activation.value} takes no alpha "
                             f"(only {', '.join(activations.ALPHA_DEFAULTS)})")
        return self


OutputActivation = _enum("OutputActivation", ["auto", *(a for a in activations.ACTIVATIONS if a != "softmax")])


class DenseWeights(Strict):
    weight: list[list[Float]] = Field(max_length=MAX_UNITS, description="(units, inputs) weight matrix")
    bias: list[Float] = Field(max_length=MAX_UNITS, description="(units,) biases")


class OptimizerSettings(Strict):
    name: OptimizerName = OptimizerName("sgd")
    lr: Float = B.LR.field(0.1, f"learning rate, {B.LR.text()}")
    momentum: Float = B.MOMENTUM.field(0.9, f"momentum mu for the momentum optimizer, {B.MOMENTUM.text()}")


class ScheduleSettings(Strict):
    name: ScheduleName = ScheduleName("constant")
    decay: Float = B.DECAY.field(0.001, f"d in lr_n = lr_0 e^(-d n), {B.DECAY.text()}")
    step_size: Int = B.STEP_SIZE.field(100, "updates between step decays")
    gamma: Float = B.GAMMA.field(0.5, f"factor of each step decay, {B.GAMMA.text()}")


class Regularization(Strict):
    kind: Literal["none", "l1", "l2"] = "none"
    lam: Float = B.LAMBDA.field(0.001, f"lambda, {B.LAMBDA.text()}")


class ConvSettings(Strict):
    """The LeNet-style network of model "lenet": conv (1 -> c1, k x k, padding k // 2) + ReLU + max-pool 2, conv
    (c1 -> c2) + ReLU + max-pool 2, flatten, then the hidden dense layers and the output layer."""

    channels: tuple[Int, Int] = Field((6, 12), description="output channels of the two convolutions, 1..16 each")
    kernel: Int = Field(3, ge=1, le=5, description="kernel size of both convolutions, 1..5")

    @model_validator(mode="after")
    def _channels(self):
        if not all(1 <= c <= 16 for c in self.channels):
            raise ValueError("channels: each 1..16")
        return self


class SequenceSettings(Strict):
    """The toy sequence task and the one-head attention model of model "attention" (nnlib.sequences): tokens of a
    vocabulary, a sequence length, the attention's key size, a causal mask, scaling by sqrt(d_k)."""

    task: Literal["reverse", "previous"] = Field("previous", description="reverse: y_t = x_(T-1-t); previous: "
                                                                          "y_t = x_(t-1)")
    length: Int = Field(8, ge=2, le=16, description="tokens in a sequence, 2..16")
    vocab: Int = Field(8, ge=2, le=16, description="tokens of the vocabulary, 2..16")
    d_k: Int = Field(8, ge=1, le=32, description="size of queries and keys (and values), 1..32")
    causal: Bool = Field(True, description="a position attends only to itself and earlier positions")
    scale: Bool = Field(True, description="scores divided by sqrt(d_k) before the softmax")


Model = Literal["mlp", "lenet", "attention"]


class Experiment(Strict):
    """What a run is: data, features, network and training settings. Mutable mid-run: MUTABLE below."""

    dataset: DatasetName = DatasetName("circle")
    n: Int = B.SAMPLES.field(200, f"samples drawn, {B.SAMPLES.text()}")
    noise: Float = B.NOISE.field(0.1, f"noise level, {B.NOISE.text()}")
    classes: Int = B.CLASSES.field(3, f"classes of the blobs set, {B.CLASSES.text()}")
    data_seed: Int = B.SEED.field(1, f"seed of the data and its split, {B.SEED.text()}")
    val: Float = B.VAL_FRACTION.field(0.2, f"validation fraction, {B.VAL_FRACTION.text()} (0: no validation set)")
    test: Float = B.TEST_FRACTION.field(0.2, f"test fraction, {B.TEST_FRACTION.text()} (0: no test set)")
    scaling: Literal["none", "minmax", "standard"] = "none"
    features: list[Feature] = Field(default_factory=lambda: ["x1", "x2"], min_length=1, max_length=len(FEATURES),
                                    description="input features of 2-D data sets")
    view: tuple[Int, Int] = Field((0, 1), description="indices of the two inputs shown in the 2-D view")
    hidden: list[Hidden] = Field(default_factory=lambda: [Hidden(units=4), Hidden(units=2)],
                                 max_length=MAX_HIDDEN_LAYERS, description=f"0..{MAX_HIDDEN_LAYERS} hidden layers")
    output_activation: OutputActivation = Field(OutputActivation("auto"),
                                                description="the output layer's activation; auto follows the loss")
    weights: list[DenseWeights] | None = Field(None, max_length=MAX_HIDDEN_LAYERS + 1,
                                               description="exact initial weights, one entry per dense layer")
    loss: Literal["auto", "mse", "mae", "bce", "cross_entropy"] = "auto"
    init: InitName = InitName("xavier_normal")
    seed: Int = B.SEED.field(1, f"seed of the initial weights, shuffling and dropout, {B.SEED.text()}")
    optimizer: OptimizerSettings = Field(default_factory=OptimizerSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    batch_size: Int = B.BATCH.field(10, "samples per update, 1..training-set size")
    shuffle: Bool = True
    regularization: Regularization = Field(default_factory=Regularization)
    dropout: Float = B.DROPOUT.field(0.0, f"dropout probability after each hidden layer, {B.DROPOUT.text()}")
    augment_copies: Int = B.AUGMENT_COPIES.field(0, f"noisy copies of each training sample, {B.AUGMENT_COPIES.text()}")
    augment_sigma: Float = B.AUGMENT_SIGMA.field(0.1, f"std of the noise added to the copies, {B.AUGMENT_SIGMA.text()}")
    batchnorm: Bool = False
    model: Model = Field("mlp", description="mlp: dense layers on the data set's features; lenet: convolutions on "
                                            "the 8x8 digits (dataset is then ignored); attention: one self-attention "
                                            "head on a toy sequence task (dataset is then ignored)")
    residual: Bool = Field(False, description="mlp: a hidden layer as wide as the one before it is a residual block, "
                                              "y = x + f(W x + b)")
    conv: ConvSettings = Field(default_factory=ConvSettings)
    sequence: SequenceSettings = Field(default_factory=SequenceSettings)

    @model_serializer(mode="wrap")
    def _omit_default_model(self, handler):
        # The fields of the other model kinds are written only when used: a dense experiment is written as before
        # they existed, so URLs, exports and clients that compare experiments see no change.
        data = handler(self)
        if data.get("model", "mlp") == "mlp":
            for key in ("model", "conv", "sequence"):
                data.pop(key, None)
            if not data.get("residual"):
                data.pop("residual", None)
        return data

    @model_validator(mode="after")
    def _check(self):
        if self.model != "mlp" and (self.augment_copies or self.weights is not None or self.batchnorm):
            raise ValueError(f"model: {self.model} takes no augment_copies, weights or batchnorm")
        if len(set(self.features)) != len(self.features):
            raise ValueError("features: each feature at most once")
        if self.weights is not None and len(self.weights) != len(self.hidden) + 1:
            raise ValueError(f"weights: expected {len(self.hidden) + 1} entries (one per dense layer incl. the output)")
        if not B.HELD_OUT.contains(round(self.val + self.test, 12)):  # 0.4 + 0.2 is 0.6000000000000001
            raise ValueError(f"val + test: at most {B.HELD_OUT.hi:g}, so that training keeps "
                             f"{1 - B.HELD_OUT.hi:.0%} of the data")
        return self


# Settings a running experiment may change without resetting its weights; anything else needs a new run.
MUTABLE = frozenset({"optimizer", "schedule", "batch_size", "shuffle", "regularization", "dropout"})



def _changes_model() -> type[BaseModel]:
    """Experiment's fields, each one optional and without a default (a field sent is a change, one left out is not):
    the body of PATCH /api/v1/runs/{id}. Each field alone is checked here; the changed experiment as a whole
    (fields that must fit together) where the change is made, app.runs.service.patch."""
    def no_default(schema: dict) -> None:
        schema.pop("default", None)

    fields = {name: (Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation,
                     Field(None, description=f.description, json_schema_extra=no_default))
              for name, f in Experiment.model_fields.items()}
    return create_model("ExperimentChanges", __config__=ConfigDict(extra="forbid"),
                        __doc__="Changes to a run's experiment: any of its fields.", **fields)


ExperimentChanges = _changes_model()
