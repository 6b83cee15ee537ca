"""Lesson 11, /lessons/convolutional, through HTTP: the workbench's state (round trip, bounds, the cross-field
rule), its numbers against a plain-Python convolution written out below, the htmx answer (only what changed), the
preset kernels, and the LeNet run view (its figures valid Plotly)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.lessons.convolutional import PAGE
from app.lessons.convolutional.maths import IMAGES, KERNELS, image
from app.lessons.convolutional.state import FIELDS, ConvState
from tests.page_helpers import HX, _no_cookies, page_getter, plot, soup_of  # noqa: F401
from tests.test_plotly_schema import assert_valid, figures_in

get = page_getter("/lessons/convolutional")


def conv2d(x, w, stride, padding):
    """Cross-correlation written out with loops, independent of nnlib: x (n, n), w (3, 3)."""
    xp = np.pad(x, padding)
    n = (len(xp) - 3) // stride + 1
    return np.array([[sum(w[u][v] * xp[i * stride + u, j * stride + v] for u in range(3) for v in range(3))
                      for j in range(n)] for i in range(n)])


def heat(soup, name):
    return np.array(plot(soup, name)["data"][0]["z"], dtype=float)


def test_default_page_shows_the_sobel_x_map_of_digit_3_with_its_sizes(client):
    soup = soup_of(get(client, lang="en"))
    assert soup.select_one("#conv-w11")["value"] == "-1" and soup.select_one("#conv-w13")["value"] == "1"
    assert soup.select_one("#conv-image option[selected]")["value"] == "3"
    out = soup.select_one("#conv-out")
    assert (out["data-out"], out["data-pooled"]) == ("8", "4")
    expected = conv2d(image("3"), KERNELS["sobel_x"], 1, 1)
    assert heat(soup, "feature") == pytest.approx(expected, abs=1e-5)
    pooled = expected.reshape(4, 2, 4, 2).max(axis=(1, 3))
    assert heat(soup, "pooled") == pytest.approx(pooled, abs=1e-5)


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 2])
def test_the_output_size_follows_the_formula_and_the_map(client, stride, padding):
    soup = soup_of(get(client, stride=stride, padding=padding, pool=1, image="square"))
    side = (8 + 2 * padding - 3) // stride + 1
    assert soup.select_one("#conv-out")["data-out"] == str(side)
    expected = conv2d(image("square"), KERNELS["sobel_x"], stride, padding)
    assert heat(soup, "feature").shape == (side, side)
    assert heat(soup, "feature") == pytest.approx(expected, abs=1e-5)


def test_average_pooling_takes_the_mean(client):
    soup = soup_of(get(client, pool_kind="avg", pool=2, padding=1, image="7"))
    fm = conv2d(image("7"), KERNELS["sobel_x"], 1, 1)
    assert heat(soup, "pooled") == pytest.approx(fm.reshape(4, 2, 4, 2).mean(axis=(1, 3)), abs=1e-5)


def test_state_round_trips_through_query_and_document():
    state = ConvState(image="vertical", w11=0.5, w22=-2.25, stride=2, padding=0, pool=3, pool_kind="avg")
    parsed = ConvState.parse(dict(state.query()))
    assert parsed.ok and parsed.state == state
    assert ConvState.from_document(json.loads(json.dumps(state.document("convolutional"))), "convolutional") == state
    assert [name for name, _ in state.query()] == list(FIELDS)


def test_state_json_answers_the_document(client):
    r = client.get("/lessons/convolutional/state.json", params={"stride": "2", "w12": "0,5"})
    assert r.status_code == 200
    assert r.json()["state"]["stride"] == 2 and r.json()["state"]["w12"] == 0.5


BAD = [("w11", "10.5", "error.field.range"), ("w33", "-11", "error.field.range"), ("w21", "abc", "error.field.not_number"),
       ("w22", "", "error.field.empty"), ("w12", "inf", "error.field.range"), ("stride", "0", "error.field.range"),
       ("stride", "4", "error.field.range"), ("stride", "1.5", "error.field.integer"), ("padding", "-1", "error.field.range"),
       ("padding", "3", "error.field.range"), ("pool", "0", "error.field.range"), ("pool", "5", "error.field.range"),
       ("image", "11", "error.field.choice"), ("pool_kind", "min", "error.field.choice")]


@pytest.mark.parametrize(("field", "text", "key"), BAD)
def test_every_bound_gives_a_message_beside_its_field_and_keeps_the_last_good_state(client, field, text, key):
    parsed = PAGE.handle({field: text})
    assert parsed.errors[field].key == key
    soup = soup_of(get(client, headers=HX, lang="en", **{field: text}))
    assert soup.select_one(f"#conv-err-{field}").get_text(strip=True)  # the message, beside the field
    assert soup.select_one('[data-plot="feature"], script[data-plot-spec="feature"]') is None  # maps kept
    whole = soup_of(get(client, lang="en", **{field: text}))
    assert whole.select_one(f"#conv-err-{field}").get_text(strip=True)
    assert "invalid" in whole.select_one(f"#conv-field-{field}")["class"]


def test_a_pool_larger_than_the_feature_map_is_refused_naming_the_map(client):
    soup = soup_of(get(client, headers=HX, lang="en", stride=3, padding=0, pool=3))  # map 2 x 2
    assert "(2 × 2)" in soup.select_one("#conv-err-pool").get_text()
    assert PAGE.handle({"stride": "3", "padding": "0", "pool": "3"}).errors["pool"].key == "conv.error.pool"


def test_a_decimal_comma_reads_as_a_point(client):
    assert PAGE.handle({"w11": "0,05"}).state.w11 == 0.05


def test_the_htmx_answer_swaps_only_what_changed(client):
    shown = "&".join(f"{k}={v}" for k, v in ConvState().query())
    soup = soup_of(get(client, headers=HX, w11="2", shown=shown))
    ids = {el.get("id") for el in soup.select("[hx-swap-oob]")}
    assert {"conv-feature-spec", "conv-pooled-spec", "conv-shown"} <= ids
    assert not ids & {"conv-input-spec", "conv-fields", "conv-size"}  # same image and sizes; the fields stay
    soup = soup_of(get(client, headers=HX, stride="2", shown=shown))
    assert "conv-size" in {el.get("id") for el in soup.select("[hx-swap-oob]")}
    soup = soup_of(get(client, headers=HX, image="vertical", shown=shown))
    assert "conv-input-spec" in {el.get("id") for el in soup.select("[hx-swap-oob]")}


@pytest.mark.parametrize("preset", sorted(KERNELS))
def test_each_preset_sets_its_kernel_and_keeps_the_other_fields(client, preset):
    soup = soup_of(get(client, headers=HX, action=preset, stride=2, image="5"))
    values = [float(soup.select_one(f"#conv-w{i}{j}")["value"]) for i in (1, 2, 3) for j in (1, 2, 3)]
    assert values == [float(v) for row in KERNELS[preset] for v in row]
    assert soup.select_one("#conv-stride")["value"] == "2"
    assert soup.select_one("#conv-image option[selected]")["value"] == "5"


def test_reset_brings_back_the_defaults(client):
    soup = soup_of(get(client, headers=HX, action="reset", stride=2, w11="3"))
    assert soup.select_one("#conv-stride")["value"] == "1" and soup.select_one("#conv-w11")["value"] == "-1"


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_figure_of_the_page_and_of_answers_is_valid_plotly(client, lang):
    for query in ({}, {"image": "square", "stride": "2", "pool_kind": "avg"}, {"action": "blur"}):
        for headers in ({}, HX):
            for where, spec in figures_in(get(client, headers=headers, lang=lang, **query).text):
                assert_valid(where, spec)


@pytest.mark.parametrize("name", IMAGES)
def test_every_image_is_8_by_8_in_0_1(name):
    x = image(name)
    assert x.shape == (8, 8) and x.min() >= 0 and x.max() <= 1 and x.max() > 0


def test_the_lenet_run_view_draws_filters_maps_and_the_confusion_matrix(client):
    from app.lessons.convolutional.live import config

    cfg = config()
    r = client.post("/api/v1/runs?brief=true", json=cfg["lenet"]["runs"]["lenet"])
    assert r.status_code == 201, r.text
    run_id = r.json()["id"]
    assert client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 20}).status_code == 200
    view = client.get(cfg["view"].replace("{id}", run_id), params={"image": "vertical", "lang": "pl"})
    assert view.status_code == 200, view.text
    data = view.json()
    assert data["step"] == 20 and 0 <= data["test_acc"] <= 1 and data["text"]["test_acc"].endswith("\u202f%")
    for name in ("filters", "maps", "confusion"):
        assert_valid(name, data[name])
    counts = np.array(data["confusion"]["data"][0]["z"])
    assert counts.shape == (10, 10) and counts.sum() == round(0.2 * 1797)
    assert np.trace(counts) / counts.sum() == pytest.approx(data["test_acc"])
    # A bad image falls back to the default one (the contract: a bad field takes its default), never a 500.
    bad = client.get(cfg["view"].replace("{id}", run_id), params={"image": "x", "lang": "en"})
    assert bad.status_code == 200 and bad.json()["maps"]["layout"]["title"]["text"].endswith("digit 3")


def test_the_lenet_view_refuses_another_lesson_s_run(client):
    r = client.post("/api/v1/runs?brief=true", json={"dataset": "circle"})
    run_id = r.json()["id"]
    assert client.get(f"/lessons/convolutional/runs/{run_id}/lenet").status_code == 409
