"""Lesson 6, /lessons/regularization, through HTTP: the lecture's formulas, the train/eval-mode demonstration on
the lecture's network, bad input, the presets, and the view of live runs (the weight counts and histogram, batch
normalization's numbers).

Expected values come from the lecture (slide 6: y21 = 70 at x = 4) or are computed here by hand."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest

from app.lessons.regularization import experiment as ex
from app.lessons.regularization.state import RegularizationState
from tests.page_helpers import HX, _no_cookies, num, page_getter, soup_of  # noqa: F401
from tests.test_plotly_schema import assert_valid

get = page_getter("/lessons/regularization")


def exp_of(soup) -> dict:
    return json.loads(soup.select_one("#reg-exp-json").get_text())


def test_page_shows_the_lecture_formulas_as_mathml(client):
    soup = soup_of(get(client, lang="en"))
    for sid in ("reg-l2", "reg-l1", "reg-bn-formula"):
        assert soup.select_one(f"#{sid} math") is not None
    l2 = soup.select_one("#reg-l2").get_text("", strip=True)
    l1 = soup.select_one("#reg-l1").get_text("", strip=True)
    assert "λ" in l2 and "|" not in l2 and "|" in l1
    bn = soup.select_one("#reg-bn-formula").get_text("", strip=True)
    assert "γ" in bn and "μ" in bn and "σ" in bn and "β" in bn
    assert "not the learning rate" in soup.select_one("#reg-batchnorm .note").get_text()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_ids_are_unique(client, lang):
    ids = Counter(el["id"] for el in soup_of(get(client, lang=lang)).select("[id]"))
    assert [i for i, k in ids.items() if k > 1] == []
    # The dropout field keeps its id; the section on train and eval mode has its own.
    assert soup_of(get(client)).select_one("#reg-dropout")["name"] == "dropout"


def _by_hand(x: float) -> tuple[float, float]:
    """The lecture's hidden outputs y11 = max(20x - 10, 0), y12 = max(40x - 200, 0)."""
    return max(20 * x - 10, 0.0), max(40 * x - 200, 0.0)


@pytest.mark.parametrize(("p", "x"), [(0.5, 4), (0.2, 4), (0.5, 6), (0.0, 4)])
def test_train_mode_draws_masks_and_eval_mode_gives_the_lecture_output(client, p, x):
    soup = soup_of(get(client, demo_p=p, x=x))
    y11, y12 = _by_hand(x)
    eval_out = max(y11 - y12, 0)
    assert [num(td.get_text()) for td in soup.select("[data-eval-y]")] == [eval_out, eval_out]
    # In train mode each hidden output is kept and scaled by 1/(1-p), or zeroed.
    possible = {max(a - b, 0) for a in (0, y11 / (1 - p)) for b in (0, y12 / (1 - p))}
    train = [num(td.get_text()) for td in soup.select("[data-train-y]")]
    assert len(train) == 5 and set(train) <= possible
    if p == 0:
        assert set(train) == {eval_out}


def test_lecture_sample_gives_70_in_eval_mode_and_the_train_calls_differ(client):
    soup = soup_of(get(client))  # p = 0.5, x = 4, the first draw
    assert [td.get_text(strip=True) for td in soup.select("[data-eval-y]")] == ["70", "70"]
    train = {num(td.get_text()) for td in soup.select("[data-train-y]")}
    assert train == {0.0, 140.0}  # with these masks both outcomes occur


def test_drawing_again_draws_other_masks(client):
    first = soup_of(get(client, HX, action="draw", draw=0, demo_p=0.5, x=4))
    assert first.select_one('#reg-demo input[name="draw"]')["value"] == "1"
    masks = lambda s: [tr.select("td")[2].get_text() for tr in s.select('tr[data-mode="train"]')]  # noqa: E731
    assert masks(first) != masks(soup_of(get(client, HX, draw=0, demo_p=0.5, x=4)))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("lam", "-1", "Allowed values: from 0 to 1."),
    ("dropout", "0.95", "Allowed values: from 0 to 0.9."),
    ("demo_p", "abc", "“abc” is not a number."),
    ("x", "", "Enter a number."),
    ("n", "20", "Allowed values: from 40 to 400."),
    ("units", "100", "Allowed values: from 1 to 64."),
    ("reg", "l3", "“l3” is not one of the choices."),
])
def test_bad_input_gets_a_message_and_keeps_the_rest(client, field, value, message):
    r = get(client, HX, lang="en", **{field: value})
    assert r.status_code == 200
    soup = soup_of(r)
    assert soup.select_one(f"#reg-err-{field}").get_text(strip=True) == message
    assert soup.select_one("#reg-setup") is None and soup.select_one("#reg-demo") is None


def test_a_decimal_comma_reads_as_a_point(client):
    exp = exp_of(soup_of(get(client, HX, reg="l2", lam="0,003", dropout="0,2")))
    assert exp["regularization"] == {"kind": "l2", "lam": 0.003} and exp["dropout"] == 0.2


