"""Lesson 3, /lessons/learning-rate, through HTTP: the lecture's formulas and range, the paths recomputed
independently (plain Python, no nnlib), presets, the plain, decay, bad input, the live run's settings.

Expected numbers come from the lecture (typical range 0.1-0.001, the momentum and decay formulas) or from the
surface and the optimizers' update rules written out below in plain Python floats.
"""

from __future__ import annotations

import json
import math
from urllib.parse import parse_qs, urlsplit

import pytest

from app.formatting import number
from tests.page_helpers import HX, _no_cookies, num, page_getter, plot, soup_of  # noqa: F401

PATH = "/lessons/learning-rate"
START = (-4.0, -1.5)
PLAIN = 40.0


def bowl(w1, w2):
    """The page's default surface, the elongated valley L = 40 (1 - e^(-q/40)), q = (w1^2 + 25 w2^2) / 2,
    and its gradient e^(-q/40) (w1, 25 w2)."""
    q = 0.5 * (w1 * w1 + 25 * w2 * w2)
    f = math.exp(-q / PLAIN)
    return PLAIN * (1 - f), (f * w1, f * 25 * w2)


def sgd_by_hand(lr, steps, decay=0.0, start=START):
    """w <- w - lr_n g with lr_n = lr e^(-decay n); returns the losses and the points."""
    w1, w2 = start
    out, points = [bowl(w1, w2)[0]], [(w1, w2)]
    for n in range(steps):
        g1, g2 = bowl(w1, w2)[1]
        lr_n = lr * math.exp(-decay * n)
        w1, w2 = w1 - lr_n * g1, w2 - lr_n * g2
        out.append(bowl(w1, w2)[0])
        points.append((w1, w2))
    return out, points


get = page_getter(PATH)


def test_page_shows_the_lecture_formulas_and_range(client):
    r = get(client, lang="en")
    assert r.status_code == 200
    soup = soup_of(r)
    momentum = soup.select_one("#lr-momentum-formula")
    assert len(momentum.select("math")) == 2
    text = momentum.get_text("", strip=True).replace(" ", "")
    assert "v(n)=μv(n−1)−γ" in text and "w(n+1)=w(n)+v(n)" in text
    decay = soup.select_one("#lr-decay-formula").get_text("", strip=True).replace(" ", "")
    assert decay.startswith("γ(n)=γ0e") and "−dn" in decay
    typical = soup.select_one("#lr-typical")
    assert float(typical["data-typical-min"]) == 0.001 and float(typical["data-typical-max"]) == 0.1
    assert typical.get_text("", strip=True).replace(" ", "") == "0.001≤γ≤0.1"


def test_typical_range_is_marked_on_the_log_axis(client):
    spec = plot(soup_of(get(client)), "lr-axis")
    assert spec["layout"]["xaxis"]["type"] == "log"
    shape = spec["layout"]["shapes"][0]
    assert (shape["x0"], shape["x1"]) == (pytest.approx(-3), pytest.approx(-1))  # log10 0.001 and 0.1
    assert spec["layout"]["xaxis"]["title"]["text"] and all(t["x"][0] > 0 for t in spec["data"])


def test_every_plot_has_labelled_axes_in_both_languages(client):
    titles = {}
    for lang in ("pl", "en"):
        soup = soup_of(get(client, lang=lang))
        for name in ("paths", "losses", "lr-curves", "live", "lr-axis"):
            layout = plot(soup, name)["layout"]
            assert layout["xaxis"]["title"]["text"], (lang, name)
            if name != "lr-axis":  # its y axis lists the optimizers by name
                assert layout["yaxis"]["title"]["text"], (lang, name)
            titles[(lang, name)] = layout["xaxis"]["title"]["text"]
    assert titles[("pl", "losses")] != titles[("en", "losses")]


def test_sgd_path_matches_the_update_rule_by_hand(client):
    soup = soup_of(get(client))
    expected, _ = sgd_by_hand(0.04, 100)
    spec = plot(soup, "losses")
    sgd = spec["data"][0]
    assert sgd["y"] == pytest.approx(expected, rel=1e-12)
    assert num(soup.select_one('[data-final-loss="sgd"]').get_text()) == pytest.approx(expected[-1], rel=1e-5)


def test_first_momentum_steps_follow_the_lecture_formula(client):
    # v(n) = mu v(n-1) - gamma dL/dw, w(n+1) = w(n) + v(n); mu = 0.9, gamma = 0.01 at load; v(-1) = 0.
    soup = soup_of(get(client))
    w, v, mu, lr = START, (0.0, 0.0), 0.9, 0.01
    for k in range(3):
        g = bowl(*w)[1]
        v = (mu * v[0] - lr * g[0], mu * v[1] - lr * g[1])
        w = (w[0] + v[0], w[1] + v[1])
        step = soup.select_one(f'[data-momentum-step="{k}"]')
        assert [float(a) for a in step["data-v"].split(",")] == pytest.approx(list(v), rel=1e-12)
        assert [float(a) for a in step["data-w-next"].split(",")] == pytest.approx(list(w), rel=1e-12)
    first = soup.select_one('[data-momentum-step="0"]').get_text("", strip=True).replace(" ", "")
    g = bowl(*START)[1]  # 0.9·(0, 0) − 0.01·g, shown with 6 significant digits
    assert f"({number(-0.01 * g[0])},{number(-0.01 * g[1])})" in first


def test_adam_first_step_moves_each_weight_by_lr(client):
    # Adam's first step: m^ = g, v^ = g^2, so each weight moves by lr g / (|g| + 1e-8), i.e. lr against the sign.
    spec = plot(soup_of(get(client)), "paths")
    adam = next(t for t in spec["data"] if t.get("name") == "Adam")
    lr = 0.3  # the default (the "about right" preset)
    assert (adam["x"][1], adam["y"][1]) == (pytest.approx(-4 + lr, abs=1e-8), pytest.approx(-1.5 + lr, abs=1e-8))


