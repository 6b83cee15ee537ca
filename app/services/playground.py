"""The Playground page: an experiment written as URL query parameters, and back.

The page's controls are named after the query parameters in `PARAMS`; each parameter points at one field of
`app.runs.experiment.Experiment` (its `path`) and, for numbers, at its limits in app.bounds (the same the model
applies). The page's scripts send the controls' text as that query to GET /playground/data/experiment, which answers
the experiment (`parse`): the experiment JSON is built here only, and numbers are read as a learner types them
("0,05" and "0.05" alike). Choices come from the Experiment model itself (its Enums and Literals).

A bad parameter is reported next to its control as a FieldError {field, key, params} (a catalog key, rendered in
the page's language by the side that shows it: the template, or the script) and the model's default is used
instead.
"""

from __future__ import annotations

import enum
import math
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

import annotated_types
import numpy as np
from pydantic import BaseModel, ValidationError

from app import bounds as B
from app.formatting import field_value, limit_text
from app.i18n import MESSAGES, translator
from app.lessons.contract import FieldError, read_number
from app.runs.build import task_loss
from app.runs.experiment import FEATURES, MUTABLE, Experiment, Hidden  # noqa: F401 - templates read pg.FEATURES
from app.services import playground_plots
from app.services.playground_params import (  # noqa: F401 - pg.PARAMS etc. for templates and tests
    BY_NAME,
    BY_PATH,
    CHOICE_LABELS,
    ERROR_MESSAGES,
    PARAMS,
    SCRIPT_MESSAGES,
    Param,
)
from nnlib import data

PATH = "/playground"
MAX_TEXT = 200  # longest parameter text looked at (a URL is not a place for essays)
# Updates per frame offered by the speed control: 1-2-5 steps within the streams' bound (app.bounds).
SPEEDS = tuple(s for s in (1, 2, 5, 10, 20, 50, 100) if B.STREAM_SPEED.contains(s))
DEFAULT_SPEED = 5
# The network a learner builds here (app.bounds: fewer layers and neurons than the API allows, so that the
# diagram stays readable on a projector).
MAX_LAYERS = int(B.PLAYGROUND_LAYERS.hi)
MAX_UNITS = int(B.PLAYGROUND_UNITS.hi)
MAX_SNAPSHOTS = 3  # kept curves to compare, besides the current run's



DEFAULTS = Experiment()


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


def bound_limits(b: B.Bound) -> dict:
    """{"min", "max", "min_open", "max_open"} of an app.bounds Bound (integers as int)."""
    num = int if b.integer else float
    return {"min": num(b.lo), "max": num(b.hi), "min_open": b.lo_open, "max_open": b.hi_open}


def bounds(path: tuple[str, ...]) -> dict:
    """{"min", "max", "min_open", "max_open"} of a numeric parameter: its app.bounds Bound (the model's
    Field(ge/gt/le/lt) metadata for a field the Playground does not offer)."""
    p = BY_PATH.get(path)
    if p is not None and p.bound is not None:
        return bound_limits(p.bound)
    return model_bounds(path)


def model_bounds(path: tuple[str, ...]) -> dict:
    """The limits the Experiment model applies to the field at `path`."""
    return model_limits(_field(path).metadata)


def model_limits(metadata) -> dict:
    """{"min", "max", "min_open", "max_open"} of a pydantic field's Field(ge/gt/le/lt) metadata."""
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
UNITS = bound_limits(B.PLAYGROUND_UNITS)  # neurons in a hidden layer


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


def _raw_value(p: Param, query) -> tuple[object, FieldError | None]:
    """The query text of parameter p as the value to validate (pydantic converts and checks it), or the error of
    a number that is not one. Numbers are read as a learner types them: "0,05" and "0.05" alike."""
    if p.kind == "features":
        return [v.strip() for v in query.getlist(p.name)], None
    text = query.get(p.name, "")[:MAX_TEXT].strip()
    if p.kind == "view":
        return [v.strip() for v in text.split(",")], None
    if p.kind == "hidden":
        return parse_hidden(text), None
    if p.kind in ("int", "float"):
        v = read_number(text)
        if v is None:
            return text, FieldError(p.name, "error.field.not_number", {"value": text[:40]})
        if not math.isfinite(v):
            return text, range_error(p)
        if p.kind == "int":
            if not v.is_integer():
                return text, range_error(p, "error.field.integer")
            return int(v), None
        return v, None
    if p.kind == "bool":
        return {"1": True, "0": False, "true": True, "false": False, "on": True, "off": False}.get(text, text), None
    return text, None


