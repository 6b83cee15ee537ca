"""Lesson 8, /lessons/softmax, through HTTP: the lecture's examples, the calculator, bad input, the classifier's view.

Expected numbers come from the lecture (slides 49-51) or from plain-Python softmax written out below with math.exp,
independent of nnlib and the app.
"""

from __future__ import annotations

import math

import pytest
from bs4 import BeautifulSoup

from app.lessons.softmax.maths import CLASSIFIER
from tests.page_helpers import HX, _no_cookies, page_getter, soup_of  # noqa: F401


def softmax(z, t=1.0):
    e = [math.exp(v / t) for v in z]
    return [v / sum(e) for v in e]


def num(text: str) -> float:
    return float(text.strip().replace("\u2212", "-").strip("()≈ "))


get = page_getter("/lessons/softmax")


def test_both_lecture_examples_show_the_lecture_values_and_the_exact_ones(client):
    soup = soup_of(get(client, lang="en"))
    lecture = {1: ("0.36", "0.64", "bad", (0.02, 0.6)), 2: ("0.75", "0.25", "good", (1.7, 0.6))}
    for row, (p1, p2, verdict, y) in lecture.items():
        tr = soup.select_one(f'#sm-examples tr[data-example="{row}"]')
        assert [s.get_text(strip=True) for s in tr.select("[data-lecture-p]")] == [f"≈ {p1}", f"≈ {p2}"]
        exact = softmax(y)
        shown = [num(s.get_text()) for s in tr.select("[data-full-p]")]
        assert shown == pytest.approx(exact, abs=1e-6)
        assert round(shown[0], 2) == float(p1) and round(shown[1], 2) == float(p2)
        assert tr.select_one("[data-verdict]")["data-verdict"] == verdict
    formulas = soup.select("[data-example-formula] math")
    assert len(formulas) == 4  # sigma(...)_1 and sigma(...)_2 of both examples, as MathML
    assert soup.select_one("#sm-formula math") is not None


def test_calculator_starts_at_the_first_example_with_its_cross_entropy(client):
    soup = soup_of(get(client))
    assert soup.select_one("#sm-z1")["value"] == "0.02" and soup.select_one("#sm-z2")["value"] == "0.6"
    p = softmax((0.02, 0.6))
    assert num(soup.select_one('[data-p="1"]').get_text()) == pytest.approx(p[0], abs=1e-6)
    assert num(soup.select_one('[data-p="2"]').get_text()) == pytest.approx(p[1], abs=1e-6)
    # The true class is 2 ("bad"): L = -log p2.
    assert num(soup.select_one("#sm-ce").get_text()) == pytest.approx(-math.log(p[1]), abs=1e-6)


@pytest.mark.parametrize(("z", "t", "true"), [((1.0, 2.0, 3.0), 2.0, 1), ((5.0, -1.0, 0.5, 0.0, 2.0, 4.0), 0.5, 6),
                                              ((1.7, 0.6), 1.0, 1), ((-3.0, 3.0, 0.0, 1.0), 10.0, 2)])
def test_calculator_recomputes_softmax_of_z_over_t_and_the_cross_entropy(client, z, t, true):
    params = {"k": len(z), **{f"z{i + 1}": v for i, v in enumerate(z)}, "t": t, "true": true}
    soup = soup_of(get(client, **params))
    p = softmax(z, t)
    shown = [num(td.get_text()) for td in soup.select("#sm-table [data-p]")]
    assert shown == pytest.approx(p, rel=1e-5)
    assert num(soup.select_one("#sm-ce").get_text()) == pytest.approx(-math.log(p[true - 1]), rel=1e-5)
    assert num(soup.select_one("#sm-sum").get_text()) == 1


def test_temperature_sharpens_and_flattens(client):
    low = [num(td.get_text()) for td in soup_of(get(client, t=0.1)).select("#sm-table [data-p]")]
    high = [num(td.get_text()) for td in soup_of(get(client, t=100)).select("#sm-table [data-p]")]
    assert low[1] > 0.99 and abs(high[0] - 0.5) < 0.01


