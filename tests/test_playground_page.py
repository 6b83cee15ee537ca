"""The Playground page (/playground) in-process: every control in both languages, the URL prefilling the
controls, bad parameters reported beside their control with the default kept, and the JSON the script gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app import bounds as B
from app.i18n import LANGS, translate, translator
from app.lessons.contract import FieldError
from app.messages import CATALOG
from app.runs.experiment import FEATURES, Experiment
from app.services import playground as pg

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "static" / "playground").glob("*.js"))
DEFAULT = Experiment()


def page(client, query: str = "", lang: str = "pl") -> BeautifulSoup:
    sep = "&" if query else ""
    r = client.get(f"/playground?{query}{sep}lang={lang}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    return BeautifulSoup(r.text, "html.parser")


def config(soup: BeautifulSoup) -> dict:
    return json.loads(soup.find("script", id="pg-config").string)


def errors_shown(soup: BeautifulSoup) -> dict[str, str]:
    return {span["data-error-for"]: span.get_text(strip=True)
            for span in soup.select("#pg-form [data-error-for]") if span.get_text(strip=True)}


def control_value(soup: BeautifulSoup, name: str):
    """What the control of a query parameter shows: the text of an input or the selected option's value."""
    node = soup.select_one(f'#pg-form [name="{name}"]')
    if node.name == "select":
        chosen = node.find("option", selected=True)
        return chosen["value"] if chosen else node.find("option")["value"]
    if node.get("type") == "checkbox":
        return "1" if node.has_attr("checked") else "0"
    return node["value"]


def accessible_name(node) -> str:
    return (node.get("aria-label") or node.get_text(" ", strip=True)).strip()


# ---------------------------------------------------------------- every control, both languages

@pytest.mark.parametrize("lang", LANGS)
def test_page_renders_every_control_with_a_label(client, lang):
    soup = page(client, lang=lang)
    assert soup.html["lang"] == lang
    assert soup.h1.get_text(strip=True) == translate(lang, "pg.title")
    form = soup.select_one("form#pg-form")
    for p in pg.PARAMS:
        assert form.select(f'[name="{p.name}"]'), f"no control named {p.name}"
        assert soup.select_one(f'[data-error-for="{p.name}"]') is not None, f"no message slot for {p.name}"
        if p.kind in ("int", "float", "str", "bool"):
            control = form.select_one(f'[name="{p.name}"]')
            assert control["id"] == f"pg-{p.name}"
            label = soup.select_one(f'label[for="pg-{p.name}"]')
            assert label is not None and label.get_text(strip=True) == translate(lang, p.label)
    # Features: one box per feature of the model, each with its own label.
    boxes = form.select('input[name="features"]')
    assert [b["value"] for b in boxes] == list(FEATURES)
    assert all(b.find_parent("label") is not None for b in boxes)
    # Hidden layers: +/- for layers and for neurons, an activation per layer, each with a name in this language.
    rows = soup.select("#pg-layers .pg-layer")
    assert len(rows) == len(DEFAULT.hidden)
    for i, row in enumerate(rows, start=1):
        names = [accessible_name(b) for b in row.select("button, input, select")]
        assert names == [translate(lang, key, layer=i) for key in
                         ("pg.layer.fewer", "pg.layer.units", "pg.layer.more", "pg.layer.activation")]
    assert accessible_name(soup.select_one("#pg-layer-add")) == translate(lang, "pg.layer.add")
    assert accessible_name(soup.select_one("#pg-layer-remove")) == translate(lang, "pg.layer.remove")
    # The learning rate has a text field and a log-scale slider over 1e-5..10 (app.bounds.LR).
    slider = soup.select_one("#pg-lr-log")
    assert slider["type"] == "range" and float(slider["min"]) == -5 and float(slider["max"]) == 1
    assert accessible_name(slider) == translate(lang, "pg.label.lr_log")
    assert soup.select_one("#pg-lr-hint").get_text(strip=True) == translate(lang, "pg.lr_hint", min="0.00001", max="10")
    # Every number is a text field (a decimal comma is typed as it is; a number field would turn "0,05" into
    # "005" in some browsers), with the keyboard of its kind.
    for p in pg.PARAMS:
        if p.kind in ("int", "float"):
            field = soup.select_one(f"#pg-{p.name}")
            assert field["type"] == "text" and "pg-number" in field["class"], p.name
            assert field["inputmode"] == ("numeric" if p.kind == "int" else "decimal"), p.name
    assert all(f["type"] == "text" for f in soup.select("#pg-layers .pg-units, #pg-weight-form input:not([type=submit])"))
    assert not soup.select('input[type="number"]')


