"""Lesson 4, /lessons/batch-size, through HTTP: the lecture's sizes, the table known before training, the live
measurements of real runs, bad input.

Expected values come from the lecture (slides 24-26) or are computed here by hand (ceil(m/BS), BS x widths x 8
bytes, the relative noise with plain Python)."""

from __future__ import annotations

import json
import math

import pytest

from app.formatting import number
from app.lessons.batch_size import maths as bs
from app.runs.experiment import Experiment
from app.runs.run import Run
from tests.page_helpers import HX, _no_cookies, soup_of  # noqa: F401
from tests.test_plotly_schema import assert_valid, figures_in

PATH = "/lessons/batch-size"


@pytest.fixture(scope="module")
def page(client):
    r = client.get(PATH, params={"lang": "en"})
    assert r.status_code == 200
    return soup_of(r)


def test_page_names_the_lectures_batch_sizes(page):
    assert page.select_one('[data-lecture="popular"]').text == "32, 64 / 128, 256"
    assert page.select_one('[data-lecture="small"]').text == "1, 2, 4, 8"


def test_table_has_every_power_of_two_up_to_the_set_size(page):
    rows = [int(tr["data-bs-row"]) for tr in page.select("[data-bs-row]")]
    assert rows == [1, 2, 4, 8, 16, 32, 64, 128, 256]


def test_batch_size_and_memory_are_named_apart(page):
    """Issue: "Batch B" beside "memory [B]" read as the same B. Now BS is the batch size (the lecture's symbol)
    and the memory is in kilobytes, the unit written out."""
    heads = [th.get_text(" ", strip=True) for th in page.select("#bs-table thead th")]
    assert heads[0] == "Batch size BS" and heads[2] == "Batch memory [kilobytes]"
    assert not any("[B]" in h or h.endswith(" B") for h in heads)


@pytest.mark.parametrize("m", [32, 256])
def test_updates_per_epoch_and_batch_memory_before_training(client, m):
    soup = soup_of(client.get(PATH, params={"m": m}))
    widths = 2 + 8 + 1  # inputs x1, x2; 8 hidden units; 1 output
    for tr in soup.select("[data-bs-row]"):
        b = int(tr["data-bs-row"])
        assert tr.select_one('[data-bs="updates_per_epoch"]').text == str(math.ceil(m / b))
        assert tr.select_one('[data-bs="kilobytes"]').text == number(b * widths * 8 / 1000)
    assert int(soup.select("[data-bs-row]")[-1]["data-bs-row"]) == m


def test_config_has_one_run_per_size_on_the_same_data_and_weights(page):
    config = json.loads(page.select_one("#bs-config script").string)
    exps = [r["experiment"] for r in config["runs"]]
    assert [e["batch_size"] for e in exps] == [1, 2, 4, 8, 16, 32, 64, 128, 256]
    for e in exps:
        assert (e["dataset"], e["n"], e["val"], e["test"], e["seed"]) == ("circle", 256, 0, 0, 1)
        assert e["optimizer"] == exps[0]["optimizer"]
    assert config["epochs"] == 20 and config["view"] == PATH + "/data/view"
    assert [r["experiment"]["batch_size"] for r in config["overfit"]["runs"]] == [1, 120]


