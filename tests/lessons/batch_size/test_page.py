"""Lesson 4, /lessons/batch-size, through HTTP: the lecture's sizes, the table known before training, the live
measurements of real runs, bad input.

Expected values come from the lecture (slides 24-26) or are computed here by hand (ceil(m/B), B x widths x 8,
the standard deviation of successive differences with the statistics module)."""

from __future__ import annotations

import json
import math
import statistics

import pytest

from app.services import batch_size as bs
from tests.page_helpers import HX, soup_of

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


@pytest.mark.parametrize("m", [32, 256])
def test_updates_per_epoch_and_batch_memory_before_training(client, m):
    soup = soup_of(client.get(PATH, params={"m": m}))
    widths = 2 + 8 + 1  # inputs x1, x2; 8 hidden units; 1 output
    for tr in soup.select("[data-bs-row]"):
        b = int(tr["data-bs-row"])
        assert tr.select_one('[data-bs="updates_per_epoch"]').text == str(math.ceil(m / b))
        assert tr.select_one('[data-bs="batch_bytes"]').text == str(b * widths * 8)
    assert int(soup.select("[data-bs-row]")[-1]["data-bs-row"]) == m


def test_config_has_one_run_per_size_on_the_same_data_and_weights(page):
    config = json.loads(page.select_one("#bs-config script").string)
    exps = [r["experiment"] for r in config["runs"]]
    assert [e["batch_size"] for e in exps] == [1, 2, 4, 8, 16, 32, 64, 128, 256]
    for e in exps:
        assert (e["dataset"], e["n"], e["val"], e["test"], e["seed"]) == ("circle", 256, 0, 0, 1)
        assert e["optimizer"] == exps[0]["optimizer"]
    assert config["epochs"] == 20


def test_noise_is_the_std_of_successive_differences():
    losses = [0.9, 0.5, 0.8, 0.4, 0.45, 0.2]
    diffs = [b - a for a, b in zip(losses, losses[1:])]
    assert bs.noise(losses) == pytest.approx(statistics.pstdev(diffs))
    assert bs.noise(list(range(300)), window=100) == pytest.approx(0)  # a straight line has no noise
    assert bs.noise([1.0, 2.0]) is None


def _runs(client, m, sizes):
    ids = []
    for b in sizes:
        r = client.post("/api/v1/runs", json=bs.experiment(m, b, 0.1, 1))
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


def test_view_measures_live_runs(client):
    m = 32
    ids = _runs(client, m, [1, 32])
    for run_id, upe in zip(ids, [32, 1]):
        for _ in range(3):
            client.post(f"/api/v1/runs/{run_id}/step", json={"updates": upe})
    r = client.get(f"{PATH}/view", params={"ids": ",".join(ids), "lang": "en"})
    assert r.status_code == 200
    small, full = r.json()["rows"]
    assert (small["batch_size"], small["updates_per_epoch"], small["batch_bytes"]) == (1, 32, 88)
    assert (full["batch_size"], full["updates_per_epoch"], full["batch_bytes"]) == (32, 1, 32 * 88)
    assert small["texts"]["epoch"] == "3" and full["texts"]["epoch"] == "3"
    assert small["seconds_per_epoch"] > 0 and full["seconds_per_epoch"] > 0
    # One sample per update jumps; three full-batch updates barely move.
    assert small["noise"] > 5 * full["noise"]
    for row in (small, full):
        assert row["loss"] is not None and math.isfinite(row["loss"])
    plots = r.json()["plots"]
    assert plots["loss"]["layout"]["xaxis"]["title"]["text"] == "epoch"
    assert len(plots["loss"]["data"]) == 2 and len(plots["loss"]["data"][0]["x"]) == 96


def test_seconds_per_epoch_is_seconds_per_update_times_updates(client):
    from app.runs.experiment import Experiment
    from app.runs.run import Run
    run = Run(Experiment.model_validate(bs.experiment(64, 4, 0.1, 1)))
    run.train(16)
    row = bs.measure(run)
    assert row["seconds_per_epoch"] == pytest.approx(run.seconds_per_update * 16)


def test_view_rejects_unknown_runs_and_empty_lists(client):
    assert client.get(f"{PATH}/view", params={"ids": "nope"}).status_code == 404
    assert client.get(f"{PATH}/view", params={"ids": ""}).status_code == 422


@pytest.mark.parametrize(("params", "field", "words"), [
    ({"lr": "-1"}, "lr", "0.00001"),
    ({"lr": "x"}, "lr", "not a number"),
    ({"epochs": "1.5"}, "epochs", "whole number"),
    ({"epochs": "201"}, "epochs", "200"),
    ({"m": "100"}, "m", "32, 64, 128, 256"),
])
def test_bad_settings_get_a_message_and_keep_the_runs(client, params, field, words):
    r = client.get(f"{PATH}/settings", params={"lang": "en", **params}, headers=HX)
    assert r.status_code == 200
    soup = soup_of(r)
    assert words in soup.select_one(f"#err-{field}").text
    assert soup.select_one("#bs-config") is None and soup.select_one("#bs-table") is None


def test_good_settings_send_a_new_table_and_config(client):
    r = client.get(f"{PATH}/settings", params={"m": "64", "lr": "0,3", "epochs": "5"}, headers=HX)
    soup = soup_of(r)
    assert [int(tr["data-bs-row"]) for tr in soup.select("[data-bs-row]")] == [1, 2, 4, 8, 16, 32, 64]
    config = json.loads(soup.select_one("#bs-config script").string)
    assert config["epochs"] == 5 and config["runs"][0]["experiment"]["optimizer"]["lr"] == 0.3
    assert "m=64" in r.headers["HX-Replace-Url"]


def test_full_page_with_bad_m_shows_the_message_in_polish(client):
    soup = soup_of(client.get(PATH, params={"m": "7", "lang": "pl"}))
    assert "Wybierz" in soup.select_one("#err-m").text


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_plot_has_axis_titles(client, lang):
    soup = soup_of(client.get(PATH, params={"lang": lang}))
    for el in soup.select("[data-plot]"):
        layout = json.loads(el.select_one("script").string)["layout"]
        for key, axis in layout.items():
            if key.startswith(("xaxis", "yaxis")):
                assert axis["title"]["text"], key