def test_far_too_high_preset_throws_sgd_onto_the_plain_at_the_step_computed_by_hand(client):
    r = get(client, HX, action="preset", preset="diverge", lang="en")
    soup = soup_of(r)
    losses, _ = sgd_by_hand(1.0, 100)
    expected = next(n for n in range(len(losses)) if all(v > 0.9 * PLAIN for v in losses[n:]))
    status = soup.select_one('[data-status="sgd"]')
    assert int(status["data-out-at"]) == expected and status["data-diverged-at"] == ""
    assert f"from step {expected} on" in status.get_text()
    assert soup.select_one("input#lr_sgd")["value"] == "1"  # the preset replaced the field
    assert "nan" not in r.text.lower().replace("nanoseconds", "") and "Infinity" not in r.text
    assert plot(soup, "losses")["data"][0]["y"] == pytest.approx(losses, rel=1e-9)


@pytest.mark.parametrize("preset", ["low", "good", "high"])
def test_presets_keep_sgd_in_the_valley(client, preset):
    soup = soup_of(get(client, HX, action="preset", preset=preset))
    assert soup.select_one('[data-status="sgd"]')["data-out-at"] == ""


def test_too_low_is_slower_than_right_and_too_high_oscillates(client):
    low = sgd_by_hand(0.001, 100)[0]
    good = sgd_by_hand(0.04, 100)[0]
    assert low[-1] > good[-1]
    soup = soup_of(get(client, HX, action="preset", preset="high"))
    sgd = next(t for t in plot(soup, "paths")["data"] if t.get("name") == "SGD")
    w2 = sgd["y"][60:80]
    assert all(a * b < 0 for a, b in zip(w2, w2[1:]))  # still jumping across the valley's floor at the end
    assert sgd["y"] == pytest.approx([p[1] for p in sgd_by_hand(0.15, 100)[1]], rel=1e-9)


def test_decay_shapes_the_lr_curve(client):
    soup = soup_of(get(client, decay="0.02"))
    curve = plot(soup, "lr-curves")["data"][0]["y"]
    assert curve == pytest.approx([0.04 * math.exp(-0.02 * n) for n in range(100)], rel=1e-12)
    expected, _ = sgd_by_hand(0.04, 100, decay=0.02)
    assert plot(soup, "losses")["data"][0]["y"] == pytest.approx(expected, rel=1e-12)


def test_tilted_surface_is_offered_and_changes_the_formula(client):
    soup = soup_of(get(client, surface="tilted"))
    assert soup.select_one("#lr-surface-formula")["data-surface"] == "tilted"
    assert "12" in soup.select_one("#lr-surface-formula").get_text()


@pytest.mark.parametrize(
    ("field", "text", "needle"),
    [
        ("lr_sgd", "abc", "is not a number"),
        ("lr_sgd", "20", "10"),
        ("lr_adam", "0", "0.00001"),
        ("mu", "1", "less than 1"),
        ("steps", "0", "1000"),
        ("steps", "2.5", "whole number"),
        ("w1", "9", "5"),
        ("decay", "-1", "1"),
        ("live_batch", "500", "120"),
        ("live_updates", "", "Enter a number"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(client, field, text, needle):
    r = get(client, HX, lang="en", **{field: text})
    assert r.status_code == 200
    soup = soup_of(r)
    message = soup.select_one(f"#err-{field}").get_text()
    assert needle in message
    # Only the messages come back: every plot keeps its last good state.
    assert soup.select("[data-plot]") == [] and soup.select_one("#lr-live-config") is None
    # The full page shows the message too, with the user's text kept in the field.
    page = soup_of(get(client, lang="en", **{field: text}))
    assert needle in page.select_one(f"#err-{field}").get_text()
    assert page.select_one(f"input#{field}")["value"] == text


def test_messages_exist_in_polish(client):
    soup = soup_of(get(client, HX, lang="pl", lr_sgd="abc"))
    assert "nie jest liczbą" in soup.select_one("#err-lr_sgd").get_text()


def test_live_config_is_an_experiment_the_runs_api_accepts(client):
    soup = soup_of(get(client, live_lr="0.7", live_batch="4", live_decay="0.001", live_updates="200"))
    cfg = json.loads(soup.select_one("#lr-live-config").string)
    exp = cfg["experiment"]
    assert cfg["updates"] == 200
    assert exp["optimizer"]["name"] == "sgd" and exp["optimizer"]["lr"] == 0.7 and exp["batch_size"] == 4
    assert exp["schedule"] == {**exp["schedule"], "name": "exponential", "decay": 0.001}
    r = client.post("/api/v1/runs", json=exp)
    assert r.status_code == 201
    state = r.json()
    assert state["lr"] == 0.7 and state["train_size"] >= 4
    client.delete(f"/api/v1/runs/{state['id']}")


def test_playground_link_carries_the_live_settings(client):
    soup = soup_of(get(client, live_lr="0.7", live_batch="4"))
    href = soup.select_one("#lesson-playground")["href"]
    query = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path == "/playground"
    assert query["lr"] == ["0.7"] and query["batch"] == ["4"] and query["dataset"] == ["circle"]
    assert client.get(href).status_code == 200


def test_htmx_answer_names_the_url_of_the_state(client):
    r = get(client, HX, lr_sgd="0.05")
    assert "lr_sgd=0.05" in r.headers["HX-Replace-Url"]
    reopened = soup_of(client.get(r.headers["HX-Replace-Url"]))
    assert reopened.select_one("input#lr_sgd")["value"] == "0.05"
