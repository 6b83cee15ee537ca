"""The Playground page: an experiment written as URL query parameters, and back.

The page's controls are named after the query parameters in `PARAMS`; each parameter points at one field of
`app.runs.experiment.Experiment` (its `path`). The same table goes to the page's JavaScript, which builds the
experiment JSON from the controls and writes the URL from it, so the mapping lives only here. Bounds and choices
come from the Experiment model itself (its Field limits, Enums and Literals), never written twice.

A bad parameter is reported next to its control and the model's default is used instead (`parse`).
"""

from __future__ import annotations

import enum
import math
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import annotated_types
import numpy as np
from pydantic import BaseModel, ValidationError

from app.formatting import field_value
from app.forms import Message
from app.runs.build import task_loss
from app.runs.experiment import FEATURES, MUTABLE, Experiment, Hidden  # noqa: F401 - templates read pg.FEATURES
from nnlib import data

PATH = "/playground"
MAX_TEXT = 200  # longest parameter text looked at (a URL is not a place for essays)
SPEEDS = (1, 2, 5, 10, 20, 50, 100)  # updates per frame offered by the speed control
DEFAULT_SPEED = 5
# The network a learner builds here: 0-6 hidden layers of 1-16 neurons, as in TensorFlow Playground, so that
# the diagram stays readable on a projector (the API itself allows more).
MAX_LAYERS = 6
MAX_UNITS = 16


@dataclass(frozen=True)
class Param:
    """A query parameter: its name (= the control's name), the Experiment field it sets, and how it is written.

    kind: int, float, str, bool ("1"/"0"), features (repeated), view ("2,3"), hidden ("4-tanh,2-relu" or "none").
    """

    name: str
    path: tuple[str, ...]
    kind: str
    label: str  # message key of the control's label


