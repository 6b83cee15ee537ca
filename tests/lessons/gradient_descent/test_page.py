"""Lesson 2, /lessons/gradient-descent, through HTTP: the lecture's numbers, the three runs' set-up, the
minibatch-vs-full gradient of a live run, the hazard surface, bad input.

Expected numbers come from the lecture (slides 6-13) or from plain-Python computations below (the L1 network
written out by hand, gradients by central finite differences, descent loops written out), independent of nnlib.
"""

from __future__ import annotations

import math
import statistics

import pytest
from bs4 import BeautifulSoup

from app.lessons.gradient_descent import hazard as hz
from app.lessons.gradient_descent import runs as gd
from nnlib import data
from tests.page_helpers import HX, MINUS, soup_of

PATH = "/lessons/gradient-descent"
LECTURE = {"w111": 20.0, "b11": -10.0, "w121": 40.0, "b12": -200.0, "w211": 1.0, "w212": -1.0, "b21": 0.0}


def relu(z: float) -> float:
    return z if z > 0 else 0.0


def net(p: dict, x: float) -> float:
    """The lecture's 1-2-1 ReLU network, by hand."""
    y11 = relu(p["w111"] * x + p["b11"])
    y12 = relu(p["w121"] * x + p["b12"])
    return relu(p["w211"] * y11 + p["w212"] * y12 + p["b21"])


def mse(p: dict, xs, ys) -> float:
    return sum((y - net(p, x)) ** 2 for x, y in zip(xs, ys, strict=True)) / len(xs)


def numeric_grad(p: dict, xs, ys, h: float = 1e-6) -> list[float]:
    """dL/dp by central differences, in the order of the lecture's parameters."""
    out = []
    for name in LECTURE:
        hi, lo = dict(p), dict(p)
        hi[name] += h
        lo[name] -= h
        out.append((mse(hi, xs, ys) - mse(lo, xs, ys)) / (2 * h))
    return out


def params_of(network: dict) -> dict:
    (l1, l2) = [layer for layer in network["layers"] if layer.get("type", "dense") == "dense"]
    return {"w111": l1["weight"][0][0], "w121": l1["weight"][1][0], "b11": l1["bias"][0], "b12": l1["bias"][1],
            "w211": l2["weight"][0][0], "w212": l2["weight"][0][1], "b21": l2["bias"][0]}


def num(text: str) -> float:
    return float(text.strip().replace(MINUS, "-").rstrip("°"))


@pytest.fixture(scope="module")
def page(client):
    r = client.get(PATH, params={"lang": "en"})
    assert r.status_code == 200
    return soup_of(r)


def test_the_lecture_sample_shows_70_and_loss_25(page):
    row = page.select_one("tr.lecture-sample")
    i = row["data-sample"]
    assert num(page.select_one(f'[data-sample-x="{i}"]').text) == 4
    assert num(page.select_one(f'[data-sample-y="{i}"]').text) == 75
    assert page.select_one(f'[data-sample-out="{i}"]').text == "70"
    assert page.select_one(f'[data-sample-loss="{i}"]').text == "25"


def test_start_loss_is_the_mean_over_the_12_samples(page):
    ds = data.fruit()
    xs, ys = ds.x[:, 0].tolist(), ds.y.tolist()
    assert len(xs) == 12
    expected = mse(LECTURE, xs, ys)
    assert num(page.select_one('[data-symbol="start-loss"]').text) == pytest.approx(expected, rel=1e-5)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True), start=1):
        assert num(page.select_one(f'[data-sample-out="{i}"]').text) == pytest.approx(net(LECTURE, x))
        assert num(page.select_one(f'[data-sample-loss="{i}"]').text) == pytest.approx((y - net(LECTURE, x)) ** 2)


@pytest.mark.parametrize(("mode", "size", "updates"), [("batch", 12, 1), ("stochastic", 1, 12), ("minibatch", 4, 3)])
def test_modes_table_has_the_lecture_sizes_and_updates_per_epoch(page, mode, size, updates):
    assert page.select_one(f'[data-modes-size="{mode}"]').text == str(size)
    assert page.select_one(f'[data-modes-updates="{mode}"]').text == str(updates)
    card = page.select_one(f'[data-gd-card="{mode}"]')
    assert card.select_one('[data-gd="batch_size"]').text == str(size)
    assert card.select_one('[data-gd="updates_per_epoch"]').text == str(updates)


def test_run_config_starts_all_three_runs_from_the_lecture_weights(page):
    import json
    config = json.loads(page.select_one("#gd-config script").string)
    assert [r["batch_size"] for r in config["runs"]] == [12, 1, 4]
    assert [r["speed"] for r in config["runs"]] == [1, 12, 3]  # one epoch per frame for each run
    for r in config["runs"]:
        exp = r["experiment"]
        assert exp["dataset"] == "fruit" and exp["val"] == 0 and exp["test"] == 0
        assert exp["output_activation"] == "relu" and exp["loss"] == "mse" and exp["optimizer"]["name"] == "sgd"
        assert exp["weights"] == [{"weight": [[20.0], [40.0]], "bias": [-10.0, -200.0]},
                                  {"weight": [[1.0, -1.0]], "bias": [0.0]}]


