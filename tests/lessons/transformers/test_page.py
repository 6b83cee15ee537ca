"""Lesson 12, /lessons/transformers, through HTTP: the workbench's state (round trip, presets, bounds and their
messages, the last good state kept), the htmx answer swapping only what changed, the saturation part, the live
run's view and the JSON of every figure."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.lessons.transformers import PAGE, maths
from app.lessons.transformers.state import WEIGHT_FIELDS, TransformersState
from tests.page_helpers import HX, _no_cookies, page_getter, plot, soup_of  # noqa: F401
from tests.test_plotly_schema import assert_valid, figures_in

get = page_getter("/lessons/transformers")


def weights(soup, name: str) -> np.ndarray:
    return np.array(plot(soup, name)["data"][0]["z"])


def test_the_page_shows_both_sentences_as_heatmaps_and_the_row_of_lamb(client):
    soup = soup_of(get(client, lang="en"))
    short, long = weights(soup, "heat-short"), weights(soup, "heat-long")
    assert short.shape == (6, 6) and long.shape == (10, 10)
    assert np.allclose(short.sum(axis=1), 1, atol=1e-3) and np.allclose(long.sum(axis=1), 1, atol=1e-3)
    assert soup.select_one("#tr-row-maths")["data-token"] == "lamb"  # row 9 of the long sentence
    assert len(soup.select("#tr-row-table tbody tr")) == 10
    assert soup.select_one("#tr-formula math") is not None
    assert soup.select_one("#tr-q11")["value"] == "1" and soup.select_one("#tr-q12")["value"] == "0"


def test_state_round_trips_through_query_and_document(client):
    state = TransformersState(q12=0.5, k44=-2, sentence="short", row=3, causal=True, scale=False, dk=40, seed=7,
                              example=5)
    assert TransformersState.parse(dict(state.query())).state == state
    doc = client.get("/lessons/transformers/state.json", params=dict(state.query())).json()
    assert TransformersState.from_document(doc, "transformers") == state


@pytest.mark.parametrize(("field", "text", "key"), [
    ("q11", "abc", "error.field.not_number"), ("v23", "11", "error.field.range"), ("k44", "", "error.field.empty"),
    ("dk", "65", "error.field.range"), ("dk", "1", "error.field.range"), ("seed", "-1", "error.field.range"),
    ("example", "21", "error.field.range"), ("row", "11", "error.field.range"), ("sentence", "x", "error.field.choice"),
])
def test_bad_input_gets_a_message_beside_its_field_and_keeps_the_last_good_state(client, field, text, key):
    parsed = PAGE.handle({field: text})
    assert parsed.errors[field].key == key
    r = get(client, headers=HX, lang="en", **{field: text})
    soup = soup_of(r)
    assert soup.select_one(f"#tr-err-{field}").get_text(strip=True) != ""
    assert soup.select('[data-plot-spec]') == []  # no figure changes: the page keeps its last good state
    assert "HX-Replace-Url" not in r.headers


def test_a_row_beyond_the_short_sentence_is_refused():
    parsed = PAGE.handle({"sentence": "short", "row": "8"})
    assert parsed.errors["row"].params == {"min": "1", "max": "6"}


def test_decimal_comma_reads_as_a_point():
    assert PAGE.handle({"q11": "0,5"}).state.q11 == 0.5


def test_the_htmx_answer_swaps_only_the_workbench_when_a_weight_changes(client):
    before = TransformersState()
    r = get(client, headers=HX, q11="2", shown="&".join(f"{k}={v}" for k, v in before.query()))
    soup = soup_of(r)
    specs = {s["data-plot-spec"] for s in soup.select("[data-plot-spec]")}
    assert specs == {"heat-short", "heat-long"}
    assert soup.select_one("#tr-row-maths") is not None and soup.select_one("#tr-sat-numbers") is None
    r = get(client, headers=HX, dk="64", shown="&".join(f"{k}={v}" for k, v in before.query()))
    specs = {s["data-plot-spec"] for s in soup_of(r).select("[data-plot-spec]")}
    assert specs == {"saturation", "sample"}


@pytest.mark.parametrize("action", ["identity", "context", "random", "reset"])
def test_presets_are_actions_that_redraw_the_matrices(client, action):
    r = get(client, headers=HX, action=action, seed="3", q11="5")
    soup = soup_of(r)
    assert soup.select_one("#tr-fields") is not None
    state = PAGE.handle({"action": action, "seed": "3", "q11": "5"}).state
    q = state.matrix("q")
    expected = {"identity": maths.IDENTITY, "context": maths.CONTEXT_Q, "random": maths.random_weights(3)[0],
                "reset": maths.IDENTITY}[action]
    assert np.array_equal(q, expected)
    assert soup.select_one("#tr-q11")["value"] == state.text("q11")


def test_the_causal_mask_blanks_the_upper_triangle_on_the_page(client):
    soup = soup_of(get(client, causal="1"))
    long = weights(soup, "heat-long")
    assert np.all(np.triu(long, k=1) == 0)
    assert len(soup.select("#tr-row-table tr.masked")) == 1  # row 9 of 10: one key after it


def test_saturation_numbers_follow_dk(client):
    soup = soup_of(get(client, dk="64", lang="en"))
    text = soup.select_one("#tr-sat-numbers").get_text(" ", strip=True)
    assert "64" in text
    s = maths.saturation(1)
    assert maths.saturation_numbers(s, 64, 1)["max_unscaled"] in text


def test_figures_are_valid_in_both_languages_and_after_a_change(client):
    for lang in ("pl", "en"):
        for where, spec in figures_in(get(client, lang=lang, causal="1", scale="0").text):
            assert_valid(where, spec)
    for where, spec in figures_in(get(client, headers=HX, action="random").text):
        assert_valid(where, spec)
    assert_valid("curves", maths.curves_plot(lambda key, **kw: key))


def test_the_untrained_data_and_the_live_run_view(client):
    data = client.get("/lessons/transformers/data/untrained", params={"example": 3, "lang": "en"}).json()
    assert data["step"] == 0 and len(data["plot"]["data"][0]["z"]) == maths.LIVE_LENGTH
    assert client.get("/lessons/transformers/data/untrained", params={"example": "99"}).status_code == 422
    r = client.post("/api/v1/runs", json=maths.experiment())
    run_id = r.json()["id"]
    client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 20})
    view = client.get(f"/lessons/transformers/runs/{run_id}/heatmap", params={"example": 2}).json()
    assert view["step"] == 20 and view["text"]["acc"].endswith("\u202f%")
    assert_valid("live-heat", view["plot"])
    other = client.post("/api/v1/runs", json={"dataset": "circle"}).json()["id"]
    assert client.get(f"/lessons/transformers/runs/{other}/heatmap").status_code == 409


def test_the_config_carries_the_live_experiment(client):
    soup = soup_of(get(client))
    cfg = json.loads(soup.select_one("#tr-config").string)
    assert cfg["experiment"] == maths.experiment() and cfg["total"] == maths.LIVE_UPDATES


def test_every_weight_field_is_bounded():
    for name in WEIGHT_FIELDS:
        assert PAGE.handle({name: "10.5"}).errors[name].params == {"min": "\u221210", "max": "10"}


def test_an_htmx_answer_sends_only_the_messages_that_appear_or_go(client):
    """Without the page's `errs` every message is sent (so any old one is cleared); with it, only those of fields
    that had one or have one now, and the new `errs`."""
    def sent(**params):
        soup = soup_of(get(client, headers=HX, **params))
        return {el["data-error-for"] for el in soup.select("[data-error-for]")}, soup.select_one("#tr-errs")["value"]

    assert sent(q11="1") == (set(TransformersState.model_fields), "")
    assert sent(q11="1", errs="") == (set(), "")
    assert sent(q11="x", errs="") == ({"q11"}, "q11")
    assert sent(q11="1", errs="q11") == ({"q11"}, "")  # the message goes
    assert sent(q11="x", dk="99", errs="q11,nonsense") == ({"q11", "dk"}, "dk,q11")  # in the state's field order