def test_huge_logits_overflow_the_exponential_but_not_softmax(client):
    soup = soup_of(get(client, lang="en", z1=100, z2=99, t=0.01))
    assert soup.select_one("#sm-overflow") is not None
    p = [num(td.get_text()) for td in soup.select("#sm-table [data-p]")]
    assert p[0] == 1 and p[1] == pytest.approx(math.exp(-100), rel=1e-5)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("z1", "abc", "“abc” is not a number."),
    ("t", "0", "Allowed values: from 0.01 to 100."),
    ("z2", "1e9", "Allowed values: from −100 to 100."),
    ("k", "7", "Allowed values: from 2 to 6."),
    ("true", "3", "Allowed values: from 1 to 2."),
    ("t", "", "Enter a number."),
])
def test_bad_input_gets_a_message_by_the_field_and_changes_nothing_else(client, field, value, message):
    params = {"lang": "en", "k": 2, "z1": 0.02, "z2": 0.6, "t": 1, "true": 2, field: value}
    r = get(client, HX, **params)
    assert r.status_code == 200
    soup = soup_of(r)
    assert soup.select_one(f"#sm-err-{field}").get_text(strip=True) == message
    assert soup.select_one("#sm-results") is None and soup.select_one("#sm-plots") is None  # last good state kept
    assert "HX-Replace-Url" not in r.headers
    # The full page keeps the typed text in the field and shows the message there too.
    page = soup_of(get(client, **params))
    assert page.select_one(f"#sm-err-{field}").get_text(strip=True) == message


def test_preset_loads_the_second_lecture_example_into_the_fields(client):
    r = get(client, HX, preset=2)
    soup = soup_of(r)
    assert soup.select_one("#sm-z1")["value"] == "1.7" and soup.select_one("#sm-z2")["value"] == "0.6"
    shown = [num(td.get_text()) for td in soup.select("#sm-table [data-p]")]
    assert shown == pytest.approx(softmax((1.7, 0.6)), abs=1e-6)
    assert "z1=1.7" in r.headers["HX-Replace-Url"]


def test_changing_k_replaces_the_fields_with_k_logits(client):
    r = get(client, HX, k=4, z1=1, z2=2)
    soup = soup_of(r)
    assert len(soup.select("#sm-fields input[name^=z]")) == 4
    assert len(soup.select("#sm-table [data-p]")) == 4


def test_both_languages(client):
    en = soup_of(get(client, lang="en"))
    pl = soup_of(get(client, lang="pl"))
    assert en.select_one("#sm-calc-heading").get_text(strip=True) == "A softmax calculator with temperature"
    assert pl.select_one("#sm-calc-heading").get_text(strip=True) == "Kalkulator softmaksu z temperaturą"
    assert "P(good)" in en.select_one("#sm-readout").get_text() and "P(dobry)" in pl.select_one("#sm-readout").get_text()


def test_classifier_view_reads_the_trained_run(client):
    run = client.post("/api/v1/runs", json=CLASSIFIER.model_dump(mode="json")).json()
    assert run["task"] == "binary" and run["train_size"] == 12
    client.post(f"/api/v1/runs/{run['id']}/step", json={"updates": 300})
    view = client.get(f"/lessons/softmax/runs/{run['id']}/view").json()
    assert view["step"] == 300
    r = view["readouts"]
    i = view["default"]
    assert r["x"][i] == "4"
    # Its probabilities are the softmax of its logits (recomputed here), and the lecture's sample x = 4
    # (quality 75 >= 50) is classified good.
    p = softmax((num(r["z_good"][i]), num(r["z_bad"][i])))
    assert num(r["p_good"][i]) == pytest.approx(p[0], abs=1e-3)
    assert num(r["p_good"][i]) > 0.9
    # x = 1 (quality 6) is bad.
    j = r["x"].index("1")
    assert num(r["p_bad"][j]) > 0.9
    layout = view["plot"]["layout"]
    assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"]


