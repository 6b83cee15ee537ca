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

from app.lessons.initialization import maths as ini
from app.runs.experiment import Experiment
from tests.page_helpers import HX, MINUS, _no_cookies, num, page_getter, plot, soup_of, symbol  # noqa: F401
from tests.test_plotly_schema import assert_valid, figures_in

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
    ("act", "softmax", ()), ("w_a", "nan", (f"{MINUS}100", "100")), ("seed", "4294967296", ("4\u202f294\u202f967\u202f295",)),
])
def test_bad_input_gets_a_message_beside_its_field_and_changes_no_result(client, field, value, words):
    r = get(client, HX, lang="en", **{field: value})
    assert r.status_code == 200
    soup = soup_of(r)
    message = soup.select_one(f"#err-{field}").get_text(strip=True)
    assert message, f"no message for {field}={value!r}"
    for word in words:
        assert word in message
    assert soup.select_one("#init-chain-table") is None and soup.select_one("#init-deep-table") is None
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
    r = client.get(PATH + "/data/experiment?" + urlencode({"layers": 12, "width": 24, "init": init, "act": "relu",
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


def test_experiment_with_bad_fields_answers_422_naming_each_field(client):
    r = client.get(PATH + "/data/experiment?" + urlencode({"layers": 50, "lang": "en", "run_scaling": "cubic"}))
    assert r.status_code == 422
    errors = {e["field"]: e for e in r.json()["detail"]}
    assert errors["layers"]["key"] == "error.field.integer" and errors["layers"]["params"]["max"] == "20"
    assert errors["run_scaling"]["key"] == "error.field.choice" and errors["run_scaling"]["params"]["value"] == "cubic"


@pytest.mark.parametrize("seed", ["²", "9" * 5000, "4294967296", "-1", "1.5"])
def test_experiment_reads_the_run_seed_with_the_contracts_parser(client, seed):
    r = client.get(PATH + "/data/experiment", params={"run_seed": seed})
    assert r.status_code == 422 and [e["field"] for e in r.json()["detail"]] == ["run_seed"]
    ok = client.get(PATH + "/data/experiment", params={"run_seed": "4294967295", "run_scaling": "minmax"})
    assert ok.json()["experiment"]["seed"] == 4294967295 and ok.json()["experiment"]["scaling"] == "minmax"


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


# --- the htmx answer swaps what changed --------------------------------------------------------------------------


def oob_ids(response) -> set[str]:
    return {el["id"] for el in soup_of(response).select("[hx-swap-oob]")} - {"lang-switch", "flash"}


@pytest.mark.parametrize(("change", "regions"), [
    ({"w_a": "3"}, {"init-chain-table", "init-chain-plot-plot-spec"}),
    ({"width": "16"}, {"init-bounds", "init-deep-table", "init-deep-scale-plot-spec", "init-deep-hist-plot-spec",
                       "lesson-playground"}),
    ({"seed": "2"}, {"init-deep-table", "init-deep-scale-plot-spec", "init-deep-hist-plot-spec", "init-config",
                     "lesson-playground"}),
    ({"lr": "0.1"}, {"lesson-playground"}),
])
def test_the_htmx_answer_swaps_only_the_regions_whose_fields_changed(client, change, regions):
    shown = {"HX-Current-URL": "http://testserver" + PATH + "?lang=en"}  # the defaults are on the page
    r = get(client, {**HX, **shown}, **change)
    got = {i for i in oob_ids(r) if not i.startswith("err-") and not i.endswith("-summary")}
    assert got == regions
    for where, spec in figures_in(r.text):
        assert_valid(where, spec)


def test_the_activation_choice_shows_display_names_not_identifiers(client):
    soup = soup_of(get(client, lang="en"))
    options = {o["value"]: o.get_text(strip=True) for o in soup.select("#act option")}
    assert options["leaky_relu"] == "Leaky ReLU" and options["relu"] == "ReLU"


# --- the run views -----------------------------------------------------------------------------------------------


def _run(client, **fields):
    exp = client.get(PATH + "/data/experiment", params=fields).json()["experiment"]
    run_id = client.post("/api/v1/runs?brief=true", json=exp).json()["id"]
    client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 30})
    return run_id


def test_live_view_draws_loss_scale_and_one_histogram_per_hidden_layer(client):
    run_id = _run(client, layers=4, width=8, init="he_normal", act="relu")
    view = client.get(f"{PATH}/runs/{run_id}/live", params={"lang": "en"}).json()
    assert view["step"] == 30 and view["text"]["paused"] == "Paused after 30 updates."
    assert len(view["plots"]["hist"]["data"]) == 4 and len(view["plots"]["scale"]["data"][0]["x"]) == 4
    assert len(view["plots"]["loss"]["data"][0]["x"]) == 30
    for name, spec in view["plots"].items():
        assert_valid(f"live {name}", spec)


def test_seed_and_scaling_views_give_a_trace_and_texts(client):
    run_id = _run(client, layers=3, width=8, init="xavier_normal", run_seed=7, run_scaling="minmax")
    seed = client.get(f"{PATH}/runs/{run_id}/seed", params={"lang": "pl"}).json()
    assert seed["trace"]["name"] == "ziarno 7" and seed["texts"]["seed"] == "7"
    assert seed["texts"]["val_acc"].endswith("\u202f%")
    scaling = client.get(f"{PATH}/runs/{run_id}/scaling", params={"lang": "en"}).json()
    assert scaling["trace"]["name"] == "normalization (min–max)"
    spec = plot(soup_of(get(client, lang="en")), "seeds")
    assert_valid("seeds", {**spec, "data": [seed["trace"], scaling["trace"]]})


def test_run_views_refuse_runs_of_other_lessons(client):
    other = client.post("/api/v1/runs?brief=true", json={"dataset": "circle"}).json()["id"]
    assert client.get(f"{PATH}/runs/{other}/live").status_code == 409
    assert client.get(f"{PATH}/runs/nope/live").status_code == 404


def test_seeds_of_section_5_are_the_pages_and_the_next_four(client):
    assert ini.seeds(1) == [1, 2, 3, 4, 5]
    assert ini.seeds(ini.SEED_MAX) == list(range(ini.SEED_MAX - 4, ini.SEED_MAX + 1))
    soup = soup_of(get(client, seed=9))
    import json

    assert json.loads(soup.select_one("#init-config script").string)["seeds"] == [9, 10, 11, 12, 13]