def _by_hand(losses: list[float], upe: int) -> float:
    """The relative noise in plain Python: RMS of each loss minus its epoch's mean, over the mean."""
    epochs: dict[int, list[float]] = {}
    for k, v in enumerate(losses):
        epochs.setdefault(k // upe, []).append(v)
    dev = [v - sum(e) / len(e) for e in epochs.values() for v in e]
    return math.sqrt(sum(d * d for d in dev) / len(dev)) / (sum(losses) / len(losses))


def test_noise_is_the_relative_spread_around_each_epochs_mean():
    losses = [0.9, 0.5, 0.8, 0.4, 0.45, 0.2]
    steps = list(range(1, 7))
    assert bs.noise(steps, losses, 2) == pytest.approx(_by_hand(losses, 2))
    assert bs.noise(steps, losses, 1) == 0  # the full batch: one update per epoch
    ramp = [1 - k / 10_000 for k in range(300)]  # a curve falling slowly and steadily barely jumps
    assert bs.noise(range(1, 301), ramp, 300) < 0.01
    assert bs.noise([1], [1.0], 1) is None
    # Only the last NOISE_EPOCHS epochs count.
    assert bs.noise(range(1, 41), [5.0, 0.0] * 10 + [1.0] * 20, 2) == 0


def _runs(client, m, sizes):
    ids = []
    for b in sizes:
        r = client.post("/api/v1/runs?brief=true", json=bs.experiment(m, b, 0.1, 1))
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


def test_view_measures_live_runs(client):
    m = 32
    ids = _runs(client, m, [1, 32])
    for run_id, upe in zip(ids, [32, 1]):
        for _ in range(3):
            client.post(f"/api/v1/runs/{run_id}/step", json={"updates": upe})
    r = client.get(f"{PATH}/data/view", params={"ids": ",".join(ids), "lang": "en"})
    assert r.status_code == 200
    small, full = r.json()["rows"]
    assert (small["batch_size"], small["updates_per_epoch"], small["kilobytes"]) == (1, 32, 0.088)
    assert (full["batch_size"], full["updates_per_epoch"], full["kilobytes"]) == (32, 1, 32 * 0.088)
    assert small["texts"]["epoch"] == "3" and full["texts"]["epoch"] == "3"
    assert small["seconds_per_epoch"] > 0 and full["seconds_per_epoch"] > 0
    assert small["texts"]["seconds_per_epoch"].endswith("\u202fms")
    assert small["texts"]["accuracy"].endswith("\u202f%")
    # One sample per update jumps; the full batch makes one update an epoch and does not.
    assert small["noise"] > 0.1 and full["noise"] == 0
    for row in (small, full):
        assert row["loss"] is not None and math.isfinite(row["loss"])
    plots = r.json()["plots"]
    assert plots["loss"]["layout"]["xaxis"]["title"]["text"] == "epoch"
    assert len(plots["loss"]["data"]) == 2 and len(plots["loss"]["data"][0]["x"]) == 96
    for name, spec in plots.items():
        assert_valid(f"data/view {name}", spec)


def test_seconds_per_epoch_is_seconds_per_update_times_updates():
    run = Run(Experiment.model_validate(bs.experiment(64, 4, 0.1, 1)))
    run.train(16)
    row = bs.measure(run)
    assert row["seconds_per_epoch"] == pytest.approx(run.seconds_per_update * 16)


def test_view_rejects_unknown_runs_other_runs_and_bad_lists(client):
    assert client.get(f"{PATH}/data/view", params={"ids": "nope"}).status_code == 404
    assert client.get(f"{PATH}/data/view", params={"ids": ""}).status_code == 422
    assert client.get(f"{PATH}/data/view", params={"ids": ",".join(["a"] * 10)}).status_code == 422
    other = client.post("/api/v1/runs?brief=true", json={"dataset": "iris"}).json()["id"]
    assert client.get(f"{PATH}/data/view", params={"ids": other}).status_code == 409  # as every lesson run view answers


def test_overfit_view_reads_training_and_validation(client):
    ids = []
    for exp in (bs.overfit_experiment(b, 1) for b in bs.OVERFIT_SIZES):
        ids.append(client.post("/api/v1/runs?brief=true", json=exp).json()["id"])
        client.post(f"/api/v1/runs/{ids[-1]}/step", json={"updates": 20})
    r = client.get(f"{PATH}/data/overfit", params={"ids": ",".join(ids), "lang": "en"})
    assert r.status_code == 200
    rows = r.json()["rows"]
    assert [row["batch_size"] for row in rows] == [1, 120] and all(row["step"] == 20 for row in rows)
    for row in rows:
        assert row["texts"]["gap"] == number(float(f"{row['val_loss'] - row['loss']:.3g}"))


@pytest.mark.parametrize(("params", "field", "words"), [
    ({"lr": "-1"}, "lr", "0.00001"),
    ({"lr": "x"}, "lr", "not a number"),
    ({"epochs": "1.5"}, "epochs", "whole number"),
    ({"epochs": "201"}, "epochs", "200"),
    ({"m": "100"}, "m", "32, 64, 128, 256"),
])
def test_bad_settings_get_a_message_and_keep_the_runs(client, params, field, words):
    r = client.get(PATH, params={"lang": "en", **params}, headers=HX)
    assert r.status_code == 200
    soup = soup_of(r)
    assert words in soup.select_one(f"#err-{field}").text
    assert soup.select_one("#bs-config") is None and soup.select_one("#bs-table") is None
    assert "HX-Replace-Url" not in r.headers


def test_good_settings_send_a_new_table_config_and_empty_plots(client):
    r = client.get(PATH, params={"m": "64", "lr": "0,3", "epochs": "5"}, headers=HX)
    soup = soup_of(r)
    assert [int(tr["data-bs-row"]) for tr in soup.select("[data-bs-row]")] == [1, 2, 4, 8, 16, 32, 64]
    config = json.loads(soup.select_one("#bs-config script").string)
    assert config["epochs"] == 5 and config["runs"][0]["experiment"]["optimizer"]["lr"] == 0.3
    assert "m=64" in r.headers["HX-Replace-Url"] and "lr=0.3" in r.headers["HX-Replace-Url"]
    found = figures_in(r.text)
    assert {where for where, _ in found} == {"bs-loss-spec", "bs-measures-spec"}
    for where, spec in found:
        assert_valid(where, spec)


def test_full_page_with_bad_m_shows_the_message_in_polish(client):
    soup = soup_of(client.get(PATH, params={"m": "7", "lang": "pl"}))
    assert "Wybierz" in soup.select_one("#err-m").text


def test_state_round_trips_through_its_document(client):
    doc = client.get(PATH + "/state.json", params={"m": "32", "lr": "0,05", "seed": "7"}).json()
    assert doc["state"] == {"m": 32, "lr": 0.05, "epochs": 20, "seed": 7}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_plot_has_axis_titles(client, lang):
    soup = soup_of(client.get(PATH, params={"lang": lang}))
    for el in soup.select("[data-plot]"):
        layout = json.loads(el.select_one("script").string)["layout"]
        for key, axis in layout.items():
            if key.startswith(("xaxis", "yaxis")):
                assert axis["title"]["text"], key


@pytest.mark.parametrize(("shown", "resent"), [("/lessons/batch-size?m=256&lr=0.1", False),
                                               ("/lessons/batch-size?lr=0.1", False),  # m: the default, 256
                                               ("/lessons/batch-size?m=64", True), (None, True)])
def test_the_table_and_plots_come_again_only_when_m_changed(client, shown, resent):
    headers = {**HX, **({"HX-Current-URL": "http://testserver" + shown} if shown else {})}
    soup = soup_of(client.get(PATH, params={"m": "256", "lr": "0.3"}, headers=headers))
    assert (soup.select_one("#bs-table") is not None) == resent
    assert (soup.select_one("#bs-loss-spec") is not None) == resent
    assert json.loads(soup.select_one("#bs-config script").string)["runs"][0]["experiment"]["optimizer"]["lr"] == 0.3