def test_page_has_the_update_rule_and_a_playground_link(page):
    assert page.select_one("#gd-update-formula math") is not None
    assert page.select_one("#lesson-playground")["href"].startswith("/playground?dataset=fruit")


# ---------------------------------------------------------------- live runs: the card view

def _create(client, batch_size: int, lr: float = 2e-5) -> str:
    exp = gd.experiment(batch_size, lr, True, 3)
    r = client.post("/api/v1/runs", json=exp)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_view_compares_the_minibatch_gradient_with_the_full_gradient(client):
    run_id = _create(client, 4)
    state = client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 2}).json()
    view = client.get(f"{PATH}/runs/{run_id}/view", params={"lang": "en"}).json()
    p = params_of(state["network"])
    xs, ys = state["points"]["train"]["x"], state["points"]["train"]["y"]
    g_full = numeric_grad(p, xs, ys)
    batch = view["batch"]
    assert len(batch) == 4 and len(set(batch)) == 4
    g_mini = numeric_grad(p, [xs[i] for i in batch], [ys[i] for i in batch])
    n_full, n_mini = math.hypot(*g_full), math.hypot(*g_mini)
    cos = sum(a * b for a, b in zip(g_full, g_mini, strict=True)) / (n_full * n_mini)
    assert view["full_norm"] == pytest.approx(n_full, rel=1e-4)
    assert view["mini_norm"] == pytest.approx(n_mini, rel=1e-4)
    assert view["angle"] == pytest.approx(math.degrees(math.acos(cos)), abs=1e-2)
    assert view["full_loss"] == pytest.approx(mse(p, xs, ys), rel=1e-9)
    assert view["step"] == 2 and view["updates_per_epoch"] == 3
    # The samples named on the card are the fruit set's numbers of the batch's x values.
    fruit_x = data.fruit().x[:, 0].tolist()
    assert view["samples"] == sorted(fruit_x.index(xs[i]) + 1 for i in batch)


def test_full_batch_gradient_is_the_full_gradient_angle_zero(client):
    run_id = _create(client, 12)
    client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 1})
    view = client.get(f"{PATH}/runs/{run_id}/view").json()
    assert sorted(view["batch"]) == list(range(12))
    assert view["mini_norm"] == pytest.approx(view["full_norm"])
    assert view["angle"] == pytest.approx(0, abs=1e-3)
    assert view["texts"]["angle"] == "0°"


def test_epoch_loss_is_the_mean_of_an_epochs_batch_losses(client):
    run_id = _create(client, 1)
    state = client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 25}).json()
    view = client.get(f"{PATH}/runs/{run_id}/view").json()
    losses = state["history"]["loss"]
    assert view["epochs"] == [1, 2]  # update 25 starts epoch 3, not finished
    assert view["epoch_loss"] == pytest.approx([statistics.fmean(losses[:12]), statistics.fmean(losses[12:24])])


def test_the_lectures_typical_lr_kills_the_output_neuron(client):
    ds = data.fruit()
    run_id = _create(client, 12, lr=0.001)
    client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 30})
    view = client.get(f"{PATH}/runs/{run_id}/view", params={"lang": "en"}).json()
    assert view["dead"] is True and view["full_norm"] == 0
    assert view["full_loss"] == pytest.approx(sum(y * y for y in ds.y) / 12)  # output 0 for every sample
    assert "died" in view["texts"]["status"]


def test_our_default_lr_lowers_the_full_batch_loss(client):
    run_id = _create(client, 12)
    client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 50})
    view = client.get(f"{PATH}/runs/{run_id}/view").json()
    ds = data.fruit()
    assert view["dead"] is False
    assert view["full_loss"] < mse(LECTURE, ds.x[:, 0].tolist(), ds.y.tolist())


def test_view_of_an_unknown_run_is_404(client):
    assert client.get(f"{PATH}/runs/nope/view").status_code == 404


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize(("params", "field", "words"), [
    ({"lr": "abc"}, "lr", "not a number"),
    ({"lr": "0"}, "lr", "0.00001"),
    ({"lr": "11"}, "lr", "10"),
    ({"mb": "13"}, "mb", "12"),
    ({"mb": "2.5"}, "mb", "whole number"),
    ({"seed": ""}, "seed", "Enter a number"),
])
def test_bad_run_settings_get_a_message_and_keep_the_runs(client, params, field, words):
    r = client.get(f"{PATH}/settings", params={"lang": "en", **params}, headers=HX)
    assert r.status_code == 200
    soup = BeautifulSoup(r.text, "html.parser")
    assert words in soup.select_one(f"#err-{field}").text
    assert soup.select_one("#gd-config") is None  # the runs are not restarted
    assert "HX-Replace-Url" not in r.headers


