"""Lesson 5, /lessons/initialization, through HTTP: the lecture's chains, recomputation, the deep network at
initialization, the initializer bounds, bad input, the live runs' Experiment, both languages.

Expected numbers come from the lecture (slides 27-29) or from plain Python / NumPy written here, independent of
nnlib and of the app.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

import numpy as np
import pytest

from app.runs.experiment import Experiment
from tests.page_helpers import HX, MINUS, _no_cookies, num, page_getter, soup_of, symbol  # noqa: F401

PATH = "/lessons/initialization"
get = page_getter(PATH)


def by_hand(w: float, b: float, depth: int, x: float) -> dict[str, list[float]]:
    """The chain y_i = max(w y_(i-1) + b, 0) and dy_n/dz_i, dy_n/dw_i in plain floats (ReLU'(0) = 0)."""
    ys, zs = [], []
    prev = x
    for _ in range(depth):
        z = w * prev + b
        zs.append(z)
        prev = max(z, 0.0)
        ys.append(prev)
    dz = [0.0] * depth
    g = 1.0  # dy_n / dy_i, from the top
    for i in reversed(range(depth)):
        dz[i] = g * (1.0 if zs[i] > 0 else 0.0)
        g = dz[i] * w
    inputs = [x, *ys[:-1]]
    return {"y": ys, "dz": dz, "dw": [d * a for d, a in zip(dz, inputs)], "dx": g}


# --- the lecture's chains ------------------------------------------------------------------------------------


def test_page_shows_both_lecture_chains_exactly(client):
    soup = soup_of(get(client))
    assert [symbol(soup, f"a.y{i}") for i in range(1, 5)] == ["10", "190", "3790", "75790"]
    assert [symbol(soup, f"b.y{i}") for i in range(1, 5)] == ["0.2", "0.04", "0.008", "0.0016"]
    assert soup.select_one("input#w_a")["value"] == "20" and soup.select_one("input#b_a")["value"] == "-10"
    assert soup.select_one("input#w_b")["value"] == "0.2" and soup.select_one("input#depth")["value"] == "4"


def test_lecture_chain_gradients_match_the_chain_rule(client):
    soup = soup_of(get(client))
    for c, (w, b) in {"a": (20, -10), "b": (0.2, 0)}.items():
        want = by_hand(w, b, 4, 1.0)
        for i in range(4):
            assert num(symbol(soup, f"{c}.dz{i + 1}")) == pytest.approx(want["dz"][i], rel=1e-5)
            assert num(symbol(soup, f"{c}.dw{i + 1}")) == pytest.approx(want["dw"][i], rel=1e-5)
        assert num(symbol(soup, f"{c}.dx")) == pytest.approx(want["dx"], rel=1e-5)
    assert symbol(soup, "a.dx") == "160000"  # 20^4: the exploding gradient
    assert symbol(soup, "b.dx") == "0.0016"  # 0.2^4: the vanishing one


@pytest.mark.parametrize(("w_a", "b_a", "w_b", "b_b", "depth", "x"),
                         [(3, 1, -0.5, 2, 6, 2), (1.5, -0.25, 0.9, 0.01, 20, 0.3), (-2, 5, 0.5, -1, 3, -4)])
def test_chains_recompute_for_new_inputs(client, w_a, b_a, w_b, b_b, depth, x):
    soup = soup_of(get(client, w_a=w_a, b_a=b_a, w_b=w_b, b_b=b_b, depth=depth, x=x))
    for c, (w, b) in {"a": (w_a, b_a), "b": (w_b, b_b)}.items():
        want = by_hand(w, b, depth, x)
        assert len(soup.select(f'table[data-chain="{c}"] tbody tr')) == depth
        for i in range(depth):
            for q in ("y", "dz", "dw"):
                assert num(symbol(soup, f"{c}.{q}{i + 1}")) == pytest.approx(want[q][i], rel=1e-5, abs=1e-12)


def test_chain_plot_has_log_axis_labels_and_one_point_per_layer(client):
    import json

    soup = soup_of(get(client, depth=7, lang="en"))
    spec = json.loads(soup.select_one('[data-plot="chain"] script').string)
    assert spec["layout"]["yaxis"]["type"] == "log"
    assert spec["layout"]["xaxis"]["title"]["text"] and spec["layout"]["yaxis"]["title"]["text"]
    assert all(len(trace["x"]) == 7 for trace in spec["data"])
    values = spec["data"][0]["y"]  # |y_i| of chain A
    assert values[:4] == [10, 190, 3790, 75790]


def test_a_comma_is_a_decimal_separator(client):
    soup = soup_of(get(client, w_b="0,5"))
    assert symbol(soup, "b.y1") == "0.5"


# --- bad input -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "words"), [
    ("depth", "21", ("1", "20")), ("depth", "2.5", ("1", "20")), ("depth", "abc", ("abc",)),
    ("w_a", "1e9", (f"{MINUS}100", "100")), ("x", "", ()), ("layers", "1", ("2", "20")),
    ("width", "65", ("2", "64")), ("lr", "0", ("0.00001", "10")), ("init", "normal_2", ()),
    ("act", "softmax", ()), ("w_a", "nan", ("nan",)),
])
def test_bad_input_gets_a_message_beside_its_field_and_changes_no_result(client, field, value, words):
    r = get(client, HX, lang="en", **{field: value})
    assert r.status_code == 200
    soup = soup_of(r)
    message = soup.select_one(f"#err-{field}").get_text(strip=True)
    assert message, f"no message for {field}={value!r}"
    for word in words:
        assert word in message
    assert soup.select_one("#init-chain-table") is None and soup.select_one("#init-deep-plots") is None
    assert "HX-Replace-Url" not in r.headers
    # The full page keeps the user's text in the field and the lecture's numbers elsewhere.
    page = soup_of(get(client, lang="en", **{field: value}))
    control = page.select_one(f"#{field}")
    if control.name == "input":
        assert control["value"] == value
    assert page.select_one(f"#err-{field}").get_text(strip=True) == message
    assert symbol(page, "a.y4") == "75790"