def test_setup_carries_the_chosen_regularization(client):
    soup = soup_of(get(client, HX, reg="l2", lam=0.003, dropout=0.2, bn=1, n=200, units=32))
    exp = exp_of(soup)
    assert exp["regularization"] == {"kind": "l2", "lam": 0.003}
    assert exp["dropout"] == 0.2 and exp["batchnorm"] is True
    assert exp["optimizer"] == {"name": "sgd", "lr": 0.1, "momentum": 0.9} and exp["dataset"] == "moons"
    assert exp["n"] == 200 and exp["batch_size"] == 100 and [h["units"] for h in exp["hidden"]] == [32] * 3


@pytest.mark.parametrize(("action", "expected"), [
    ("dropout", {"dropout": ex.DROPOUT, "n": ex.DEFAULT_N, "units": ex.DEFAULT_UNITS}),
    ("few", {"dropout": ex.FEW["dropout"], "n": ex.FEW["n"], "units": ex.FEW["units"]}),
])
def test_presets_set_the_dropout_experiment_and_keep_the_demonstration(client, action, expected):
    soup = soup_of(get(client, HX, action=action, reg="l1", bn=1, dropout=0.7, n=100, units=8, demo_p=0.3, x=5))
    exp = exp_of(soup)
    assert exp["dropout"] == expected["dropout"] and exp["n"] == expected["n"]
    assert exp["hidden"][0]["units"] == expected["units"]
    assert exp["regularization"]["kind"] == "none" and exp["batchnorm"] is False
    assert soup.select_one("#reg-dropout")["value"] == f"{expected['dropout']:g}"  # the fields follow
    assert soup.select_one("#reg-reg option[selected]")["value"] == "none"
    assert soup.select_one("#reg-demo_p")["value"] == "0.3" and soup.select_one("#reg-x")["value"] == "5"


def test_state_json_round_trips(client):
    doc = client.get("/lessons/regularization/state.json", params={"reg": "l1", "bn": "1"}).json()
    assert RegularizationState.from_document(doc, "regularization") == RegularizationState(reg="l1", bn=True)


def _train(client, updates: int = 600, **settings) -> str:
    exp = ex.experiment(RegularizationState(**settings)).model_dump(mode="json")
    rid = client.post("/api/v1/runs", json=exp).json()["id"]
    client.post(f"/api/v1/runs/{rid}/step", json={"updates": updates})
    return rid


def _small_count(client, rid) -> tuple[int, int]:
    text = client.get(f"/lessons/regularization/runs/{rid}/view").json()["text"]["small"]
    small, total = (int(v) for v in text.split(" / "))
    return small, total


def test_the_weight_counts_and_histogram_are_the_runs_weights(client):
    none = _train(client, reg="none")
    l1 = _train(client, reg="l1", lam=0.01)
    # Checked against the weights themselves (the runs API's network), not only the page's numbers.
    net = client.get(f"/api/v1/runs/{l1}").json()["network"]
    w = np.concatenate([np.ravel(layer["weight"]) for layer in net["layers"] if layer["type"] == "dense"])
    assert _small_count(client, l1) == (int(np.sum(np.abs(w) < ex.SMALL)), w.size)
    view = client.get(f"/lessons/regularization/runs/{l1}/view?compare={none}&lang=en").json()
    assert [t["name"] for t in view["plots"]["hist"]["data"]] == ["previous run", "current run"]
    assert sum(view["plots"]["hist"]["data"][1]["y"]) == w.size
    assert view["text"]["prev_small"].endswith(f"/ {w.size}")
    alone = client.get(f"/lessons/regularization/runs/{none}/view?lang=en").json()
    assert view["text"]["prev_gap"] == alone["text"]["gap"] != "–"  # the previous run's gap, beside this one's
    assert alone["text"]["prev_gap"] == "–"
    for name, spec in view["plots"].items():
        assert_valid(f"regularization run view {name}", spec)


def test_batchnorm_numbers_of_the_last_batch(client):
    rid = _train(client, 20, reg="none", bn=1)
    rows = client.get(f"/lessons/regularization/runs/{rid}/view").json()["batchnorm"]
    assert [r["unit"] for r in rows] == [str(i) for i in range(1, ex.DEFAULT_UNITS + 1)]
    assert all(num(r["sigma"]) > 0 for r in rows)
    assert client.get(f"/lessons/regularization/runs/{_train(client, 20, reg='none')}/view").json()["batchnorm"] == []


def test_the_view_is_for_binary_runs_only(client):
    rid = client.post("/api/v1/runs", json={"dataset": "blobs"}).json()["id"]
    assert client.get(f"/lessons/regularization/runs/{rid}/view").status_code == 409


def test_both_languages(client):
    assert soup_of(get(client, lang="en")).select_one("#reg-dropout-heading").get_text(strip=True) == \
        "Dropout: train mode against eval mode"
    assert soup_of(get(client, lang="pl")).select_one("#reg-dropout-heading").get_text(strip=True) == \
        "Dropout: tryb treningu a tryb ewaluacji"
