"""Lesson 9, /lessons/activations, through HTTP: the lecture's dead neuron, all 150 Iris rows, the activation
gallery with its parameters, bad input, the live comparison's endpoint, both languages.

Expected numbers come from the lecture (slides 52-55) or from plain Python written here (the Iris rows are read
from nnlib's CSV with the csv module), independent of nnlib's maths and of the app.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from nnlib.activations import ACTIVATIONS
from tests.page_helpers import HX, MINUS, _no_cookies, num, page_getter, soup_of, symbol  # noqa: F401

PATH = "/lessons/activations"
LECTURE_ROWS = [[5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [4.7, 3.2, 1.3, 0.2], [4.6, 3.1, 1.5, 0.2],
                [5.0, 3.6, 1.4, 0.2], [5.4, 3.9, 1.7, 0.4], [4.6, 3.4, 1.4, 0.3], [5.0, 3.4, 1.5, 0.2],
                [4.4, 2.9, 1.4, 0.2], [4.9, 3.1, 1.5, 0.1]]  # slide 53
LECTURE_W = [0.2, -0.4, 0.1, -0.5]


def iris_rows() -> list[tuple[list[float], str]]:
    path = Path(__file__).resolve().parents[3] / "nnlib" / "datasets" / "iris.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    return [([float(v) for v in r[:4]], r[4]) for r in rows]


get = page_getter(PATH)


def hx_soup(r):
    """An htmx answer, its <template> wrappers (table rows travel in them) unwrapped, as htmx does."""
    return BeautifulSoup(r.text.replace("<template>", "").replace("</template>", ""), "html.parser")


# --- the dead neuron ---------------------------------------------------------------------------------------------


def test_the_file_holds_the_lecture_rows():
    assert [r for r, _ in iris_rows()[:10]] == LECTURE_ROWS


def test_page_shows_the_lecture_dead_neuron(client):
    soup = soup_of(get(client))
    assert symbol(soup, "z1") == f"{MINUS}0.34"  # 1.02 − 1.4 + 0.14 − 0.1
    for i, row in enumerate(LECTURE_ROWS):
        z = sum(x * w for x, w in zip(row, LECTURE_W))
        assert z < 0
        assert num(symbol(soup, f"z{i + 1}")) == pytest.approx(z, abs=1e-9)
        assert symbol(soup, f"y{i + 1}") == "0" and symbol(soup, f"relu_d{i + 1}") == "0"
        assert symbol(soup, f"dz{i + 1}") == "0"
    assert [symbol(soup, f"dw{k}") for k in range(1, 5)] == ["0"] * 4 and symbol(soup, "db") == "0"
    assert soup.select_one("#act-ten .act-verdict")["data-on"] == "0"
    row1 = "".join(soup.select_one("[data-row1-formula] math").get_text().split())
    assert row1.endswith(f"=1.02{MINUS}1.4+0.14{MINUS}0.1={MINUS}0.34")  # slide 53, as the lecture writes it
    assert [float(soup.select_one(f"input#w{k}")["value"]) for k in range(1, 5)] == LECTURE_W


def test_a_positive_bias_revives_the_neuron_and_its_gradient(client):
    b = 0.3  # rows with z > -0.3 switch on
    soup = soup_of(get(client, b=b))
    on = 0
    for i, row in enumerate(LECTURE_ROWS):
        z = sum(x * w for x, w in zip(row, LECTURE_W)) + b
        y = max(z, 0.0)
        assert num(symbol(soup, f"z{i + 1}")) == pytest.approx(z, abs=1e-9)
        assert num(symbol(soup, f"y{i + 1}")) == pytest.approx(y, abs=1e-9)
        # mse over ten rows against 1: dL/dz = 2 (y - 1) / 10 where z > 0, else 0
        assert num(symbol(soup, f"dz{i + 1}")) == pytest.approx(2 * (y - 1) / 10 if z > 0 else 0.0, abs=1e-9)
        on += z > 0
    assert 0 < on < 10
    assert soup.select_one("#act-ten .act-verdict")["data-on"] == str(on)
    dw1 = sum(2 * (max(sum(x * w for x, w in zip(r, LECTURE_W)) + b, 0) - 1) / 10 * r[0]
              for r in LECTURE_ROWS if sum(x * w for x, w in zip(r, LECTURE_W)) + b > 0)
    assert num(symbol(soup, "dw1")) == pytest.approx(dw1, rel=1e-5)


def test_all_150_rows_counted_by_species(client):
    soup = soup_of(get(client, lang="en"))
    rows = iris_rows()
    on = [(sum(x * w for x, w in zip(r, LECTURE_W)) > 0, s) for r, s in rows]
    total = sum(1 for o, _ in on if o)
    assert total == 14  # what a learner finds: some rows do switch it on
    assert soup.select_one("[data-all-on]")["data-all-on"] == str(total)
    for species in ("setosa", "versicolor", "virginica"):
        want = sum(1 for o, s in on if o and s == species)
        assert int(soup.select_one(f'[data-species-on="{species}"]').get_text()) == want
    assert soup.select_one('[data-species-on="setosa"]').get_text() == "0"
    spec = json.loads(soup.select_one('[data-plot="act-all"] script').string)
    assert sum(len(tr["x"]) for tr in spec["data"]) == 150
    assert spec["layout"]["xaxis"]["title"]["text"] == "row number" and spec["layout"]["yaxis"]["title"]["text"] == "z"


# --- the activation gallery ---------------------------------------------------------------------------------------


def test_gallery_shows_every_elementwise_activation_except_identity(client):
    soup = soup_of(get(client))
    shown = [fig["data-activation"] for fig in soup.select("#act-gallery [data-activation]")]
    assert shown == [a for a in ACTIVATIONS if a not in ("identity", "softmax")]
    for name in shown:
        spec = json.loads(soup.select_one(f'[data-plot="act-{name}"] script').string)
        assert len(spec["data"]) == 2 and spec["layout"]["xaxis"]["title"]["text"] == "x"
        assert spec["layout"]["yaxis"]["title"]["text"]
        assert 0.0 in spec["data"][0]["x"]


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


@pytest.mark.parametrize(("z", "leaky", "elu"), [(-0.34, 0.1, 1.0), (-2.0, 0.3, 2.5), (1.5, 0.05, 0.5)])
def test_probe_values_and_derivatives(client, z, leaky, elu):
    soup = soup_of(get(client, x=z, leaky_alpha=leaky, elu_alpha=elu))
    want = {
        "relu": (max(z, 0), 1.0 if z > 0 else 0.0),
        "leaky_relu": (z if z > 0 else leaky * z, 1.0 if z > 0 else leaky),
        "prelu": (z if z > 0 else 0.25 * z, 1.0 if z > 0 else 0.25),
        "elu": (z if z > 0 else elu * (math.exp(z) - 1), 1.0 if z > 0 else elu * math.exp(z)),
        "silu": (z * sigmoid(z), sigmoid(z) * (1 + z * (1 - sigmoid(z)))),
        "softplus": (math.log1p(math.exp(z)), sigmoid(z)),
        "sigmoid": (sigmoid(z), sigmoid(z) * (1 - sigmoid(z))),
        "tanh": (math.tanh(z), 1 - math.tanh(z) ** 2),
    }
    for name, (f, df) in want.items():
        assert num(soup.select_one(f'[data-probe-f="{name}"]').get_text()) == pytest.approx(f, rel=1e-5, abs=1e-9)
        assert num(soup.select_one(f'[data-probe-df="{name}"]').get_text()) == pytest.approx(df, rel=1e-5, abs=1e-9)


def test_alpha_changes_the_leaky_curve(client):
    soup = soup_of(get(client, leaky_alpha=0.5))
    spec = json.loads(soup.select_one('[data-plot="act-leaky_relu"] script').string)
    x, f = spec["data"][0]["x"], spec["data"][0]["y"]
    assert f[0] == pytest.approx(0.5 * x[0]) and x[0] == -5
    assert soup.select_one('[data-alpha="leaky_relu"]').get_text() == "0.5"


# --- bad input -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "words"), [
    ("leaky_alpha", "2", ("0", "1")), ("elu_alpha", "-1", ("0", "5")), ("w1", "abc", ("abc",)),
    ("b", "", ()), ("x", "99", (f"{MINUS}5", "5")), ("w3", "inf", (f"{MINUS}10", "10")), ("live_lr", "0", ("0.00001", "10")),
])
def test_bad_input_gets_a_message_beside_its_field_and_changes_no_result(client, field, value, words):
    r = get(client, HX, lang="en", **{field: value})
    assert r.status_code == 200 and "HX-Replace-Url" not in r.headers
    soup = soup_of(r)
    message = soup.select_one(f"#err-{field}").get_text(strip=True)
    assert message
    for word in words:
        assert word in message
    assert soup.select_one("#act-ten") is None and soup.select("[data-plot-spec]") == []
    assert soup.select_one("#act-config") is None  # the live runs keep the last good settings
    page = soup_of(get(client, lang="en", **{field: value}))
    assert page.select_one(f"input#{field}")["value"] == value
    assert symbol(page, "z1") == f"{MINUS}0.34"


def test_a_good_htmx_answer_updates_the_table_and_url(client):
    r = get(client, HX, w1=1)
    assert "w1=1" in r.headers["HX-Replace-Url"]
    soup = hx_soup(r)
    assert num(symbol(soup, "z1")) == pytest.approx(5.1 - 1.4 + 0.14 - 0.1)


# --- the live comparison -----------------------------------------------------------------------------------------


def test_live_experiments_differ_only_in_the_activation_and_are_accepted(client):
    soup = soup_of(get(client, live_lr="0.3"))
    cfg = json.loads(soup.select_one("#act-config").string)
    relu, leaky = cfg["runs"]["relu"], cfg["runs"]["leaky_relu"]
    assert {h["activation"] for h in relu["hidden"]} == {"relu"}
    assert {h["activation"] for h in leaky["hidden"]} == {"leaky_relu"}
    assert {h["alpha"] for h in leaky["hidden"]} == {0.1}  # the lecture's example alpha
    assert {**relu, "hidden": None} == {**leaky, "hidden": None}
    assert relu["optimizer"]["lr"] == 0.3
    for exp in (relu, leaky):
        r = client.post("/api/v1/runs", json=exp)
        assert r.status_code == 201
        run_id = r.json()["id"]
        client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 20})
        view = client.get(f"{PATH}/runs/{run_id}/inactive").json()
        assert view["step"] == 20 and len(view["inactive"]) == len(exp["hidden"])
        assert all(0 <= f <= 1 for f in view["inactive"])


def test_the_inactive_view_refuses_another_lessons_run(client):
    run = client.post("/api/v1/runs", json={"dataset": "circle", "hidden": [{"units": 4, "activation": "tanh"}]})
    assert run.status_code == 201, run.text
    assert client.get(f"{PATH}/runs/{run.json()['id']}/inactive").status_code == 409


def test_inactive_view_of_an_unknown_run_is_404(client):
    r = client.get(PATH + "/runs/nope/inactive")
    assert r.status_code == 404


@pytest.mark.parametrize(("lang", "heading"), [("pl", "Martwy neuron"), ("en", "A dead ReLU neuron")])
def test_page_in_both_languages(client, lang, heading):
    soup = soup_of(get(client, lang=lang))
    assert heading in soup.select_one("#act-dead-heading").get_text()
    assert soup.select_one("html")["lang"] == lang


# ---------------------------------------------------------------- the contract: state, only what changed

def test_the_state_round_trips_through_its_query_and_its_document():
    from app.lessons.activations.state import ActivationsState

    for state in (ActivationsState(), ActivationsState(leaky_alpha=0.5, x=1.5, w2=0, b=0.3, live_lr=0.05)):
        assert ActivationsState.parse(dict(state.query())).state == state
        assert ActivationsState.from_document(state.document("activations"), "activations") == state


NEURON_REGIONS = {"act-row1", "act-ten-rows", "act-ten-after", "act-all", "act-all-rows-plot-spec",
                  "act-all-rows-summary"}


@pytest.mark.parametrize(("change", "swapped"), [
    ({}, set()),
    ({"leaky_alpha": "0.3"}, {"act-alpha-leaky_relu", "act-plot-leaky_relu-spec", "act-probe"}),
    ({"elu_alpha": "2"}, {"act-alpha-elu", "act-plot-elu-spec", "act-probe"}),
    ({"x": "1"}, {"act-probe"}),
    ({"w1": "1"}, NEURON_REGIONS),
    ({"b": "0.2"}, NEURON_REGIONS),
    ({"live_lr": "0.1"}, {"act-config", "act-live-playground"}),
])
def test_an_answer_swaps_only_the_regions_whose_inputs_changed(client, change, swapped):
    from app.lessons.activations.state import ActivationsState
    from app.lessons.contract import shown_value

    before = ActivationsState()
    query = {**dict(before.query()), "shown": shown_value(before), **change}
    soup = hx_soup(get(client, HX, **query))
    found = {el["id"] for el in soup.select("[hx-swap-oob]")}
    fixed = {"act-shown", "lang-switch", "flash"} | {f"err-{f}" for f in ActivationsState.model_fields}
    assert found - fixed == swapped
    assert soup.select_one("#act-shown")["value"] == shown_value(ActivationsState.parse(query).state)


def test_reset_puts_every_field_back_and_redraws_everything(client):
    soup = hx_soup(get(client, HX, action="reset", w1="3", leaky_alpha="0.9"))
    assert soup.select_one("input#w1")["value"] == "0.2" and soup.select_one("input#leaky_alpha")["value"] == "0.1"
    assert len(soup.select("[data-plot-spec]")) == 9  # the gallery's eight and the 150 rows


def test_the_answers_are_valid_plotly(client):
    from tests.test_plotly_schema import assert_valid, figures_in

    for params in ({"leaky_alpha": "0.5"}, {"action": "reset"}, {"w1": "2", "b": "-1"}):
        found = figures_in(get(client, HX, **params).text)
        assert found
        for where, spec in found:
            assert_valid(where, spec)
