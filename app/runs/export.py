"""A run as a JSON document, and back: the export format, version 1.

Import is a schema, not a trust. A document is checked in two steps before any of it is used:
1. `RunDocument`, a strict pydantic model: no extra keys, every number finite, every integer in range, every
   list bounded, the generator state a valid PCG64 state;
2. against the run its experiment builds: arrays shaped as the network says, the optimizer the experiment names,
   counters consistent with each other (step, epoch, place in the epoch, curve, validation points, test result).
Anything else is a ValueError naming the field ("state.order: ..."), answered 422 by the API. An accepted document
gives a run that exports, steps and streams like any other.

Floats go out as Python floats, whose JSON form (repr) reads back bit for bit, so an imported run continues
exactly as the exported one would.
"""

from __future__ import annotations

from array import array
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nnlib import checkpoint

from .experiment import Experiment
from .run import MAX_CURVE, Run

FORMAT, VERSION = "nnlab-run", 1
MAX_COUNTER = 10**12  # steps, epochs: far beyond what any run reaches, well inside int64 and JSON's doubles
MAX_ARRAYS = 256  # parameter arrays of the largest experiment: 21 dense layers x (weight, bias, alpha) + BN
MAX_VALUES = 2**17  # numbers in one array (a 64 x 64 weight is 4,096)
MAX_ROWS = 2000 * 11  # training rows: 2,000 samples, each with up to 10 noisy copies

Finite = Annotated[float, Field(allow_inf_nan=False)]
Counter = Annotated[int, Field(ge=0, le=MAX_COUNTER)]
Step = Annotated[int, Field(ge=1, le=MAX_COUNTER)]
Unit = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Numbers = Annotated[list[Finite], Field(max_length=MAX_VALUES)]
Matrix = Annotated[list[Numbers], Field(max_length=MAX_VALUES)]
Tensor3 = Annotated[list[Matrix], Field(max_length=MAX_VALUES)]
Tensor4 = Annotated[list[Tensor3], Field(max_length=MAX_VALUES)]
ArrayValue = Numbers | Matrix | Tensor3 | Tensor4  # a parameter: (n,), (out, in) or a convolution's (out, in, kH, kW)
Digits = Annotated[str, Field(pattern=r"^[0-9]{1,40}$")]  # an integer written as text (JSON readers lose digits)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class PCG64Inner(Strict):
    state: Digits
    inc: Digits


class GeneratorState(Strict):
    """numpy's PCG64 state with its integers as decimal text."""

    bit_generator: Literal["PCG64"]
    state: PCG64Inner
    has_uint32: Literal["0", "1"]
    uinteger: Digits

    @field_validator("uinteger")
    @classmethod
    def _uint32(cls, v: str) -> str:
        if int(v) >= 2**32:
            raise ValueError("must be below 2^32")
        return v

    @field_validator("state")
    @classmethod
    def _u128(cls, v: PCG64Inner) -> PCG64Inner:
        if int(v.state) >= 2**128 or int(v.inc) >= 2**128:
            raise ValueError("state and inc must be below 2^128")
        if int(v.inc) % 2 == 0:
            raise ValueError("inc must be odd (PCG64's stream increment)")
        return v


class BatchNormState(Strict):
    running_mean: Numbers
    running_var: Annotated[list[Annotated[float, Field(ge=0, allow_inf_nan=False)]], Field(max_length=MAX_VALUES)]


class OptimizerState(Strict):
    name: str = Field(max_length=20)
    t: Counter
    state: dict[Annotated[str, Field(max_length=20)], Annotated[list[ArrayValue], Field(max_length=MAX_ARRAYS)]] = (
        Field(max_length=2))


class EmptyHistory(Strict):
    """A live run keeps its own curve; the trainer's per-update history is always empty in an export."""

    loss: Annotated[list[Finite], Field(max_length=0)]
    data_loss: Annotated[list[Finite], Field(max_length=0)]
    penalty: Annotated[list[Finite], Field(max_length=0)]
    lr: Annotated[list[Finite], Field(max_length=0)]
    epoch_loss: Annotated[list[Finite], Field(max_length=0)]