# ---------------------------------------------------------------- errors

def range_error(p: Param, key: str | None = None) -> FieldError:
    """p's value is out of its bounds: the message names them as a learner reads them ("0.00001", "10")."""
    b = bounds(p.path)
    if key is None:
        key = "pg.err.range_open" if b.get("max_open") or b.get("min_open") else "error.field.range"
    return FieldError(p.name, key, {"min": limit_text(b["min"]), "max": limit_text(b["max"])})


def hidden_error() -> FieldError:
    return FieldError("hidden", "pg.err.hidden", {"layers": MAX_LAYERS, "min": UNITS["min"], "max": UNITS["max"]})


def error_for(p: Param, problem: dict) -> FieldError:
    """A pydantic error of parameter p (its `type`, never its English text) as a message of the catalog."""
    kind = problem["type"]
    if p.kind == "hidden":
        return hidden_error()
    if p.kind == "features":
        return FieldError(p.name, "pg.err.features")
    if p.kind == "view":
        return FieldError(p.name, "pg.err.view")
    if kind in ("int_parsing", "float_parsing", "int_from_float", "finite_number", "float_type", "int_type"):
        return FieldError(p.name, "error.field.not_number", {"value": ""})
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return range_error(p)
    return FieldError(p.name, "pg.err.choice")


def _rule_broken(exp: dict) -> FieldError | None:
    """Which of the Experiment's rules across fields the candidate `exp` breaks (the model says only that one
    did): each feature at most once, validation and test together within app.bounds.HELD_OUT."""
    features = exp.get("features", DEFAULTS.features)
    if isinstance(features, list) and len(set(features)) != len(features):
        return FieldError("features", "pg.err.features")
    try:
        held_out = float(exp.get("val", DEFAULTS.val)) + float(exp.get("test", DEFAULTS.test))
    except (TypeError, ValueError):
        return None
    if not B.HELD_OUT.contains(round(held_out, 12)):  # the one given last is at fault, the test part first
        return FieldError("test" if "test" in exp else "val", "pg.err.val_test", {"max": limit_text(B.HELD_OUT.hi)})
    return None


def _param_of(problem: dict) -> Param | None:
    """The parameter a pydantic error is about: the longest PARAMS path its loc starts with."""
    loc = tuple(str(part) for part in problem["loc"])
    for n in range(len(loc), 0, -1):
        if loc[:n] in BY_PATH:
            return BY_PATH[loc[:n]]
    return None


def import_error(field: str | None) -> FieldError:
    """A run file the runs API refused (its RunError's `field`, e.g. "body.experiment.optimizer.lr"): the setting
    at fault by its parameter's name when it is one of the page's, else "not a run of the Playground"."""
    parts = tuple((field or "").split("."))
    if parts[:2] == ("body", "experiment"):
        p = _param_of({"loc": parts[2:]})
        if p is not None:
            return FieldError("import", "pg.files.field", {"field": p.name})
    return FieldError("import", "pg.files.not_run")


