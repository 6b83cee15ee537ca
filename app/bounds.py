"""One source for the app's limits and choices: layers, units, learning rates, batches, samples, seeds.

The runs API (app.runs.experiment), the JSON API (app.api_models), the lessons' state models, the Playground's
controls and the OpenAPI docs all take their bounds from here, so a limit is changed in one place and every
form, message and schema follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field


@dataclass(frozen=True)
class Bound:
    """A closed (or half-open) range [lo, hi] of numbers; integers only if `integer`."""

    lo: float
    hi: float
    integer: bool = False
    lo_open: bool = False
    hi_open: bool = False

    def field(self, default: Any, description: str = "", **extra) -> Any:
        """A pydantic Field with these bounds (and, for floats, no NaN or infinity)."""
        kw: dict[str, Any] = {"gt" if self.lo_open else "ge": self._num(self.lo),
                              "lt" if self.hi_open else "le": self._num(self.hi)}
        if not self.integer:
            kw["allow_inf_nan"] = False
        return Field(default, description=description or self.text(), **kw, **extra)

    def _num(self, v: float) -> float | int:
        return int(v) if self.integer else v

    def contains(self, v: float) -> bool:
        above = v > self.lo if self.lo_open else v >= self.lo
        below = v < self.hi if self.hi_open else v <= self.hi
        return above and below and (not self.integer or float(v).is_integer())

    def text(self) -> str:
        """"1..64", "(0, 10]": the range as the docs write it."""
        lo, hi = f"{self._num(self.lo):g}", f"{self._num(self.hi):g}"
        if self.integer and not (self.lo_open or self.hi_open):
            return f"{lo}..{hi}"
        return f"{'(' if self.lo_open else '['}{lo}, {hi}{')' if self.hi_open else ']'}"


# ---------------------------------------------------------------- networks
HIDDEN_LAYERS = Bound(0, 20, integer=True)  # hidden layers of a run (runs API)
UNITS = Bound(1, 64, integer=True)  # neurons in a layer, anywhere
SPEC_LAYERS = Bound(1, 8, integer=True)  # layers of a network spec in /api/v1/trace and /train (dense, dropout, ...)
INPUTS = Bound(1, 64, integer=True)  # input features of a network spec
# The Playground's controls: 0-6 hidden layers of 1-16 neurons, as in TensorFlow Playground, so that the diagram
# stays readable on a projector (the API allows more).
PLAYGROUND_LAYERS = Bound(0, 6, integer=True)
PLAYGROUND_UNITS = Bound(1, 16, integer=True)
ALPHA = Bound(0, 10, lo_open=True)  # alpha of leaky ReLU, ELU, PReLU

# ---------------------------------------------------------------- images (convolutional networks in /api/v1/trace and /train)
IMAGE_CHANNELS = Bound(1, 8, integer=True)  # C of the input images, network.inputs [C, H, W]
CHANNELS = Bound(1, 16, integer=True)  # out_channels of a conv2d layer (LeNet-5 has 6 and 16)
IMAGE_SIDE = Bound(1, 32, integer=True)  # H and W of the input images and of every image between layers
KERNEL = Bound(1, 8, integer=True)  # kernel_size of conv2d and pooling layers, each side
STRIDE = Bound(1, 8, integer=True)
PADDING = Bound(0, 4, integer=True)  # zeros conv2d adds on every side
FLAT_FEATURES = Bound(1, CHANNELS.hi * IMAGE_SIDE.hi**2, integer=True)  # features after flatten: a dense layer's inputs
API_IMAGES = Bound(1, 1000, integer=True)  # images of x in /api/v1/trace and /train
# Numbers one batch holds in a pass (its inputs, every layer's outputs and conv2d's im2col windows), in
# /api/v1/trace and /train: bounds a request's working memory (48 MB of float64); above any dense network's need.
API_BATCH_VALUES = Bound(1, 6_000_000, integer=True)

# ---------------------------------------------------------------- attention (/api/v1/attention)
POSITIONS = Bound(1, 64, integer=True)  # rows of q (Tq), of k and v (Tk)
HEAD_DIM = Bound(1, 64, integer=True)  # d_k (columns of q and k), d_v (columns of v)

# ---------------------------------------------------------------- training
LR = Bound(1e-5, 10)  # learning rate of a run and of the lessons' fields
API_LR = Bound(0, 10, lo_open=True)  # learning rate of /api/v1/train (any positive rate up to 10)
MOMENTUM = Bound(0, 1, hi_open=True)
BATCH = Bound(1, 2000, integer=True)  # samples per update (also at most the training-set size)
SAMPLES = Bound(10, 2000, integer=True)  # samples a run draws
API_SAMPLES = Bound(1, 10_000, integer=True)  # rows of x in /api/v1/trace and /train
EPOCHS = Bound(1, 1000, integer=True)
STEP_UPDATES = Bound(1, 10_000, integer=True)  # updates one POST .../step may ask for (the cost ceiling may allow fewer)
STREAM_SPEED = Bound(1, 1000, integer=True)  # updates per frame of a stream
DROPOUT = Bound(0, 0.9)
LAMBDA = Bound(0, 10)
NOISE = Bound(0, 1)
DECAY = Bound(0, 1)

# ---------------------------------------------------------------- data and randomness
SEED = Bound(0, 2**32 - 1, integer=True)  # seeds of np.random.default_rng
AUGMENT_COPIES = Bound(0, 10, integer=True)
AUGMENT_SIGMA = Bound(0, 2)
VAL_FRACTION = Bound(0, 0.4)
TEST_FRACTION = Bound(0, 0.4)

# ---------------------------------------------------------------- the rest of a run's experiment
CLASSES = Bound(3, 5, integer=True)  # classes of the blobs data set
STEP_SIZE = Bound(1, 100_000, integer=True)  # updates between the step decays of the learning rate
GAMMA = Bound(0, 1, lo_open=True)  # factor of each step decay
HELD_OUT = Bound(0, 0.6)  # validation and test fractions together: training keeps at least 40 % of the data