class TrainerState(Strict):
    parameters: Annotated[list[ArrayValue], Field(max_length=MAX_ARRAYS)]
    batchnorm: Annotated[list[BatchNormState], Field(max_length=64)]
    optimizer: OptimizerState
    rng: GeneratorState
    step: Counter
    epoch: Counter
    pos: Counter
    order: Annotated[list[Annotated[int, Field(ge=0, lt=MAX_ROWS)]], Field(max_length=MAX_ROWS)]
    epoch_sum: Finite
    diverged_at: Step | None
    history: EmptyHistory


class Curve(Strict):
    stride: Annotated[int, Field(ge=1, le=2**40)]
    step: Annotated[list[Step], Field(max_length=MAX_CURVE)]
    loss: Annotated[list[Finite], Field(max_length=MAX_CURVE)]
    lr: Annotated[list[Annotated[float, Field(gt=0, allow_inf_nan=False)]], Field(max_length=MAX_CURVE)]
    data_loss: Annotated[list[Finite], Field(max_length=MAX_CURVE)]

    @field_validator("stride")
    @classmethod
    def _power_of_two(cls, v: int) -> int:
        if v & (v - 1):
            raise ValueError("must be a power of two (the curve keeps every stride-th update)")
        return v


class Validation(Strict):
    step: Annotated[list[Counter], Field(max_length=MAX_CURVE)]
    loss: Annotated[list[Finite], Field(max_length=MAX_CURVE)]
    acc: Annotated[list[Unit], Field(max_length=MAX_CURVE)]
    train_acc: Annotated[list[Unit], Field(max_length=MAX_CURVE)]


class Tested(Strict):
    step: Counter
    test_loss: Finite | None
    test_acc: Unit | None


class RunDocument(Strict):
    """The export format, version 1 (GET /api/v1/runs/{id}/export gives one, POST /api/v1/runs/import takes it)."""

    format: Literal["nnlab-run"]
    version: Literal[1]
    experiment: Experiment
    status: Literal["ready", "diverged"]
    diverged_at: Step | None
    state: TrainerState
    curve: Curve
    tested: Tested | None
    val: Validation


def export(run: Run, arrays: bool = False) -> dict:
    """The run's document (call with the run's lock held). arrays=True: its arrays of numbers stay arrays
    (NumPy arrays and the run's own array.arrays, not copied), for app.runs.packed."""
    seq = (lambda a: a) if arrays else list
    return {"format": FORMAT, "version": VERSION, "experiment": run.experiment.model_dump(mode="json"),
            "status": run.status, "diverged_at": run.diverged_at,
            "state": checkpoint.save(run.trainer, arrays=arrays),
            "curve": {"stride": run.stride, "step": seq(run.curve_steps), "loss": seq(run.curve_loss),
                      "lr": seq(run.curve_lr), "data_loss": seq(run.curve_data_loss)},
            "tested": run.tested,
            "val": {"step": seq(run.val_steps), "loss": seq(run.val_loss), "acc": seq(run.val_acc),
                    "train_acc": seq(run.train_acc)}}


class DocumentError(ValueError):
    """A document that breaks the schema (RunDocument): the message names the field, `kind` is pydantic's error
    type (int_type, missing, ...). Rules beyond the schema raise plain ValueErrors (a value_error)."""

    def __init__(self, exc: ValidationError):
        first = exc.errors(include_url=False)[0]
        super().__init__(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}")
        self.kind = first["type"]


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def _shape(value) -> tuple[int, ...] | None:
    """The shape of nested lists of numbers; None when ragged."""
    if not isinstance(value, list):
        return ()
    if not value:
        return (0,)
    inner = [_shape(v) for v in value]
    if any(s is None or s != inner[0] for s in inner):
        return None
    return (len(value), *inner[0])


