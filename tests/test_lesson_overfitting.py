"""Lesson 7, /lessons/overfitting, through HTTP: the setup, bad input, and the view of a live run (best epoch,
gap, the one test evaluation). Expectations come from the runs API's own history or are computed here."""

from __future__ import annotations

import pytest

from app.services import overfitting as of
from tests.page_helpers import HX, _no_cookies, num, page_getter, soup_of  # noqa: F401

get = page_getter("/lessons/overfitting")


def test_page_states_the_split_and_the_model_size(client):
    soup = soup_of(get(client, lang="en"))
    summary = soup.select_one("#of-setup .setup-summary").get_text(" ", strip=True)
    # 80 samples: 30% validation (24), 20% test (16), 40 for training.
    assert "40 training, 24 validation, 16 test" in summary
    # 2 -> 16 -> 16 -> 16 -> 1: (2*16 + 16) + 2 * (16*16 + 16) + (16 + 1) parameters.
    assert f"{(2 * 16 + 16) + 2 * (16 * 16 + 16) + 17} parameters" in summary
    exp = __import__("json").loads(soup.select_one("#of-exp-json").get_text())
    assert exp["dataset"] == "moons" and exp["n"] == 80 and len(exp["hidden"]) == 3
    assert exp["batch_size"] == 40 and exp["augment_copies"] == 0
    for section in ("of-sets", "of-augment", "of-test", "of-variables"):
        assert soup.select_one(f"#{section}") is not None
    assert soup.select_one("#lesson-playground")["href"].startswith("/playground?dataset=moons")


def test_copies_make_the_batch_the_augmented_training_set(client):
    soup = soup_of(get(client, HX, copies=10, sigma=1))
    exp = __import__("json").loads(soup.select_one("#of-exp-json").get_text())
    assert exp["augment_copies"] == 10 and exp["augment_sigma"] == 1 and exp["batch_size"] == 40 * 11


@pytest.mark.parametrize(("field", "value", "message"), [
    ("n", "5", "Allowed values: from 20 to 400."),
    ("units", "2.5", "Allowed values: from 1 to 64."),
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


def test_view_marks_the_lowest_validation_loss_and_the_gap(client):
    exp = of.handle({}).experiment.model_dump(mode="json")
    rid = client.post("/api/v1/runs", json=exp).json()["id"]
    for _ in range(30):
        state = client.post(f"/api/v1/runs/{rid}/step", json={"updates": 10}).json()
    view = client.get(f"/lessons/overfitting/runs/{rid}/view?lang=en").json()
    h = state["history"]
    best = min(range(len(h["val_loss"])), key=lambda i: h["val_loss"][i])
    assert view["text"]["best_step"] == str(h["val_step"][best])
    assert num(view["text"]["best_val"]) == pytest.approx(h["val_loss"][best], rel=1e-5)
    # The training loss of update s is measured before it: on the weights after s - 1 updates.
    assert num(view["text"]["gap"]) == pytest.approx(h["val_loss"][-1] - h["loss"][-1], rel=1e-4)
    # This setup overfits: after 300 epochs the validation loss is above its best and the gap is large.
    assert h["val_loss"][-1] > h["val_loss"][best] and num(view["text"]["gap"]) > 0.2
    names = [trace["name"] for trace in view["plot"]["data"]]
    assert names == ["training", "validation", "best epoch"]
    assert view["plot"]["layout"]["xaxis"]["title"]["text"] == "epoch"


def test_compare_draws_the_previous_run_and_its_gap(client):
    exp = of.handle({}).experiment.model_dump(mode="json")
    first = client.post("/api/v1/runs", json=exp).json()["id"]
    client.post(f"/api/v1/runs/{first}/step", json={"updates": 50})
    second = client.post("/api/v1/runs", json=exp).json()["id"]
    view = client.get(f"/lessons/overfitting/runs/{second}/view?compare={first}&lang=en").json()
    assert [t["name"] for t in view["plot"]["data"]][:2] == ["previous: training", "previous: validation"]
    assert view["text"]["prev_gap"] != "–"


def test_test_set_result_appears_once_evaluated(client):
    exp = of.handle({}).experiment.model_dump(mode="json")
    rid = client.post("/api/v1/runs", json=exp).json()["id"]
    client.post(f"/api/v1/runs/{rid}/step", json={"updates": 20})
    assert client.get(f"/lessons/overfitting/runs/{rid}/view").json()["text"]["tested"] == ""
    tested = client.post(f"/api/v1/runs/{rid}/test").json()
    text = client.get(f"/lessons/overfitting/runs/{rid}/view?lang=en").json()["text"]["tested"]
    assert text.startswith("Test result after 20 epochs") and f"{100 * tested['test_acc']:.1f}%" in text


def test_both_languages(client):
    assert soup_of(get(client, lang="en")).select_one("#of-test-heading").get_text(strip=True) == \
        "The test set: once, at the end"
    assert soup_of(get(client, lang="pl")).select_one("#of-test-heading").get_text(strip=True) == \
        "Zbiór testowy: raz, na końcu"
