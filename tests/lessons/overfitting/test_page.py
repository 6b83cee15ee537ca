"""Lesson 7, /lessons/overfitting, through HTTP: the setup, bad input, the presets, and the view of a live run (best
epoch, gap, the one test evaluation with its size and the warning for a small test set). Expectations come from
the runs API's own history or are computed here."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from app.lessons.overfitting import experiment as ex
from app.lessons.overfitting.state import OverfittingState
from tests.page_helpers import HX, _no_cookies, num, page_getter, soup_of  # noqa: F401
from tests.test_plotly_schema import assert_valid

get = page_getter("/lessons/overfitting")


def exp_of(soup) -> dict:
    return json.loads(soup.select_one("#of-exp-json").get_text())


def test_page_states_the_split_and_the_model_size(client):
    soup = soup_of(get(client, lang="en"))
    summary = soup.select_one("#of-setup .setup-summary").get_text(" ", strip=True)
    # 400 samples: 30 % validation (120), 30 % test (120), 160 for training.
    assert "160 training, 120 validation, 120 test samples" in summary
    # 2 -> 32 -> 32 -> 32 -> 1: (2*32 + 32) + 2 * (32*32 + 32) + (32 + 1) parameters.
    assert f"{(2 * 32 + 32) + 2 * (32 * 32 + 32) + 33} parameters" in summary
    exp = exp_of(soup)
    assert exp["dataset"] == "moons" and exp["n"] == 400 and len(exp["hidden"]) == 3
    assert exp["batch_size"] == 160 and exp["augment_copies"] == 0 and exp["test"] == 0.3
    for section in ("of-sets", "of-augment", "of-test", "of-variables"):
        assert soup.select_one(f"#{section}") is not None
    assert soup.select_one("#of-setup-warning") is None  # 120 test points: enough


def test_a_playground_link_when_the_playground_can_show_the_network(client):
    # The Playground's controls take at most 16 neurons a layer: the default 32 has no link, 16 has one.
    assert soup_of(get(client)).select_one("#lesson-playground") is None
    link = soup_of(get(client, units=16)).select_one("#lesson-playground")["href"]
    assert link.startswith("/playground?dataset=moons") and "16-relu" in link


def test_copies_make_the_batch_the_augmented_training_set(client):
    soup = soup_of(get(client, HX, copies=10, sigma=1))
    exp = exp_of(soup)
    assert exp["augment_copies"] == 10 and exp["augment_sigma"] == 1 and exp["batch_size"] == 160 * 11


def test_the_augmentation_preset_sets_k_and_sigma_on_the_default_setup(client):
    soup = soup_of(get(client, HX, action="augment", n=100, units=8, copies=0, sigma=0.1))
    exp = exp_of(soup)
    assert (exp["n"], exp["hidden"][0]["units"]) == (400, 32)
    assert (exp["augment_copies"], exp["augment_sigma"]) == (ex.AUGMENT_COPIES, ex.AUGMENT_SIGMA)
    assert soup.select_one("#of-copies")["value"] == str(ex.AUGMENT_COPIES)  # the fields follow


def test_reset_restores_the_defaults(client):
    soup = soup_of(get(client, HX, action="reset", n=100, copies=3))
    assert exp_of(soup) == ex.experiment(OverfittingState()).model_dump(mode="json")
    assert soup.select_one("#of-n")["value"] == "400"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("n", "5", "Allowed values: from 20 to 400."),
    ("units", "2.5", "Enter a whole number from 1 to 64."),
    ("noise", "x", "“x” is not a number."),
    ("copies", "11", "Allowed values: from 0 to 10."),
    ("sigma", "-1", "Allowed values: from 0 to 2."),
])
def test_bad_input_gets_a_message_and_keeps_the_setup(client, field, value, message):
    r = get(client, HX, lang="en", **{field: value})
    assert r.status_code == 200
    soup = soup_of(r)
    assert soup.select_one(f"#of-err-{field}").get_text(strip=True) == message
    assert soup.select_one("#of-setup") is None  # the next run keeps the last good setup


def test_a_decimal_comma_reads_as_a_point(client):
    exp = exp_of(soup_of(get(client, HX, noise="0,25", sigma="0,5")))
    assert exp["noise"] == 0.25 and exp["augment_sigma"] == 0.5


def test_copies_that_overflow_a_batch_get_a_message(client):
    # 160 training rows x 11 with 4 layers of 64 neurons: more activations in one batch than a run allows.
    r = get(client, HX, lang="en", layers=4, units=64, copies=10)
    soup = soup_of(r)
    assert "1760 rows" in soup.select_one("#of-err-copies").get_text()
    assert soup.select_one("#of-setup") is None


def test_a_small_test_set_is_announced_before_training(client):
    soup = soup_of(get(client, lang="en", n=100))  # 30 test points
    assert "only 30 points" in soup.select_one("#of-setup-warning").get_text()


def test_ids_are_unique(client):
    for lang in ("pl", "en"):
        ids = Counter(el["id"] for el in soup_of(get(client, lang=lang)).select("[id]"))
        assert [i for i, k in ids.items() if k > 1] == []


def _run(client, **settings) -> str:
    exp = ex.experiment(OverfittingState(**settings)).model_dump(mode="json")
    return client.post("/api/v1/runs", json=exp).json()["id"]


def test_view_marks_the_lowest_validation_loss_and_the_gap(client):
    rid = _run(client)
    for _ in range(15):
        state = client.post(f"/api/v1/runs/{rid}/step", json={"updates": ex.CHUNK}).json()
    view = client.get(f"/lessons/overfitting/runs/{rid}/view?lang=en").json()
    h = state["history"]
    best = min(range(len(h["val_loss"])), key=lambda i: h["val_loss"][i])
    assert view["text"]["best_step"] == str(h["val_step"][best])
    assert num(view["text"]["best_val"]) == pytest.approx(h["val_loss"][best], rel=1e-5)
    # The training loss of update s is measured before it: on the weights after s - 1 updates.
    assert num(view["text"]["gap"]) == pytest.approx(h["val_loss"][-1] - h["loss"][-1], rel=1e-4)
    # This setup overfits: after 300 epochs the validation loss is above its best and the gap is large.
    assert h["val_loss"][-1] > h["val_loss"][best] and num(view["text"]["gap"]) > 0.2
    # The accuracies beside the losses (what of.test.truth compares the test accuracy with): "100.0 %" style.
    assert view["text"]["train_acc"].endswith("\u202f%") and view["text"]["val_acc"].endswith("\u202f%")
    assert float(view["text"]["train_acc"][:-2]) > float(view["text"]["val_acc"][:-2])
    names = [trace["name"] for trace in view["plot"]["data"]]
    assert names == ["training", "validation", "best epoch"]
    assert view["plot"]["layout"]["xaxis"]["title"]["text"] == "epoch"
    assert_valid("overfitting run view", view["plot"])


def test_compare_draws_the_previous_run_and_its_gap(client):
    first = _run(client)
    client.post(f"/api/v1/runs/{first}/step", json={"updates": 50})
    second = _run(client)
    view = client.get(f"/lessons/overfitting/runs/{second}/view?compare={first}&lang=en").json()
    assert [t["name"] for t in view["plot"]["data"]][:2] == ["previous: training", "previous: validation"]
    assert view["text"]["prev_gap"] != "–"
    assert_valid("overfitting run view with a previous run", view["plot"])


def test_test_set_result_shows_its_size_and_appears_once_evaluated(client):
    rid = _run(client)
    client.post(f"/api/v1/runs/{rid}/step", json={"updates": 20})
    before = client.get(f"/lessons/overfitting/runs/{rid}/view").json()
    assert before["text"]["tested"] == "" and before["test"] == {"done": False, "size": 120, "text": "",
                                                                "warning": ""}
    tested = client.post(f"/api/v1/runs/{rid}/test").json()
    view = client.get(f"/lessons/overfitting/runs/{rid}/view?lang=en").json()
    text = view["text"]["tested"]
    assert text.startswith("Test result after 20 epochs, on 120 test points")
    assert f"{100 * tested['test_acc']:.1f}\u202f%" in text
    assert view["test"]["size"] == 120 and view["test"]["warning"] == "" and view["test"]["step"] == 20
    assert view["test"]["loss"] == pytest.approx(tested["test_loss"])
    assert view["test"]["val_loss"] == pytest.approx(client.get(f"/api/v1/runs/{rid}").json()["history"]
                                                     ["val_loss"][-1])
    pl = client.get(f"/lessons/overfitting/runs/{rid}/view?lang=pl").json()["text"]["tested"]
    assert pl.startswith("Wynik testu po 20 epokach, na 120 punktach testowych") and "dokładność" in pl


@pytest.mark.parametrize(("n", "size", "warned"), [(100, 30, True), (160, 48, True), (170, 51, False)])
def test_a_small_test_set_gets_a_warning_beside_its_result(client, n, size, warned):
    rid = _run(client, n=n)
    client.post(f"/api/v1/runs/{rid}/step", json={"updates": 20})
    client.post(f"/api/v1/runs/{rid}/test")
    view = client.get(f"/lessons/overfitting/runs/{rid}/view?lang=en").json()
    assert view["test"]["size"] == size and f"on {size} test points" in view["text"]["tested"]
    assert bool(view["test"]["warning"]) is warned
    if warned:
        # One point more or less right moves the accuracy by 1/size.
        assert f"Only {size} test points" in view["text"]["test_warning"]
        assert f"{100 / size:.1f}\u202f%" in view["text"]["test_warning"]


def test_the_view_is_for_binary_runs_only(client):
    rid = client.post("/api/v1/runs", json={"dataset": "blobs"}).json()["id"]
    assert client.get(f"/lessons/overfitting/runs/{rid}/view").status_code == 409


def test_state_json_round_trips(client):
    doc = client.get("/lessons/overfitting/state.json", params={"n": "200", "copies": "3"}).json()
    assert doc["state"]["n"] == 200 and doc["state"]["copies"] == 3
    assert OverfittingState.from_document(doc, "overfitting") == OverfittingState(n=200, copies=3)


def test_both_languages(client):
    assert soup_of(get(client, lang="en")).select_one("#of-test-heading").get_text(strip=True) == \
        "The test set: once, at the end"
    assert soup_of(get(client, lang="pl")).select_one("#of-test-heading").get_text(strip=True) == \
        "Zbiór testowy: raz, na końcu"