def _arrays(values: list, want: list[tuple[int, ...]], where: str) -> None:
    _check(len(values) == len(want), f"{where}: expected {len(want)} arrays, got {len(values)}")
    for i, (value, shape) in enumerate(zip(values, want)):
        _check(_shape(value) == shape, f"{where}[{i}]: expected shape {shape}")


def _consistent(doc: RunDocument, run: Run) -> None:
    """The counters of a document against each other and against the run its experiment built."""
    s, m = doc.state, len(run.trainer.x)
    _check(s.epoch <= s.step, f"state.epoch: at most state.step ({s.step}), each epoch takes at least one update")
    _check(s.pos < m, f"state.pos: expected 0..{m - 1} (the training set has {m} rows)")
    _check(len(s.order) == m and len(set(s.order)) == m, f"state.order: expected a permutation of 0..{m - 1}")
    _check(s.optimizer.t <= s.step, "state.optimizer.t: at most state.step")
    slots = run.trainer.optimizer.slots
    _check(set(s.optimizer.state) == set(slots), f"state.optimizer.state: expected the slots {list(slots)}")
    shapes = [p.data.shape for p in run.model.parameters()]
    _arrays(s.parameters, shapes, "state.parameters")
    for slot in slots:
        _arrays(s.optimizer.state[slot], shapes, f"state.optimizer.state.{slot}")
    _check(doc.diverged_at == s.diverged_at, "diverged_at: must equal state.diverged_at")
    _check((doc.status == "diverged") == (doc.diverged_at is not None),
           "status: 'diverged' exactly when diverged_at is set")
    _check(doc.diverged_at is None or doc.diverged_at <= s.step + 1, "diverged_at: at most state.step + 1")
    c = doc.curve
    _check(len(c.loss) == len(c.step) == len(c.lr) == len(c.data_loss), "curve: steps and values differ in length")
    _check(all(a < b for a, b in zip(c.step, c.step[1:])), "curve.step: must increase")
    _check(all(v % c.stride == 0 and v <= s.step for v in c.step),
           "curve.step: each a multiple of curve.stride and at most state.step")
    v = doc.val
    _check(len(v.loss) == len(v.step), "val: steps and losses differ in length")
    _check(all(a <= b for a, b in zip(v.step, v.step[1:])) and all(x <= s.step for x in v.step),
           "val.step: must not decrease, each at most state.step")
    wanted = 0 if run.task == "regression" else len(v.step)
    _check(len(v.acc) == len(v.train_acc) == wanted, f"val.acc, val.train_acc: expected {wanted} values each")
    _check(doc.tested is None or doc.tested.step <= s.step, "tested.step: at most state.step")
    _check(doc.tested is None or len(run.parts["test"][0]) > 0, "tested: this experiment has no test set")


def from_export(doc: dict) -> Run:
    """A new run in exactly the exported state. Raises ValueError naming the field at fault."""
    if not isinstance(doc, dict):
        raise ValueError("body: expected an nnlab run export (a JSON object)")
    try:
        checked = RunDocument.model_validate(doc)
    except ValidationError as exc:
        raise DocumentError(exc) from None
    run = Run(checked.experiment)
    _consistent(checked, run)
    state = checked.state.model_dump()
    try:
        checkpoint.load(run.trainer, state)
    except ValueError as exc:
        raise ValueError(f"state.{exc}") from None
    c, v = checked.curve, checked.val
    run.stride = c.stride
    run.curve_steps, run.curve_loss = array("q", c.step), array("d", c.loss)
    run.curve_lr, run.curve_data_loss = array("d", c.lr), array("d", c.data_loss)
    run.val_steps, run.val_loss = array("q", v.step), array("d", v.loss)
    run.val_acc, run.train_acc = array("d", v.acc), array("d", v.train_acc)
    run.tested = checked.tested.model_dump() if checked.tested else None
    run.status, run.diverged_at = checked.status, checked.diverged_at
    return run