def test_good_settings_send_a_new_config(client):
    r = client.get(f"{PATH}/settings", params={"lr": "0,00005", "mb": "6", "shuffle": "0"}, headers=HX)
    import json
    config = json.loads(BeautifulSoup(r.text, "html.parser").select_one("#gd-config script").string)
    assert [c["batch_size"] for c in config["runs"]] == [12, 1, 6]
    assert config["runs"][2]["updates_per_epoch"] == 2
    assert config["runs"][0]["experiment"]["optimizer"]["lr"] == 5e-5
    assert config["runs"][0]["experiment"]["shuffle"] is False
    assert "lr=0.00005" in r.headers["HX-Replace-Url"]


@pytest.mark.parametrize(("params", "field"), [({"x0": "5"}, "x0"), ({"hlr": "0"}, "hlr"), ({"steps": "0"}, "steps"),
                                               ({"mu": "1"}, "mu"), ({"y0": "nan"}, "y0")])
def test_bad_hazard_input_gets_a_message_and_keeps_the_surface(client, params, field):
    r = client.get(f"{PATH}/hazard", params={"lang": "en", **params}, headers=HX)
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.select_one(f"#err-{field}").text.strip() != ""
    assert soup.select_one("#gd-hz-surface") is None


def test_a_bad_field_in_the_full_page_shows_its_message(client):
    soup = BeautifulSoup(client.get(PATH, params={"lang": "pl", "mb": "0"}).text, "html.parser")
    assert "od 1 do 12" in soup.select_one("#err-mb").text
    assert soup.select_one("#mb")["value"] == "0"


# ---------------------------------------------------------------- the hazard surface

def f(w1, w2):
    return (w1 * w1 - 1) ** 2 + 0.3 * w1 + w2 * w2


def grad_f(w1, w2, h=1e-6):
    return ((f(w1 + h, w2) - f(w1 - h, w2)) / (2 * h), (f(w1, w2 + h) - f(w1, w2 - h)) / (2 * h))


def test_critical_points_have_zero_gradient_and_the_right_kind():
    cps = hz.critical_points()
    for w in cps.values():
        assert math.hypot(*grad_f(*w)) < 1e-6
    # Second differences along w1: minima curve up, the saddle curves down; the global one is the lowest.
    h = 1e-3
    curv = {k: (f(w[0] + h, 0) - 2 * f(w[0], 0) + f(w[0] - h, 0)) / h**2 for k, w in cps.items()}
    assert curv["global"] > 0 and curv["local"] > 0 and curv["saddle"] < 0
    assert f(*cps["global"]) < f(*cps["local"]) < f(*cps["saddle"])


def plain_descent(x, y, lr, steps, mu=0.0):
    vx = vy = 0.0
    for _ in range(steps):
        gx, gy = grad_f(x, y)
        vx, vy = mu * vx - lr * gx, mu * vy - lr * gy
        x, y = x + vx, y + vy
    return x, y


@pytest.mark.parametrize(("opt", "mu", "start", "outcome"), [
    ("sgd", 0.0, (0.08, 1.8), "local"),  # slides onto the saddle, then into the local minimum
    ("sgd", 0.0, (-1.5, 1.0), "global"),
    ("momentum", 0.9, (1.9, 1.8), "global"),  # speed carries it over the hump
])
def test_descent_matches_a_plain_loop_and_ends_where_the_maths_says(client, opt, mu, start, outcome):
    params = {"x0": start[0], "y0": start[1], "hlr": 0.05, "steps": 200, "opt": opt, "mu": mu, "lang": "en"}
    r = client.get(f"{PATH}/hazard", params=params, headers=HX)
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.select_one("#gd-hz-summary")["data-outcome"] == outcome
    d = hz.descend(start[0], start[1], opt, 0.05, mu, 200)
    x, y = plain_descent(start[0], start[1], 0.05, 200, mu)
    assert d.end == pytest.approx((x, y), abs=1e-5)


def test_start_exactly_on_the_saddle_line_stalls_on_the_saddle():
    s = hz.critical_points()["saddle"]
    d = hz.descend(s[0], 1.5, "sgd", 0.05, 0.0, 200)
    assert d.outcome == "saddle"
    assert d.grad_norm[-1] < 1e-6


def test_too_large_a_step_diverges_and_says_so(client):
    r = client.get(f"{PATH}/hazard", params={"hlr": "1.5", "steps": "100", "lang": "en"}, headers=HX)
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.select_one("#gd-hz-summary")["data-outcome"] == "diverged"
    summary = soup.select_one("#gd-hz-summary").text.lower()
    assert "nan" not in summary and "inf" not in summary


def test_hazard_answer_sets_the_url_with_both_forms(client):
    r = client.get(f"{PATH}/hazard", params={"x0": "1", "y0": "-1", "lr": "0.00003"}, headers=HX)
    url = r.headers["HX-Replace-Url"]
    assert "x0=1" in url and "y0=-1" in url and "lr=0.00003" in url


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_plot_has_axis_titles(client, lang):
    import json
    soup = BeautifulSoup(client.get(PATH, params={"lang": lang}).text, "html.parser")
    plots = soup.select("[data-plot]")
    assert len(plots) >= 7
    for el in plots:
        layout = json.loads(el.select_one("script").string)["layout"]
        assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"]