PARAMS: tuple[Param, ...] = (
    Param("dataset", ("dataset",), "str", "pg.label.dataset"),
    Param("n", ("n",), "int", "pg.label.n"),
    Param("noise", ("noise",), "float", "pg.label.noise"),
    Param("classes", ("classes",), "int", "pg.label.classes"),
    Param("data_seed", ("data_seed",), "int", "pg.label.data_seed"),
    Param("val", ("val",), "float", "pg.label.val"),
    Param("test", ("test",), "float", "pg.label.test"),
    Param("scaling", ("scaling",), "str", "pg.label.scaling"),
    Param("augment", ("augment_copies",), "int", "pg.label.augment"),
    Param("sigma", ("augment_sigma",), "float", "pg.label.sigma"),
    Param("features", ("features",), "features", "pg.label.features"),
    Param("view", ("view",), "view", "pg.label.view"),
    Param("hidden", ("hidden",), "hidden", "pg.label.hidden"),
    Param("loss", ("loss",), "str", "pg.label.loss"),
    Param("init", ("init",), "str", "pg.label.init"),
    Param("seed", ("seed",), "int", "pg.label.seed"),
    Param("opt", ("optimizer", "name"), "str", "pg.label.opt"),
    Param("lr", ("optimizer", "lr"), "float", "pg.label.lr"),
    Param("momentum", ("optimizer", "momentum"), "float", "pg.label.momentum"),
    Param("schedule", ("schedule", "name"), "str", "pg.label.schedule"),
    Param("decay", ("schedule", "decay"), "float", "pg.label.decay"),
    Param("step_size", ("schedule", "step_size"), "int", "pg.label.step_size"),
    Param("gamma", ("schedule", "gamma"), "float", "pg.label.gamma"),
    Param("batch", ("batch_size",), "int", "pg.label.batch"),
    Param("shuffle", ("shuffle",), "bool", "pg.label.shuffle"),
    Param("reg", ("regularization", "kind"), "str", "pg.label.reg"),
    Param("lambda", ("regularization", "lam"), "float", "pg.label.lambda"),
    Param("dropout", ("dropout",), "float", "pg.label.dropout"),
    Param("batchnorm", ("batchnorm",), "bool", "pg.label.batchnorm"),
)
BY_NAME = {p.name: p for p in PARAMS}
# Option labels of the choices (activations keep their technical names). tests/test_playground_page.py checks
# that every value the Experiment model accepts has one.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "dataset": {"fruit": "pg.choice.dataset.fruit", "fruit_good": "pg.choice.dataset.fruit_good",
                "iris": "pg.choice.dataset.iris",
                "circle": "pg.choice.dataset.circle", "xor": "pg.choice.dataset.xor",
                "gauss": "pg.choice.dataset.gauss", "spiral": "pg.choice.dataset.spiral",
                "moons": "pg.choice.dataset.moons", "blobs": "pg.choice.dataset.blobs"},
    "scaling": {"none": "pg.choice.scaling.none", "minmax": "pg.choice.scaling.minmax",
                "standard": "pg.choice.scaling.standard"},
    "loss": {"auto": "pg.choice.loss.auto", "mse": "pg.choice.loss.mse", "mae": "pg.choice.loss.mae",
             "bce": "pg.choice.loss.bce", "cross_entropy": "pg.choice.loss.cross_entropy"},
    "init": {"normal": "pg.choice.init.normal", "uniform": "pg.choice.init.uniform",
             "xavier_normal": "pg.choice.init.xavier_normal", "xavier_uniform": "pg.choice.init.xavier_uniform",
             "he_normal": "pg.choice.init.he_normal", "he_uniform": "pg.choice.init.he_uniform"},
    "opt": {"sgd": "pg.choice.opt.sgd", "momentum": "pg.choice.opt.momentum", "adagrad": "pg.choice.opt.adagrad",
            "rmsprop": "pg.choice.opt.rmsprop", "adam": "pg.choice.opt.adam"},
    "schedule": {"constant": "pg.choice.schedule.constant", "exponential": "pg.choice.schedule.exponential",
                 "step": "pg.choice.schedule.step"},
    "reg": {"none": "pg.choice.reg.none", "l1": "pg.choice.reg.l1", "l2": "pg.choice.reg.l2"},
}
# The messages the page's script shows (static/js/playground.js names each of these literally); the page sends
# them in its language, together with the labels of the parameters and of the losses.
SCRIPT_MESSAGES: tuple[str, ...] = (
    "error.field.empty", "error.field.not_number", "error.field.range", "pg.err.range_open",
    "pg.err.batch_train", "pg.err.choice", "pg.err.features", "pg.err.hidden", "pg.err.loss_task",
    "pg.err.val_test", "pg.err.view",
    "pg.axis.accuracy", "pg.axis.class", "pg.axis.gradnorm", "pg.axis.loss", "pg.axis.prob", "pg.axis.update",
    "pg.axis.y",
    "pg.trace.layer", "pg.trace.model", "pg.trace.test_xy", "pg.trace.train_xy", "pg.trace.train_acc",
    "pg.trace.val_acc", "pg.trace.train_loss", "pg.trace.val_loss",
    "pg.compare.current", "pg.compare.remove", "pg.compare.same", "pg.compare.kept",
    "pg.files.bad", "pg.files.not_json",
    "pg.layer.activation", "pg.layer.fewer", "pg.layer.more", "pg.layer.name", "pg.layer.units",
    "pg.msg.created", "pg.msg.diverged", "pg.msg.failed", "pg.msg.forked", "pg.msg.imported", "pg.msg.lost",
    "pg.msg.patched", "pg.msg.rejected", "pg.msg.reset_needed", "pg.msg.weight_set",
    "pg.network.bias", "pg.network.dead", "pg.network.input", "pg.network.output", "pg.network.title",
    "pg.network.weight", "pg.output",
    "pg.status.ready", "pg.status.training", "pg.status.paused", "pg.status.diverged",
)
BY_PATH = {p.path: p for p in PARAMS}
DEFAULTS = Experiment()


FieldError = Message  # a parameter's error: a catalog key and its parameters


# ---------------------------------------------------------------- what the model says about a field

def _field(path: tuple[str, ...]):
    """The pydantic FieldInfo at `path` of Experiment (("optimizer", "lr") -> OptimizerSettings.lr)."""
    model: type[BaseModel] = Experiment
    info = None
    for part in path:
        info = model.model_fields[part]
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    return info


def bounds(path: tuple[str, ...]) -> dict:
    """{"min", "max", "min_open", "max_open"} of a numeric field, from its Field(ge/gt/le/lt) metadata."""
    return _bounds(_field(path).metadata)