def test_messages_exist_in_polish_too(client):
    soup = soup_of(get(client, HX, lang="pl", depth="30"))
    assert "liczbę całkowitą" in soup.select_one("#err-depth").get_text()


def test_a_good_htmx_answer_replaces_the_regions_and_the_url(client):
    r = get(client, HX, depth=5)
    assert r.headers["HX-Replace-Url"].startswith(PATH + "?") and "depth=5" in r.headers["HX-Replace-Url"]
    soup = soup_of(r)
    assert soup.select_one("#init-chain-table")["hx-swap-oob"] == "true"
    assert symbol(soup, "a.y5") == "1515790"  # 20 · 75790 − 10


# --- the deep network at initialization --------------------------------------------------------------------


def deep_by_hand(depth, width, init, act, seed):
    """The same network in plain NumPy: weights drawn in layer order from default_rng(seed) as each initializer
    defines them, the probe batch from default_rng(2024); returns per hidden layer std and per layer ||dL/dW||."""
    rng = np.random.default_rng(seed)
    shapes = [(width, width)] * depth + [(1, width)]
    ws = []
    for out, inp in shapes:
        if init == "he_normal":
            ws.append(rng.normal(0.0, math.sqrt(2 / inp), (out, inp)))
        elif init == "xavier_uniform":
            bound = math.sqrt(6 / (inp + out))
            ws.append(rng.uniform(-bound, bound, (out, inp)))
        else:
            raise AssertionError(init)
    probe = np.random.default_rng(2024)
    x = probe.standard_normal((256, width))
    y = probe.standard_normal((256, 1))
    f = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh}[act]
    df = {"relu": lambda z, a: (z > 0).astype(float), "tanh": lambda z, a: 1 - a * a}[act]
    acts, zs, a = [x], [], x
    for i, w in enumerate(ws):
        z = a @ w.T
        zs.append(z)
        a = f(z) if i < depth else z
        acts.append(a)
    g = 2 * (a - y) / a.size
    norms = [0.0] * len(ws)
    for i in reversed(range(len(ws))):
        gz = g if i == depth else g * df(zs[i], acts[i + 1])
        norms[i] = float(np.linalg.norm(gz.T @ acts[i]))
        g = gz @ ws[i]
    return [float(np.std(h)) for h in acts[1:-1]], norms


@pytest.mark.parametrize(("init", "act"), [("he_normal", "relu"), ("xavier_uniform", "tanh")])
def test_deep_network_stats_match_an_independent_numpy_forward_and_backward(client, init, act):
    stds, norms = deep_by_hand(4, 8, init, act, 5)
    soup = soup_of(get(client, layers=4, width=8, init=init, act=act, seed=5))
    for i, s in enumerate(stds):
        assert num(soup.select_one(f'[data-deep-std="{i + 1}"]').get_text()) == pytest.approx(s, rel=1e-5)
    for i, n in enumerate(norms):
        assert num(soup.select_one(f'[data-deep-grad="{i + 1}"]').get_text()) == pytest.approx(n, rel=1e-5)


def layer_stds(soup) -> list[float]:
    return [num(td.get_text()) for td in soup.select("[data-deep-std]")]