@dataclass
class Prefill:
    """The page's starting experiment, and the parameters that were wrong (name -> FieldError)."""

    experiment: Experiment
    errors: dict[str, FieldError]

    def as_json(self) -> dict:
        """What GET /playground/data/experiment answers: the experiment, its URL query and the errors."""
        return {"experiment": self.experiment.model_dump(mode="json"),
                "query": urlencode(to_query(self.experiment)),
                "train_size": train_size(self.experiment),
                "errors": [e.as_json() for e in self.errors.values()]}


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
    never starts with an experiment the API would refuse, and its script never sends one.
    """
    exp: dict = {}
    errors: dict[str, FieldError] = {}
    for p in PARAMS:
        if p.name in query and (p.kind == "features" or query.get(p.name, "") != "" or p.kind == "hidden"):
            value, error = _raw_value(p, query)
            if error is None:
                _set(exp, p.path, value)
            else:
                errors[p.name] = error
        elif p.name in query and p.kind in ("int", "float"):
            errors[p.name] = FieldError(p.name, "error.field.empty")
    for _ in range(len(PARAMS) + 1):
        try:
            # A query is text: lax mode reads "300" as 300 here (a JSON body of the API must write the number).
            model = Experiment.model_validate(exp, strict=False)
            break
        except ValidationError as exc:
            for problem in exc.errors():
                p = _param_of(problem)
                if p is None:  # a rule across fields (the model's loc is empty)
                    error = _rule_broken(exp)
                    if error is None:  # cannot happen with PARAMS covering every field; never loop forever
                        raise
                    p = BY_NAME[error.field]
                else:
                    error = error_for(p, problem)
                errors.setdefault(p.name, error)
                _drop(exp, p.path)
    else:  # pragma: no cover - each round drops at least one parameter
        model = DEFAULTS

    info = dataset_info(model.dataset.value)
    changes: dict = {}
    if len(model.hidden) > MAX_LAYERS or any(not B.PLAYGROUND_UNITS.contains(h.units) for h in model.hidden):
        errors["hidden"] = hidden_error()
        changes["hidden"] = DEFAULTS.hidden
    if len(info["features"]) > 1 and not all(0 <= v < len(info["features"]) for v in model.view):
        errors["view"] = FieldError("view", "pg.err.view")
        changes["view"] = DEFAULTS.view
    try:
        task_loss(info["task"], model.loss)
    except ValueError:
        errors["loss"] = FieldError("loss", "pg.err.loss_task", {"allowed": allowed_losses()[info["task"]]})
        changes["loss"] = "auto"
    m = train_size(model)
    if model.batch_size > m:
        errors["batch"] = FieldError("batch", "pg.err.batch_train", {"max": m})
        changes["batch_size"] = min(DEFAULTS.batch_size, m)
    if changes:
        model = model.model_copy(update=changes)
    return Prefill(model, errors)


def error_text(error: FieldError, t) -> str:
    """An error as the page shows it; a loss error names the allowed losses by their labels."""
    params = dict(error.params)
    if error.key == "pg.err.loss_task":
        params["allowed"] = ", ".join(t(CHOICE_LABELS["loss"][name]) for name in params["allowed"])
    return t(error.key, **params)


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


SUBSCRIPTS = (("x1", "x\u2081"), ("x2", "x\u2082"), ("^2", "\u00b2"), ("*", "\u00b7"))


def feature_label(name: str, t) -> str:
    """A feature as the learner reads it: iris' measurements by their names (name.feature.*), the drawn sets'
    features typeset: x1^2 -> x₁², x1*x2 -> x₁·x₂."""
    key = f"name.feature.{name}"
    if key in MESSAGES["en"]:
        return t(key)
    for raw, shown_as in SUBSCRIPTS:
        name = name.replace(raw, shown_as)
    return name


def choice_label(name: str, value: str, t) -> str:
    """An option's label in the page's language (the small data sets name their size, blobs its classes)."""
    params: dict = {}
    if name == "dataset":
        size = dataset_info(value)["size"]
        params = {"n": size} if size else {}
        if value == "blobs":
            params = {"min": int(B.CLASSES.lo), "max": int(B.CLASSES.hi)}
    return t(CHOICE_LABELS[name][value], **params)


def param_table(t) -> list[dict]:
    """PARAMS for the script: name, path, kind, label (text in the page's language) and the choices' labels."""
    out = []
    for p in PARAMS:
        entry: dict = {"name": p.name, "path": list(p.path), "kind": p.kind, "label": t(p.label)}
        if p.name in CHOICE_LABELS:
            entry["choices"] = {v: choice_label(p.name, v, t) for v in CHOICE_LABELS[p.name]}
        out.append(entry)
    return out


def script_config(exp: Experiment, lang: str, speed: int, weight: dict) -> dict:
    """Everything the page's scripts need, as one JSON document in the page, in the page's language `lang`.
    `weight`: the limits of a weight the diagram's editor may set ({"min", "max"}, the runs API's)."""
    t = translator(lang)
    features = {f for info in (dataset_info(n) for n in data.DATASETS) for f in info["features"]} | set(FEATURES)
    return {
        "experiment": exp.model_dump(mode="json"),
        "defaults": DEFAULTS.model_dump(mode="json"),
        "params": param_table(t),
        "mutable": sorted(MUTABLE),
        "units": UNITS,
        "max_hidden": MAX_LAYERS,
        "max_snapshots": MAX_SNAPSHOTS,
        "weight": weight,
        "activations": {a: t(f"name.activation.{a}") for a in [*ACTIVATIONS, "softmax"]},
        "features": {f: feature_label(f, t) for f in sorted(features)},
        "datasets": {name: dataset_info(name) for name in data.DATASETS},
        "losses": allowed_losses(),
        "outputs": {task: {loss: output_activation(task, loss) for loss in losses}
                    for task, losses in allowed_losses().items()},
        "messages": {key: MESSAGES[lang][key] for key in SCRIPT_MESSAGES + ERROR_MESSAGES},
        "lang": lang,
        "plots": playground_plots.templates(lang),
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