def _bounds(metadata) -> dict:
    out: dict = {}
    for m in metadata:
        if isinstance(m, annotated_types.Ge):
            out["min"], out["min_open"] = m.ge, False
        elif isinstance(m, annotated_types.Gt):
            out["min"], out["min_open"] = m.gt, True
        elif isinstance(m, annotated_types.Le):
            out["max"], out["max_open"] = m.le, False
        elif isinstance(m, annotated_types.Lt):
            out["max"], out["max_open"] = m.lt, True
    return out


def choices(path: tuple[str, ...]) -> list[str]:
    """The values an Enum or Literal field accepts, in the registry's order."""
    annotation = _field(path).annotation
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [e.value for e in annotation]
    return [str(v) for v in typing.get_args(annotation)]


ACTIVATIONS = [e.value for e in Hidden.model_fields["activation"].annotation]
UNITS = {**_bounds(Hidden.model_fields["units"].metadata), "max": MAX_UNITS}  # neurons in a hidden layer


def get(exp: dict, path: tuple[str, ...]):
    for part in path:
        exp = exp[part]
    return exp


def _set(exp: dict, path: tuple[str, ...], value) -> None:
    for part in path[:-1]:
        exp = exp.setdefault(part, {})
    exp[path[-1]] = value


def _drop(exp: dict, path: tuple[str, ...]) -> None:
    for part in path[:-1]:
        exp = exp.get(part, {})
    exp.pop(path[-1], None)


# ---------------------------------------------------------------- text <-> values

def hidden_text(hidden: list[dict]) -> str:
    """[{"units": 4, "activation": "tanh"}, ...] -> "4-tanh,..."; no hidden layer -> "none"."""
    return ",".join(f"{h['units']}-{h['activation']}" for h in hidden) or "none"


def parse_hidden(text: str) -> list[dict] | str:
    """"4-tanh,2-relu" -> [{"units": "4", "activation": "tanh"}, ...] for pydantic to check; "none" or "" -> [].
    A layer without an activation ("4") takes the model's default. Sizes are left to the checks (the model's,
    then the page's MAX_LAYERS and MAX_UNITS)."""
    text = text.strip()
    if text in ("", "none"):
        return []
    layers = []
    for part in text.split(","):
        units, _, act = part.strip().partition("-")
        layer = {"units": units}
        if act:
            layer["activation"] = act
        layers.append(layer)
    return layers


def to_query(exp: Experiment) -> list[tuple[str, str]]:
    """The experiment as (name, value) query pairs, in PARAMS order (features repeated)."""
    dump = exp.model_dump(mode="json")
    pairs: list[tuple[str, str]] = []
    for p in PARAMS:
        value = get(dump, p.path)
        if p.kind == "features":
            pairs.extend((p.name, f) for f in value)
        elif p.kind == "view":
            pairs.append((p.name, f"{value[0]},{value[1]}"))
        elif p.kind == "hidden":
            pairs.append((p.name, hidden_text(value)))
        elif p.kind == "bool":
            pairs.append((p.name, "1" if value else "0"))
        elif p.kind == "float":
            pairs.append((p.name, field_value(value)))
        else:
            pairs.append((p.name, str(value)))
    return pairs


def _raw_value(p: Param, query) -> object:
    """The query text of parameter p as the value to validate (pydantic converts and checks it)."""
    if p.kind == "features":
        return [v.strip() for v in query.getlist(p.name)]
    text = query.get(p.name, "")[:MAX_TEXT].strip()
    if p.kind == "view":
        return [v.strip() for v in text.split(",")]
    if p.kind == "hidden":
        return parse_hidden(text)
    if p.kind == "float":
        return text.replace(",", ".")  # a Polish keyboard writes 0,03
    if p.kind == "bool":
        return {"1": True, "0": False, "true": True, "false": False, "on": True, "off": False}.get(text, text)
    return text


# ---------------------------------------------------------------- errors

def plain(v: float) -> str:
    """A bound as a learner reads it, without exponent: 1e-05 -> "0.00001", 10.0 -> "10" (as the script writes it)."""
    return f"{v:.10f}".rstrip("0").rstrip(".") if not float(v).is_integer() else str(int(v))