def test_small_weights_make_activations_vanish_and_large_ones_explode(client):
    small = layer_stds(soup_of(get(client, layers=10, width=32, init="normal_001", act="tanh")))
    assert len(small) == 10 and all(b < a for a, b in zip(small, small[1:])) and small[-1] < 1e-10
    big = layer_stds(soup_of(get(client, layers=10, width=32, init="normal_1", act="relu")))
    assert all(b > a for a, b in zip(big, big[1:]))
    # N(0, 1) weights with ReLU multiply the mean square by fan_in / 2 = 16 per layer: the std by about 4.
    assert 3 < (big[-1] / big[0]) ** (1 / 9) < 5
    he = layer_stds(soup_of(get(client, layers=10, width=32, init="he_normal", act="relu")))
    assert 0.1 < min(he) and max(he) < 10  # He keeps the scale


def test_histograms_one_per_hidden_layer_with_labelled_axes(client):
    import json

    soup = soup_of(get(client, layers=7, lang="en"))
    spec = json.loads(soup.select_one('[data-plot="deep-hist"] script').string)
    assert len(spec["data"]) == 7
    assert all(abs(sum(tr["y"]) - 1) < 1e-9 for tr in spec["data"])  # fractions of the activations
    titles = [v["title"]["text"] for k, v in spec["layout"].items() if k.startswith(("xaxis", "yaxis")) and "title" in v]
    assert "activation" in titles and "fraction" in titles


def test_he_uniform_bounds_slide_against_standard(client):
    soup = soup_of(get(client, width=32))
    rows = {tr["data-shape"]: tr for tr in soup.select("#init-bounds tr[data-shape]")}

    def cell(shape, name):
        return num(rows[shape].select_one(f'[data-bound="{name}"]').get_text())

    assert cell("first", "he_standard") == pytest.approx(math.sqrt(6 / 4), rel=1e-5)
    assert cell("first", "he_slide") == pytest.approx(math.sqrt(6 / 18), rel=1e-5)  # fan_avg = (4 + 32) / 2
    assert cell("hidden", "he_standard") == cell("hidden", "he_slide") == pytest.approx(math.sqrt(6 / 32), rel=1e-5)
    assert cell("output", "he_slide") == pytest.approx(math.sqrt(6 / 17.5), rel=1e-5)
    assert cell("hidden", "xavier_std") == pytest.approx(math.sqrt(1 / 32), rel=1e-5)
    assert "differs" in rows["first"].select_one('[data-bound="he_slide"]')["class"]


# --- the live runs' Experiment --------------------------------------------------------------------------------


@pytest.mark.parametrize("init", ["normal_001", "normal_1", "xavier_normal", "he_uniform"])
def test_experiment_is_valid_for_the_runs_api_and_trains(client, init):
    r = client.get(PATH + "/experiment?" + urlencode({"layers": 12, "width": 24, "init": init, "act": "relu",
                                                      "scaling": "minmax", "run_seed": 7}))
    exp = r.json()["experiment"]
    model = Experiment.model_validate(exp)
    assert len(model.hidden) == 12 and model.hidden[0].units == 24 and model.seed == 7
    assert model.scaling == "minmax" and model.dataset.value == "iris"
    if init == "normal_1":
        w = np.array(exp["weights"][1]["weight"])
        assert w.shape == (24, 24) and 0.8 < w.std() < 1.2
    created = client.post("/api/v1/runs", json=exp)
    assert created.status_code == 201
    stepped = client.post(f"/api/v1/runs/{created.json()['id']}/step", json={"updates": 5})
    assert stepped.status_code == 200 and stepped.json()["step"] == 5


def test_experiment_with_bad_fields_answers_messages_not_an_error_status(client):
    r = client.get(PATH + "/experiment?" + urlencode({"layers": 50, "lang": "en", "run_scaling": "cubic"}))
    assert r.status_code == 200
    errors = r.json()["errors"]
    assert "20" in errors["layers"] and errors["scaling"]


def test_playground_link_carries_the_setup(client):
    soup = soup_of(get(client, layers=3, width=8, act="relu", init="he_normal"))
    href = soup.select_one("#lesson-playground")["href"]
    assert href.startswith("/playground?") and "hidden=8-relu%2C8-relu%2C8-relu" in href and "init=he_normal" in href
    assert client.get(href).status_code == 200


# --- languages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "heading"), [("pl", "Łańcuch neuronów"), ("en", "A chain of neurons")])
def test_page_in_both_languages(client, lang, heading):
    soup = soup_of(get(client, lang=lang))
    assert heading in soup.select_one("#init-chains-heading").get_text()
    assert soup.select_one("html")["lang"] == lang