BUTTONS = {"pg-play": "pg.play", "pg-step": "pg.step", "pg-epoch": "pg.epoch", "pg-reset": "pg.reset",
           "pg-new-seed": "pg.new_seed", "pg-regenerate": "pg.regenerate", "pg-fork": "pg.compare.fork",
           "pg-compare-clear": "pg.compare.clear", "pg-export": "pg.files.export", "pg-csv": "pg.files.csv",
           "pg-w-set": "pg.weight.set"}


@pytest.mark.parametrize("lang", LANGS)
def test_buttons_and_views_are_named_in_the_page_language(client, lang):
    soup = page(client, lang=lang)
    for node_id, key in BUTTONS.items():
        assert accessible_name(soup.select_one(f"#{node_id}")) == translate(lang, key), node_id
    assert soup.select_one("#pg-speed") and soup.select_one('label[for="pg-speed"]')
    assert soup.select_one('label[for="pg-import"]').get_text(strip=True) == translate(lang, "pg.files.import")
    assert soup.select_one("#pg-import")["type"] == "file"
    assert {f["data-plot"] for f in soup.select("[data-plot]")} == {"loss", "accuracy", "boundary", "gradnorms"}
    assert soup.select_one('#pg-diagram[data-view="network"]') is not None
    assert soup.select_one("#pg-logy")["type"] == "checkbox"
    stats = {dd["data-stat"] for dd in soup.select("#pg-numbers [data-stat]")}
    assert stats == {"step", "epoch", "lr", "train_loss", "val_loss", "accuracy", "status"}


def test_the_two_languages_differ(client):
    pl, en = page(client, lang="pl"), page(client, lang="en")
    assert pl.select_one("#pg-play").get_text(strip=True) != en.select_one("#pg-play").get_text(strip=True)
    assert config(pl)["messages"]["pg.msg.diverged"] != config(en)["messages"]["pg.msg.diverged"]
    assert config(pl)["params"][0]["label"] == translate("pl", "pg.label.dataset")


def test_every_choice_of_the_model_has_a_label():
    for name, labels in pg.CHOICE_LABELS.items():
        assert list(labels) == pg.choices(pg.BY_NAME[name].path), name
        assert all(key in CATALOG for key in labels.values())