def hidden_error() -> FieldError:
    return FieldError("pg.err.hidden", {"layers": MAX_LAYERS, "min": UNITS["min"], "max": UNITS["max"]})


def error_for(p: Param, problem: dict, raw) -> FieldError:
    """A pydantic error of parameter p as a message of the catalog."""
    kind = problem["type"]
    if p.kind == "hidden":
        return hidden_error()
    if p.kind == "features":
        return FieldError("pg.err.features")
    if p.kind == "view":
        return FieldError("pg.err.view")
    if p.name == "test" and kind == "value_error":  # the model's "val + test: at most 0.6, ..." check
        most = re.search(r"at most ([0-9.]+)", problem["msg"])
        return FieldError("pg.err.val_test", {"max": most.group(1) if most else ""})
    if kind in ("int_parsing", "float_parsing", "int_from_float", "finite_number", "float_type", "int_type"):
        return FieldError("error.field.not_number", {"value": str(raw)[:40]})
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        b = bounds(p.path)
        key = "pg.err.range_open" if b.get("max_open") or b.get("min_open") else "error.field.range"
        return FieldError(key, {"min": plain(b["min"]), "max": plain(b["max"])})
    return FieldError("pg.err.choice")


def _param_of(problem: dict) -> Param | None:
    """The parameter a pydantic error is about: the longest PARAMS path its loc starts with."""
    loc = tuple(str(part) for part in problem["loc"])
    for n in range(len(loc), 0, -1):
        if loc[:n] in BY_PATH:
            return BY_PATH[loc[:n]]
    if not loc:  # a model-level check; its message starts with the field ("features: ...", "val + test: ...")
        msg = problem["msg"].removeprefix("Value error, ")
        if msg.startswith("features"):
            return BY_NAME["features"]
        if msg.startswith("val + test"):
            return BY_NAME["test"]
    return None


@dataclass
class Prefill:
    """The page's starting experiment, and the parameters that were wrong (name -> FieldError)."""

    experiment: Experiment
    errors: dict[str, FieldError]


@lru_cache(maxsize=16)
def dataset_info(name: str) -> dict:
    """{"task", "features": raw feature names, "synthetic", "size" (None: drawn n samples)}.

    "synthetic": a drawn 2-D set (n, noise and the input features apply), as a run decides it: two raw columns.
    """
    ds = data.make(name, n=10, noise=0.0, rng=np.random.default_rng(0),
                   **({"classes": 3} if name == "blobs" else {}))
    synthetic = ds.x.shape[1] == 2
    return {"task": ds.task, "features": list(ds.feature_names),
            "synthetic": synthetic, "size": None if synthetic else len(ds)}


def train_size(exp: Experiment) -> int:
    """Rows the run will train on: what nnlib's split leaves after the validation and test parts, with the
    noisy copies of nnlib's augmentation."""
    info = dataset_info(exp.dataset.value)
    rows = info["size"] or exp.n
    rng = np.random.default_rng(0)
    (train,), _, _ = data.split((np.arange(rows),), val=exp.val, test=exp.test, rng=rng)
    if exp.augment_copies:
        x = np.zeros((len(train), 1))
        return len(data.augment_noise(x, np.zeros(len(train)), exp.augment_copies, exp.augment_sigma, rng)[0])
    return len(train)


