"""The Playground's experiment read from its controls' text (decimal comma, whole numbers, structured errors), its
scripts, its figures and their language, and importing a file (in-process)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.i18n import LANGS, MESSAGES, translate
from app.runs.experiment import Experiment
from app.services import playground as pg
from tests.test_playground_page import config, page

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted((ROOT / "static" / "playground").glob("*.js"))
DEFAULT = Experiment()


# ---------------------------------------------------------------- the experiment of the controls' text

FLOATS = [p.name for p in pg.PARAMS if p.kind == "float"]
INTS = [p.name for p in pg.PARAMS if p.kind == "int"]


@pytest.mark.parametrize("name", FLOATS)
@pytest.mark.parametrize("text", ["0,05", "0.05", " 0,05 "])
def test_a_decimal_comma_and_a_decimal_point_read_the_same(client, name, text):
    body = client.get("/playground/data/experiment", params={name: text}).json()
    assert body["errors"] == []
    assert pg.get(body["experiment"], pg.BY_NAME[name].path) == 0.05


@pytest.mark.parametrize("name", INTS)
def test_a_fraction_in_a_whole_number_field_is_said_never_rescaled(client, name):
    """"0,05" in a field of whole numbers is an error beside it, never 5 (nor 005)."""
    body = client.get("/playground/data/experiment", params={name: "0,05"}).json()
    [error] = body["errors"]
    assert error["field"] == name and error["key"] in ("error.field.integer", "error.field.range")
    assert pg.get(body["experiment"], pg.BY_NAME[name].path) == pg.get(DEFAULT.model_dump(mode="json"),
                                                                       pg.BY_NAME[name].path)


def test_the_experiment_answers_structured_errors_in_no_language(client):
    r = client.get("/playground/data/experiment", params={"lr": "50", "n": "abc", "dataset": "iris", "loss": "bce",
                                                     "lang": "pl"})
    assert r.status_code == 200
    body = r.json()
    assert {e["field"]: (e["key"], e["params"]) for e in body["errors"]} == {
        "lr": ("error.field.range", {"min": "0.00001", "max": "10"}),
        "n": ("error.field.not_number", {"value": "abc"}),
        "loss": ("pg.err.loss_task", {"allowed": ["cross_entropy"]}),
    }
    Experiment.model_validate(body["experiment"])  # the defaults stand in for the bad ones
    good = client.get("/playground/data/experiment", params=pg.to_query(Experiment(seed=9))).json()
    assert good["errors"] == [] and good["experiment"] == Experiment(seed=9).model_dump(mode="json")
    assert good["train_size"] == pg.train_size(Experiment(seed=9))


def test_the_scripts_read_no_error_text():
    """Errors reach the scripts as {field, key, params}: no script reads an API's English `detail` or `msg`,
    or matches text with a regular expression over a message."""
    for path in SCRIPTS:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<!P)\.(?:detail|msg)\b(?![.(])", source), path.name
        assert not any(text in source for text in ("Value error", "at most (", "val \\+ test")), path.name
    service = (ROOT / "app" / "services" / "playground.py").read_text(encoding="utf-8")
    assert "import re" not in service and '["msg"]' not in service


def test_the_scripts_are_small_modules():
    assert len(SCRIPTS) >= 6
    for path in SCRIPTS:
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path.name


# ---------------------------------------------------------------- plots and their language

def sample_figures(lang: str) -> list[tuple[str, dict]]:
    """Every figure plots.js can draw, from the server's templates with data of the right shapes."""
    t = pg.script_config(DEFAULT, lang, 5, {"min": -1000, "max": 1000})["plots"]
    tr, lay = t["traces"], t["layouts"]
    xs = {"x": [1, 2, 3], "y": [0.5, 0.4, None]}
    grid = {"x": [0, 1], "y": [0, 1], "z": [[0.1, 0.9], [0.4, 0.6]]}
    samples = {"x": [0.1, 0.2], "y": [0.3, 0.4], "text": ["0", "1"]}
    heat3 = {**tr["heat_class"], **grid, "colorscale": t["heat_scales"]["3"], "zmin": -0.5, "zmax": 2.5}
    return [
        ("loss", {"data": [{**tr["kept_loss"], **xs}, {**tr["train_loss"], **xs}, {**tr["val_loss"], **xs}],
                  "layout": lay["loss"], "config": t["config"]}),
        ("accuracy", {"data": [{**tr["train_acc"], **xs}, {**tr["val_acc"], **xs}], "layout": lay["accuracy"]}),
        ("gradnorms", {"data": [{**tr["gradnorm"], **xs}], "layout": lay["gradnorms"]}),
        ("curve", {"data": [{**tr["curve"], **xs}, {**tr["train_1d"], **xs}, {**tr["test_1d"], **xs}],
                   "layout": lay["boundary"]}),
        ("boundary", {"data": [{**tr["heat_prob"], **grid, "colorscale": t["heat_scales"]["2"]},
                               {**tr["train_xy"], **samples, "marker": {**tr["train_xy"]["marker"], "color": ["#c25400"] * 2}},
                               {**tr["test_xy"], **samples}], "layout": lay["boundary"]}),
        ("boundary3", {"data": [heat3], "layout": lay["boundary"]}),
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_the_playground_figures_are_valid_plotly(lang):
    from tests.test_plotly_schema import assert_valid

    for where, spec in sample_figures(lang):
        assert_valid(f"playground {where} ({lang})", spec)


def test_plotly_follows_the_page_language(client):
    pl = config(page(client, lang="pl"))["plots"]["config"]
    en = config(page(client, lang="en"))["plots"]["config"]
    assert pl["locale"] == "pl" and en["locale"] == "en-US" and "locales" not in en
    dictionary = pl["locales"]["pl"]["dictionary"]
    assert dictionary["Download plot as a PNG"] == translate("pl", "pg.plotly.download_png")
    # The English texts are Plotly's own (else the dictionary translates nothing).
    bundle = (ROOT / "static" / "vendor" / "plotly-cartesian-3.7.0.min.js").read_text(encoding="utf-8")
    for english, key in pg.playground_plots.PLOTLY_TEXTS.items():
        assert MESSAGES["en"][key] == english
        assert f'"{english}"' in bundle or f"'{english}'" in bundle, english
    # Plotly's Polish locale is loaded after Plotly on every page that draws plots, and nnlab.js sets the
    # page's language as every plot's default.
    html = client.get("/playground").text
    assert html.index("vendor/plotly-cartesian-3.7.0.min.js") < html.index("vendor/plotly-locale-pl-3.7.0.js")
    assert html.index("vendor/plotly-locale-pl-3.7.0.js") < html.index("js/nnlab.js")
    assert "setPlotConfig" in (ROOT / "static" / "js" / "nnlab.js").read_text(encoding="utf-8")


# ---------------------------------------------------------------- importing a file

def test_import_answers_the_run_or_the_problem_beside_the_file_field(client):
    r = client.post("/playground/runs/import", content=b"not json")
    assert r.status_code == 200 and r.json() == {"errors": [{"field": "import", "key": "pg.files.not_json",
                                                             "params": {}}]}
    assert client.post("/playground/runs/import", json={"format": "x"}).json()["errors"][0]["key"] == "pg.files.not_run"
    run = client.post("/api/v1/runs", json={"n": 60, "batch_size": 6}).json()
    doc = client.get(f"/api/v1/runs/{run['id']}/export").json()
    doc["experiment"]["optimizer"]["lr"] = 50
    assert client.post("/playground/runs/import", json=doc).json()["errors"] == [
        {"field": "import", "key": "pg.files.field", "params": {"field": "lr"}}]
    doc["experiment"]["optimizer"]["lr"] = 0.1
    imported = client.post("/playground/runs/import", json=doc).json()["run"]
    assert imported["id"] != run["id"] and imported["experiment"] == run["experiment"]


def test_import_takes_files_as_large_as_the_api_import_does(client):
    """A saved run is larger than the JSON API's other bodies: the Playground's import has the runs API's limit."""
    from app.limits import IMPORT_PATHS

    assert "/playground/runs/import" in IMPORT_PATHS
    padding = " " * (300 * 1024)  # over max_body_bytes (256 KiB), under max_import_bytes (4 MiB)
    r = client.post("/playground/runs/import", content=b"{" + padding.encode() + b"}",
                    headers={"content-type": "application/json"})
    assert r.status_code == 200 and r.json()["errors"][0]["key"] == "pg.files.not_run"