def test_page_is_csp_clean_and_local_only(client):
    r = client.get("/playground")
    soup = BeautifulSoup(r.text, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("type") == "application/json", "inline script"
        if script.get("src"):
            assert script["src"].startswith("/static/")
    for node in soup.find_all(True):
        assert not any(attr.startswith("on") for attr in node.attrs), f"inline handler on <{node.name}>"
        for attr in ("href", "src", "action"):
            value = node.get(attr)
            assert value is None or value.startswith(("/", "#", "?")), f"{attr}={value!r} leaves the site"
    sources = [s.get("src", "").split("?")[0] for s in soup.find_all("script") if s.get("src")]
    modules = [f"/static/playground/{path.name}" for path in SCRIPTS]
    assert set(modules) <= set(sources) and all(s.has_attr("defer") for s in soup.find_all("script", src=True))
    # core.js first (it makes window.nnlabPlayground), main.js last (it wires the others and starts).
    ours = [src for src in sources if src.startswith("/static/playground/")]
    assert ours[0].endswith("/core.js") and ours[-1].endswith("/main.js") and len(ours) == len(SCRIPTS)
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for path in modules + ["/static/playground/playground.css"]:
        assert client.get(path).status_code == 200


# ---------------------------------------------------------------- the URL prefills the controls

FULL_QUERY = ("dataset=xor&n=300&noise=0.3&classes=4&data_seed=7&val=0.1&test=0.3&scaling=standard&augment=2&sigma=0.3"
              "&features=x1&features=x1*x2&features=sin+x2&view=0,1&hidden=8-relu,3-sigmoid,2-tanh&loss=mse"
              "&init=he_uniform&seed=42&opt=adam&lr=0.005&momentum=0.5&schedule=exponential&decay=0.01"
              "&step_size=50&gamma=0.25&batch=25&shuffle=0&reg=l2&lambda=0.01&dropout=0.2&batchnorm=1")
# The same experiment written out by hand, as the API takes it.
FULL_EXPERIMENT = {
    "dataset": "xor", "n": 300, "noise": 0.3, "classes": 4, "data_seed": 7, "val": 0.1, "test": 0.3,
    "scaling": "standard", "augment_copies": 2, "augment_sigma": 0.3, "features": ["x1", "x1*x2", "sin x2"],
    "view": [0, 1],
    "hidden": [{"units": 8, "activation": "relu"}, {"units": 3, "activation": "sigmoid"},
               {"units": 2, "activation": "tanh"}],
    "loss": "mse", "init": "he_uniform", "seed": 42,
    "optimizer": {"name": "adam", "lr": 0.005, "momentum": 0.5},
    "schedule": {"name": "exponential", "decay": 0.01, "step_size": 50, "gamma": 0.25},
    "batch_size": 25, "shuffle": False, "regularization": {"kind": "l2", "lam": 0.01}, "dropout": 0.2,
    "batchnorm": True,
}


def test_query_parameters_prefill_every_control(client):
    soup = page(client, FULL_QUERY)
    assert errors_shown(soup) == {}
    expected = {"dataset": "xor", "n": "300", "noise": "0.3", "classes": "4", "data_seed": "7", "val": "0.1",
                "augment": "2", "sigma": "0.3",
                "test": "0.3", "scaling": "standard", "loss": "mse", "init": "he_uniform", "seed": "42",
                "opt": "adam", "lr": "0.005", "momentum": "0.5", "schedule": "exponential", "decay": "0.01",
                "step_size": "50", "gamma": "0.25", "batch": "25", "shuffle": "0", "reg": "l2", "lambda": "0.01",
                "dropout": "0.2", "batchnorm": "1", "hidden": "8-relu,3-sigmoid,2-tanh", "view": "0,1"}
    assert {name: control_value(soup, name) for name in expected} == expected
    checked = [b["value"] for b in soup.select('input[name="features"]') if b.has_attr("checked")]
    assert checked == ["x1", "x1*x2", "sin x2"]
    rows = soup.select("#pg-layers .pg-layer")
    assert [r.select_one(".pg-units")["value"] for r in rows] == ["8", "3", "2"]
    assert [r.select_one(".pg-activation option[selected]")["value"] for r in rows] == ["relu", "sigmoid", "tanh"]
    assert soup.select_one("#pg-layer-count").get_text(strip=True) == "3"
    assert config(soup)["experiment"] == Experiment.model_validate(FULL_EXPERIMENT).model_dump(mode="json")
    # The slider sits at log10(0.005).
    assert float(soup.select_one("#pg-lr-log")["value"]) == pytest.approx(-2.30, abs=0.005)


def test_controls_that_do_not_apply_are_hidden(client):
    soup = page(client, FULL_QUERY)
    hidden = {node["data-param"] for node in soup.select("[data-when][hidden]")}
    shown = {node["data-param"] for node in soup.select("[data-when]:not([hidden])")}
    # adam: no momentum; exponential decay: no step_size/gamma; xor: no classes, no view; l2: lambda shown.
    assert {"momentum", "step_size", "gamma", "classes", "view"} <= hidden
    assert {"decay", "lambda", "n", "noise", "features"} <= shown
    iris = page(client, "dataset=iris&view=2,3&opt=momentum&schedule=step")
    shown = {node["data-param"] for node in iris.select("[data-when]:not([hidden])")}
    assert {"view", "momentum", "step_size", "gamma"} <= shown
    assert {"n", "noise", "features", "decay"} <= {n["data-param"] for n in iris.select("[data-when][hidden]")}
    # The view lists iris' four measurements by their names, with the chosen two selected.
    assert [o.get_text() for o in iris.select("#pg-view-0 option")] == [
        translate("pl", f"name.feature.{f}") for f in ("sepal_length", "sepal_width", "petal_length", "petal_width")]
    assert iris.select_one("#pg-view-0 option[selected]")["value"] == "2"
    assert iris.select_one("#pg-view-1 option[selected]")["value"] == "3"


def test_the_url_of_an_experiment_reproduces_it():
    from starlette.datastructures import QueryParams

    exp = pg.parse(QueryParams(FULL_QUERY)).experiment
    again = pg.parse(QueryParams(pg.to_query(exp))).experiment
    assert again == exp
    assert again == Experiment.model_validate(FULL_EXPERIMENT)


def test_language_links_carry_the_experiment(client):
    soup = page(client, "lr=0.005&hidden=3-relu")
    for a in soup.select("#lang-switch a[data-lang]"):
        assert "lr=0.005" in a["href"] and "hidden=3-relu" in a["href"]


def test_no_hidden_layers_is_written_none(client):
    soup = page(client, "hidden=none")
    assert soup.select("#pg-layers .pg-layer") == []
    assert config(soup)["experiment"]["hidden"] == []
    assert errors_shown(soup) == {}


# ---------------------------------------------------------------- bad parameters: a message, then the default

BAD = [
    # (query, the control that gets the message, the message key, the message's parameters)
    ("lr=50", "lr", "error.field.range", {"min": "0.00001", "max": "10"}),
    ("lr=0", "lr", "error.field.range", {"min": "0.00001", "max": "10"}),
    ("n=abc", "n", "error.field.not_number", {"value": "abc"}),
    ("n=5", "n", "error.field.range", {"min": "10", "max": "2000"}),
    ("dropout=0.95", "dropout", "error.field.range", {"min": "0", "max": "0.9"}),
    ("momentum=1", "momentum", "pg.err.range_open", {"min": "0", "max": "1"}),
    ("dataset=mnist", "dataset", "pg.err.choice", {}),
    ("opt=lbfgs", "opt", "pg.err.choice", {}),
    ("hidden=4-tanh,20-relu", "hidden", "pg.err.hidden", {"layers": 6, "min": 1, "max": 16}),
    ("hidden=1,1,1,1,1,1,1", "hidden", "pg.err.hidden", {"layers": 6, "min": 1, "max": 16}),
    ("hidden=17-relu", "hidden", "pg.err.hidden", {"layers": 6, "min": 1, "max": 16}),  # the API allows 64
    ("augment=11", "augment", "error.field.range", {"min": "0", "max": "10"}),
    ("hidden=4-swish", "hidden", "pg.err.hidden", {"layers": 6, "min": 1, "max": 16}),
    ("features=x9", "features", "pg.err.features", {}),
    ("features=x1&features=x1", "features", "pg.err.features", {}),
    ("val=0.4&test=0.4", "test", "pg.err.val_test", {"max": "0.6"}),
    ("val=0.5", "val", "error.field.range", {"min": "0", "max": "0.4"}),
    ("dataset=iris&loss=bce", "loss", "pg.err.loss_task", {"allowed": ["cross_entropy"]}),
    ("dataset=iris&view=5,1", "view", "pg.err.view", {}),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("query", "name", "key", "params"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_parameter_shows_a_message_and_the_default_is_used(client, lang, query, name, key, params):
    soup = page(client, query, lang)
    assert errors_shown(soup) == {name: pg.error_text(FieldError(name, key, params), translator(lang))}
    holder = soup.select_one(f'[data-error-for="{name}"]').find_parent(attrs={"data-param": name})
    assert holder is not None, "the message sits inside its control's field"
    exp = config(soup)["experiment"]
    p = pg.BY_NAME[name]
    assert pg.get(exp, p.path) == pg.get(DEFAULT.model_dump(mode="json"), p.path)
    Experiment.model_validate(exp)  # what the page starts from is a valid experiment
    if p.kind in ("int", "float", "str"):
        assert soup.select_one(f"#pg-{name}").get("aria-invalid") == "true"


def test_a_batch_larger_than_the_training_set_is_cut_to_it(client):
    # fruit has 12 samples; val = test = 0.2 take round(2.4) = 2 each, so 8 are left for training.
    soup = page(client, "dataset=fruit&batch=10", "en")
    assert errors_shown(soup) == {"batch": translate("en", "pg.err.batch_train", max=8)}
    assert config(soup)["experiment"]["batch_size"] == 8


def test_good_values_of_the_other_parameters_survive_a_bad_one(client):
    soup = page(client, "lr=abc&seed=9&dataset=moons")
    assert set(errors_shown(soup)) == {"lr"}
    assert soup.select_one("#pg-lr")["value"] == "abc"  # the field keeps what was written, beside its message
    exp = config(soup)["experiment"]
    assert exp["seed"] == 9 and exp["dataset"] == "moons" and exp["optimizer"]["lr"] == DEFAULT.optimizer.lr


def test_a_decimal_comma_is_read(client):
    assert config(page(client, "lr=0,1"))["experiment"]["optimizer"]["lr"] == 0.1


# ---------------------------------------------------------------- what the script gets

def test_script_config_describes_the_parameters(client):
    cfg = config(page(client, lang="en"))
    assert [p["name"] for p in cfg["params"]] == [p.name for p in pg.PARAMS]
    lr = next(p for p in cfg["params"] if p["name"] == "lr")
    assert lr["path"] == ["optimizer", "lr"] and lr["label"] == translate("en", "pg.label.lr")
    opt = next(p for p in cfg["params"] if p["name"] == "opt")
    assert opt["choices"]["momentum"] == translate("en", "name.optimizer.momentum")
    assert set(cfg["mutable"]) == {"optimizer", "schedule", "batch_size", "shuffle", "regularization", "dropout"}
    # Output and loss follow the task: regression identity + MSE, two classes sigmoid + BCE, several softmax.
    assert cfg["losses"]["regression"][0] == "mse" and cfg["outputs"]["regression"]["mse"] == "identity"
    assert cfg["losses"]["binary"][0] == "bce" and cfg["outputs"]["binary"]["bce"] == "sigmoid"
    assert cfg["losses"]["multiclass"] == ["cross_entropy"]
    assert cfg["outputs"]["multiclass"]["cross_entropy"] == "softmax"
    assert cfg["datasets"]["iris"]["features"] == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert cfg["datasets"]["fruit"]["task"] == "regression" and cfg["datasets"]["blobs"]["task"] == "multiclass"
    assert cfg["experiment"] == DEFAULT.model_dump(mode="json")


def test_every_message_the_script_shows_is_sent_to_it():
    source = "\n".join(path.read_text(encoding="utf-8") for path in SCRIPTS)
    used = set(re.findall(r"""msg\(\s*["']([a-z_.0-9]+)["']""", source))
    used |= set(re.findall(r""":\s*"(pg\.status\.[a-z]+)\"""", source))
    used |= set(re.findall(r'key: "([a-z_.]+)"', source))  # errors network.js makes itself
    assert len(used) > 30  # the scan works
    sent = set(pg.SCRIPT_MESSAGES) | set(pg.ERROR_MESSAGES)
    assert used <= sent, sorted(used - sent)
    assert sent <= set(CATALOG)
    assert not re.search(r"""msg\(\s*["'][a-z_.]+\.["']\s*\+""", source), "keys built at run time escape the check"


def test_output_line_names_the_task_loss(client):
    en = page(client, "dataset=fruit&batch=8", "en")
    assert en.select_one("#pg-output").get_text(strip=True) == translate(
        "en", "pg.output", activation="identity", loss=translate("en", "name.loss.mse"))
    en = page(client, "dataset=fruit_good&batch=4", "en")
    assert en.select_one("#pg-output").get_text(strip=True) == translate(
        "en", "pg.output", activation="sigmoid", loss=translate("en", "name.loss.bce"))
    assert {n["data-param"] for n in en.select("[data-when][hidden]")} >= {"n", "noise", "features", "view"}
    en = page(client, "dataset=blobs", "en")
    assert en.select_one("#pg-output").get_text(strip=True) == translate(
        "en", "pg.output", activation="softmax", loss=translate("en", "pg.choice.loss.cross_entropy"))


# ---------------------------------------------------------------- the paused run's views

def test_view_of_a_run_gives_boundary_and_neuron_maps_without_training(client):
    run = client.post("/api/v1/runs", json={"dataset": "circle", "n": 60, "batch_size": 6,
                                            "hidden": [{"units": 3, "activation": "relu"}]}).json()
    client.post(f"/api/v1/runs/{run['id']}/step", json={"updates": 4})
    r = client.get(f"/playground/runs/{run['id']}/view")
    assert r.status_code == 200
    view = r.json()
    assert view["step"] == 4
    assert view["grid"]["kind"] == "grid" and len(view["grid"]["z"]) == len(view["grid"]["y"])
    assert all(len(row) == len(view["grid"]["x"]) for row in view["grid"]["z"])
    assert all(0 <= v <= 1 for row in view["grid"]["z"] for v in row)  # P(class 1) of a sigmoid output
    assert [len(layer) for layer in view["neuron_maps"]] == [3]  # one hidden layer of 3 neurons
    assert all(len(m) == 16 and all(len(row) == 16 for row in m) for m in view["neuron_maps"][0])
    assert len(view["grad_norms"]) == 2 and len(view["dead_relu"]) == 1
    assert client.get(f"/api/v1/runs/{run['id']}").json()["step"] == 4  # looking did not train


def test_view_of_a_regression_run_is_a_curve(client):
    run = client.post("/api/v1/runs", json={"dataset": "fruit", "batch_size": 4}).json()
    view = client.get(f"/playground/runs/{run['id']}/view").json()
    assert view["grid"]["kind"] == "curve" and view["neuron_maps"] is None
    assert min(view["grid"]["x"]) == 1 and max(view["grid"]["x"]) == 9.25  # the fruit set's x range


def test_view_of_an_unknown_run_is_404_json(client):
    r = client.get("/playground/runs/nope/view")
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_patch_with_a_bad_learning_rate_is_422_naming_lr_and_keeps_the_run(client):
    run = client.post("/api/v1/runs", json={"n": 60, "batch_size": 6}).json()
    r = client.patch(f"/api/v1/runs/{run['id']}", json={"optimizer": {"name": "sgd", "lr": 50}})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "optimizer", "lr"]
    kept = client.get(f"/api/v1/runs/{run['id']}").json()["experiment"]["optimizer"]["lr"]
    assert kept == Experiment().optimizer.lr  # unchanged: the default it was created with


# ---------------------------------------------------------------- one source for limits

def test_the_controls_take_their_limits_from_app_bounds_and_the_model_applies_the_same():
    for p in pg.PARAMS:
        if p.kind in ("int", "float"):
            assert p.bound is not None, f"{p.name} has no limits in app.bounds"
            assert pg.bounds(p.path) == pg.bound_limits(p.bound), p.name
            assert pg.model_bounds(p.path) == pg.bound_limits(p.bound), f"the model and app.bounds differ on {p.name}"
    assert pg.MAX_LAYERS == B.PLAYGROUND_LAYERS.hi and pg.UNITS == pg.bound_limits(B.PLAYGROUND_UNITS)
    assert all(B.STREAM_SPEED.contains(s) for s in pg.SPEEDS) and pg.DEFAULT_SPEED in pg.SPEEDS
    assert pg.bounds(("optimizer", "lr")) == {"min": B.LR.lo, "max": B.LR.hi, "min_open": False, "max_open": False}


def test_the_messages_name_the_limits_of_app_bounds(client):
    soup = page(client, "hidden=4-tanh,20-relu&val=0.4&test=0.4", "en")
    shown = errors_shown(soup)
    assert shown["hidden"] == translate("en", "pg.err.hidden", layers=int(B.PLAYGROUND_LAYERS.hi),
                                        min=int(B.PLAYGROUND_UNITS.lo), max=int(B.PLAYGROUND_UNITS.hi))
    assert shown["test"] == translate("en", "pg.err.val_test", max=f"{B.HELD_OUT.hi:g}")
    blobs = soup.select_one('#pg-dataset option[value="blobs"]').get_text()
    assert blobs == translate("en", "pg.choice.dataset.blobs", min=int(B.CLASSES.lo), max=int(B.CLASSES.hi))
    assert soup.select_one("#pg-compare .pg-hint").get_text() == translate("en", "pg.compare.hint",
                                                                           n=pg.MAX_SNAPSHOTS + 1)
