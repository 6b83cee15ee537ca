"""An experiment: everything that defines a run before it starts (data, features, network, training settings).

Bounded pydantic models; the names offered come from nnlib's registries.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

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

MAX_HIDDEN_LAYERS = 20  # the API's bound; the Playground's controls offer 0-6 layers of 1-16 neurons
MAX_UNITS = 64
MAX_SAMPLES = 2000
SEED_MAX = 2**32 - 1


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Hidden(Strict):
    units: int = Field(4, ge=1, le=MAX_UNITS, description=f"neurons in the layer, 1..{MAX_UNITS}")
    activation: ActivationName = Field(ActivationName("tanh"), description="activation of the layer")
    alpha: float | None = Field(None, gt=0, le=10, description="alpha of leaky_relu, elu or prelu (initial), (0, 10]")

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
    weight: list[list[float]] = Field(max_length=MAX_UNITS, description="(units, inputs) weight matrix")
    bias: list[float] = Field(max_length=MAX_UNITS, description="(units,) biases")


class OptimizerSettings(Strict):
    name: OptimizerName = OptimizerName("sgd")
    lr: float = Field(0.1, ge=1e-5, le=10, description="learning rate, 1e-5..10")
    momentum: float = Field(0.9, ge=0, lt=1, description="momentum mu for the momentum optimizer, [0, 1)")


class ScheduleSettings(Strict):
    name: ScheduleName = ScheduleName("constant")
    decay: float = Field(0.001, ge=0, le=1, description="d in lr_n = lr_0 e^(-d n), 0..1")
    step_size: int = Field(100, ge=1, le=100_000, description="updates between step decays")
    gamma: float = Field(0.5, gt=0, le=1, description="factor of each step decay, (0, 1]")


class Regularization(Strict):
    kind: Literal["none", "l1", "l2"] = "none"
    lam: float = Field(0.001, ge=0, le=10, description="lambda, 0..10")


class Experiment(Strict):
    """What a run is: data, features, network and training settings. Mutable mid-run: MUTABLE below."""

    dataset: DatasetName = DatasetName("circle")
    n: int = Field(200, ge=10, le=MAX_SAMPLES, description=f"samples drawn, 10..{MAX_SAMPLES}")
    noise: float = Field(0.1, ge=0, le=1, description="noise level, 0..1")
    classes: int = Field(3, ge=3, le=5, description="classes of the blobs set, 3..5")
    data_seed: int = Field(1, ge=0, le=SEED_MAX, description="seed of the data and its split")
    val: float = Field(0.2, ge=0, le=0.4, description="validation fraction, 0..0.4 (0: no validation set)")
    test: float = Field(0.2, ge=0, le=0.4, description="test fraction, 0..0.4 (0: no test set)")
    scaling: Literal["none", "minmax", "standard"] = "none"
    features: list[Feature] = Field(default_factory=lambda: ["x1", "x2"], min_length=1, max_length=len(FEATURES),
                                    description="input features of 2-D data sets")
    view: tuple[int, int] = Field((0, 1), description="indices of the two inputs shown in the 2-D view")
    hidden: list[Hidden] = Field(default_factory=lambda: [Hidden(units=4), Hidden(units=2)],
                                 max_length=MAX_HIDDEN_LAYERS, description=f"0..{MAX_HIDDEN_LAYERS} hidden layers")
    output_activation: OutputActivation = Field(OutputActivation("auto"),
                                                description="the output layer's activation; auto follows the loss")
    weights: list[DenseWeights] | None = Field(None, max_length=MAX_HIDDEN_LAYERS + 1,
                                               description="exact initial weights, one entry per dense layer")
    loss: Literal["auto", "mse", "mae", "bce", "cross_entropy"] = "auto"
    init: InitName = InitName("xavier_normal")
    seed: int = Field(1, ge=0, le=SEED_MAX, description="seed of the initial weights, shuffling and dropout")
    optimizer: OptimizerSettings = Field(default_factory=OptimizerSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    batch_size: int = Field(10, ge=1, le=MAX_SAMPLES, description="samples per update, 1..training-set size")
    shuffle: bool = True
    regularization: Regularization = Field(default_factory=Regularization)
    dropout: float = Field(0.0, ge=0, le=0.9, description="dropout probability after each hidden layer, 0..0.9")
    augment_copies: int = Field(0, ge=0, le=10, description="noisy copies of each training sample, 0..10")
    augment_sigma: float = Field(0.1, ge=0, le=2, description="std of the noise added to the copies, 0..2")
    batchnorm: bool = False

    @model_validator(mode="after")
    def _check(self):
        if len(set(self.features)) != len(self.features):
            raise ValueError("features: each feature at most once")
        if self.weights is not None and len(self.weights) != len(self.hidden) + 1:
            raise ValueError(f"weights: expected {len(self.hidden) + 1} entries (one per dense layer incl. the output)")
        if self.val + self.test > 0.6:
            raise ValueError("val + test: at most 0.6, so that training keeps 40% of the data")
        return self


# Settings a running experiment may change without resetting its weights; anything else needs a new run.
MUTABLE = frozenset({"optimizer", "schedule", "batch_size", "shuffle", "regularization", "dropout"})

