"""The Playground's query parameters: each names one field of `app.runs.experiment.Experiment` and, for numbers,
its limits in app.bounds; the option labels of its choices, and the message keys its scripts show.
(app.services.playground reads and writes experiments with these.)
"""

from __future__ import annotations

from dataclasses import dataclass

from app import bounds as B


@dataclass(frozen=True)
class Param:
    """A query parameter: its name (= the control's name), the Experiment field it sets, and how it is written.

    kind: int, float, str, bool ("1"/"0"), features (repeated), view ("2,3"), hidden ("4-tanh,2-relu" or "none").
    bound: the parameter's limits in app.bounds, where it has one (tests/test_playground_page.py checks that the
    Experiment model applies the same).
    """

    name: str
    path: tuple[str, ...]
    kind: str
    label: str  # message key of the control's label
    bound: B.Bound | None = None


PARAMS: tuple[Param, ...] = (
    Param("dataset", ("dataset",), "str", "pg.label.dataset"),
    Param("n", ("n",), "int", "pg.label.n", B.SAMPLES),
    Param("noise", ("noise",), "float", "pg.label.noise", B.NOISE),
    Param("classes", ("classes",), "int", "pg.label.classes", B.CLASSES),
    Param("data_seed", ("data_seed",), "int", "pg.label.data_seed", B.SEED),
    Param("val", ("val",), "float", "pg.label.val", B.VAL_FRACTION),
    Param("test", ("test",), "float", "pg.label.test", B.TEST_FRACTION),
    Param("scaling", ("scaling",), "str", "pg.label.scaling"),
    Param("augment", ("augment_copies",), "int", "pg.label.augment", B.AUGMENT_COPIES),
    Param("sigma", ("augment_sigma",), "float", "pg.label.sigma", B.AUGMENT_SIGMA),
    Param("features", ("features",), "features", "pg.label.features"),
    Param("view", ("view",), "view", "pg.label.view"),
    Param("hidden", ("hidden",), "hidden", "pg.label.hidden"),
    Param("loss", ("loss",), "str", "pg.label.loss"),
    Param("init", ("init",), "str", "pg.label.init"),
    Param("seed", ("seed",), "int", "pg.label.seed", B.SEED),
    Param("opt", ("optimizer", "name"), "str", "pg.label.opt"),
    Param("lr", ("optimizer", "lr"), "float", "pg.label.lr", B.LR),
    Param("momentum", ("optimizer", "momentum"), "float", "pg.label.momentum", B.MOMENTUM),
    Param("schedule", ("schedule", "name"), "str", "pg.label.schedule"),
    Param("decay", ("schedule", "decay"), "float", "pg.label.decay", B.DECAY),
    Param("step_size", ("schedule", "step_size"), "int", "pg.label.step_size", B.STEP_SIZE),
    Param("gamma", ("schedule", "gamma"), "float", "pg.label.gamma", B.GAMMA),
    Param("batch", ("batch_size",), "int", "pg.label.batch", B.BATCH),
    Param("shuffle", ("shuffle",), "bool", "pg.label.shuffle"),
    Param("reg", ("regularization", "kind"), "str", "pg.label.reg"),
    Param("lambda", ("regularization", "lam"), "float", "pg.label.lambda", B.LAMBDA),
    Param("dropout", ("dropout",), "float", "pg.label.dropout", B.DROPOUT),
    Param("batchnorm", ("batchnorm",), "bool", "pg.label.batchnorm"),
)
BY_NAME = {p.name: p for p in PARAMS}
# Option labels of the choices: the registries' display names (app/messages/names.py) where the Playground has
# nothing to add, its own texts where it does (the data sets' sizes, the losses' "chosen for the task").
# tests/test_playground_page.py checks that every value the Experiment model accepts has one.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "dataset": {"fruit": "pg.choice.dataset.fruit", "fruit_good": "pg.choice.dataset.fruit_good",
                "iris": "pg.choice.dataset.iris",
                "circle": "pg.choice.dataset.circle", "xor": "pg.choice.dataset.xor",
                "gauss": "pg.choice.dataset.gauss", "spiral": "pg.choice.dataset.spiral",
                "moons": "pg.choice.dataset.moons", "blobs": "pg.choice.dataset.blobs"},
    "scaling": {"none": "pg.choice.scaling.none", "minmax": "pg.choice.scaling.minmax",
                "standard": "pg.choice.scaling.standard"},
    "loss": {"auto": "pg.choice.loss.auto", "mse": "name.loss.mse", "mae": "name.loss.mae",
             "bce": "name.loss.bce", "cross_entropy": "pg.choice.loss.cross_entropy"},
    "init": {v: f"name.init.{v}" for v in ("normal", "uniform", "xavier_normal", "xavier_uniform", "he_normal",
                                          "he_uniform")},
    "opt": {v: f"name.optimizer.{v}" for v in ("sgd", "momentum", "adagrad", "rmsprop", "adam")},
    "schedule": {v: f"name.schedule.{v}" for v in ("constant", "exponential", "step")},
    "reg": {"none": "pg.choice.reg.none", "l1": "pg.choice.reg.l1", "l2": "pg.choice.reg.l2"},
}
# The messages the page's scripts show (static/playground/*.js name each of these literally); the page sends
# them in its language. Errors beside the controls come from the server as {field, key, params}: their keys are
# in ERROR_MESSAGES, sent too.
SCRIPT_MESSAGES: tuple[str, ...] = (
    "pg.compare.current", "pg.compare.remove", "pg.compare.same", "pg.compare.kept",
    "pg.layer.activation", "pg.layer.fewer", "pg.layer.more", "pg.layer.name", "pg.layer.units",
    "pg.msg.created", "pg.msg.diverged", "pg.msg.failed", "pg.msg.forked", "pg.msg.imported", "pg.msg.lost",
    "pg.msg.patched", "pg.msg.rejected", "pg.msg.reset_needed", "pg.msg.weight_set",
    "pg.network.bias", "pg.network.dead", "pg.network.input", "pg.network.output", "pg.network.title",
    "pg.network.weight", "pg.output", "pg.trace.layer",
    "pg.status.ready", "pg.status.training", "pg.status.paused", "pg.status.diverged",
)
ERROR_MESSAGES: tuple[str, ...] = (
    "error.field.empty", "error.field.integer", "error.field.not_number", "error.field.range", "pg.err.range_open",
    "pg.err.batch_train", "pg.err.choice", "pg.err.features", "pg.err.hidden", "pg.err.loss_task",
    "pg.err.val_test", "pg.err.view", "pg.files.bad", "pg.files.not_json", "pg.files.not_run", "pg.files.field",
)
BY_PATH = {p.path: p for p in PARAMS}