def parse(query: Mapping) -> Prefill:
    """Validate the query parameters into an Experiment; each bad one is reported and takes the default.

    Besides the model's own checks, the checks a run makes of the combination (batch at most the training-set
    size, a loss that fits the task, view indices within the data set's features) are made here, so the page
    never starts with an experiment the API would refuse.
    """
    exp: dict = {}
    raws: dict[str, object] = {}
    errors: dict[str, FieldError] = {}
    for p in PARAMS:
        if p.name in query and (p.kind == "features" or query.get(p.name, "") != "" or p.kind == "hidden"):
            raws[p.name] = _raw_value(p, query)
            _set(exp, p.path, raws[p.name])
    for _ in range(len(PARAMS) + 1):
        try:
            # A query is text: lax mode reads "300" as 300 here (a JSON body of the API must write the number).
            model = Experiment.model_validate(exp, strict=False)
            break
        except ValidationError as exc:
            for problem in exc.errors():
                p = _param_of(problem)
                if p is None:  # cannot happen with PARAMS covering every field; never loop forever
                    raise
                errors.setdefault(p.name, error_for(p, problem, raws.get(p.name, "")))
                _drop(exp, p.path)
    else:  # pragma: no cover - each round drops at least one parameter
        model = DEFAULTS

    info = dataset_info(model.dataset.value)
    changes: dict = {}
    if len(model.hidden) > MAX_LAYERS or any(h.units > MAX_UNITS for h in model.hidden):
        errors["hidden"] = hidden_error()
        changes["hidden"] = DEFAULTS.hidden
    if len(info["features"]) > 1 and not all(0 <= v < len(info["features"]) for v in model.view):
        errors["view"] = FieldError("pg.err.view")
        changes["view"] = DEFAULTS.view
    try:
        task_loss(info["task"], model.loss)
    except ValueError:
        errors["loss"] = FieldError("pg.err.loss_task", {"allowed": ", ".join(allowed_losses()[info["task"]])})
        changes["loss"] = "auto"
    m = train_size(model)
    if model.batch_size > m:
        errors["batch"] = FieldError("pg.err.batch_train", {"max": m})
        changes["batch_size"] = min(DEFAULTS.batch_size, m)
    if changes:
        model = model.model_copy(update=changes)
    return Prefill(model, errors)


# ---------------------------------------------------------------- what the page's script is told

@lru_cache(maxsize=1)
def allowed_losses() -> dict[str, list[str]]:
    """Per task, the losses a run accepts (the first is what "auto" picks), asked of the runs module."""
    out: dict[str, list[str]] = {}
    for task in data.TASKS:
        out[task] = []
        for name in choices(("loss",)):
            if name == "auto":
                continue
            try:
                task_loss(task, name)
            except ValueError:
                continue
            out[task].append(name)
        out[task].sort(key=lambda name: task_loss(task, "auto")[0] != name)
    return out


def output_activation(task: str, loss: str) -> str:
    """The activation of the output layer as the learner should read it (softmax lives inside cross-entropy)."""
    name = task_loss(task, "auto" if loss == "auto" else loss)
    return "softmax" if name[0] == "cross_entropy" else name[1]


def param_table(t) -> list[dict]:
    """PARAMS for the script: name, path, kind, label (text in the page's language) and the numeric bounds."""
    out = []
    for p in PARAMS:
        entry = {"name": p.name, "path": list(p.path), "kind": p.kind, "label": t(p.label)}
        if p.kind in ("int", "float"):
            entry.update(bounds(p.path))
        out.append(entry)
    return out


def script_config(exp: Experiment, t, speed: int) -> dict:
    """Everything the page's script needs, as one JSON document in the page; `t(key)` gives the page's texts."""
    return {
        "experiment": exp.model_dump(mode="json"),
        "defaults": DEFAULTS.model_dump(mode="json"),
        "params": param_table(t),
        "loss_labels": {value: t(key) for value, key in CHOICE_LABELS["loss"].items()},
        "mutable": sorted(MUTABLE),
        "units": UNITS,
        "max_hidden": MAX_LAYERS,
        "activations": ACTIVATIONS,
        "datasets": {name: dataset_info(name) for name in data.DATASETS},
        "losses": allowed_losses(),
        "outputs": {task: {loss: output_activation(task, loss) for loss in losses}
                    for task, losses in allowed_losses().items()},
        "messages": {key: t(key) for key in SCRIPT_MESSAGES},
        "api": "/api/v1/runs",
        "path": PATH,
        "speed": speed,
    }


def log10(v: float) -> float:
    """The learning-rate slider's position: log10 of the rate, to 2 decimals."""
    return round(math.log10(v), 2)


def shown(condition: str, exp: Experiment) -> bool:
    """Whether a control applies to the experiment; `condition` is the control's data-when attribute:
    "synthetic" (drawn 2-D sets), "several-features" (more raw features than two: the view is chosen),
    or "param=value|value" (e.g. "opt=momentum", "reg=l1|l2"). The page's script evaluates the same strings."""
    info = dataset_info(exp.dataset.value)
    if condition == "synthetic":
        return info["synthetic"]
    if condition == "several-features":
        return len(info["features"]) > 2
    name, _, values = condition.partition("=")
    return dict(to_query(exp))[name] in values.split("|")