def test_classifier_view_of_an_unknown_run_is_404(client):
    assert client.get("/lessons/softmax/runs/nope/view").status_code == 404


def test_open_in_playground_reproduces_the_classifier_experiment(client):
    from urllib.parse import parse_qsl, urlsplit

    from app.lessons.softmax import maths as sm
    from app.services import playground as pg

    soup = BeautifulSoup(client.get("/lessons/softmax?lang=en").text, "html.parser")
    href = soup.select_one("#lesson-playground")["href"]
    assert urlsplit(href).path == "/playground"
    page = client.get(href)
    assert page.status_code == 200
    query = dict(parse_qsl(urlsplit(href).query))
    assert query["dataset"] == "fruit_good" and query["loss"] == "cross_entropy"
    assert pg.to_query(sm.CLASSIFIER) == parse_qsl(urlsplit(href).query)


# ---------------------------------------------------------------- the contract: state, only what changed, run view

def test_the_state_round_trips_through_its_query_and_its_document():
    from app.lessons.softmax.state import PRESETS, SoftmaxState

    for state in (SoftmaxState(), PRESETS["preset2"], SoftmaxState(k=4, z1=1, z2=-2.5, z3=3, z4=0.1, t=0.5, true=4)):
        assert SoftmaxState.parse(dict(state.query())).state == state
        assert SoftmaxState.from_document(state.document("softmax"), "softmax") == state
    # Logits beyond the k-th do not exist: they read 0 in the state as in its URL.
    assert SoftmaxState.parse({"k": "2", "z3": "5"}).state.z3 == 0


def test_a_decimal_comma_reads_as_a_point(client):
    soup = soup_of(get(client, z1="1,7"))
    assert soup.select_one("#sm-z1")["value"] == "1.7"
    assert not soup.select_one("#sm-err-z1").get_text(strip=True)


def regions(r) -> set[str]:
    soup = soup_of(r)
    found = {el.get("id") for el in soup.select("[hx-swap-oob]")}
    return {name for name, el_id in (("fields", "sm-fields"), ("results", "sm-results"), ("bars", "sm-bars-spec"),
                                     ("temperature", "sm-temp-spec")) if el_id in found}


@pytest.mark.parametrize(("change", "swapped"), [
    ({}, set()),
    ({"t": "2"}, {"results", "bars", "temperature"}),
    ({"true": "1"}, {"results", "bars"}),
    ({"z1": "0.5"}, {"results", "bars", "temperature"}),
    ({"k": "3"}, {"fields", "results", "bars", "temperature"}),
])
def test_an_answer_swaps_only_the_regions_whose_inputs_changed(client, change, swapped):
    from app.lessons.contract import shown_value
    from app.lessons.softmax.state import SoftmaxState

    before = SoftmaxState()
    query = {**dict(before.query()), "shown": shown_value(before), **change}
    r = get(client, HX, **query)
    assert regions(r) == swapped
    # The hidden field always follows the state shown now.
    assert soup_of(r).select_one("#sm-shown")["value"] == shown_value(SoftmaxState.parse(query).state)


def test_the_answers_and_the_classifier_view_are_valid_plotly(client):
    from tests.test_plotly_schema import assert_valid, figures_in

    for params in ({"t": "0.3", "true": "1"}, {"action": "preset2"}, {"k": "6", "z6": "4"}):
        found = figures_in(get(client, HX, **params).text)
        assert found
        for where, spec in found:
            assert_valid(where, spec)
    run = client.post("/api/v1/runs", json=CLASSIFIER.model_dump(mode="json")).json()
    assert_valid("classifier", client.get(f"/lessons/softmax/runs/{run['id']}/view").json()["plot"])


def test_the_classifier_view_refuses_another_lessons_run(client):
    other = CLASSIFIER.model_dump(mode="json") | {"dataset": "circle", "loss": "bce"}
    run = client.post("/api/v1/runs", json=other)
    assert run.status_code == 201, run.text
    assert client.get(f"/lessons/softmax/runs/{run.json()['id']}/view").status_code == 409
