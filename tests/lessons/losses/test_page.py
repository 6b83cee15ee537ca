"""Lesson 10, /lessons/losses, through HTTP: the lecture's formulas, each loss and gradient recomputed by hand
(plain Python, independent of nnlib), the confident-wrong comparison, PyTorch's conventions, bad input.
"""

from __future__ import annotations

import json
import math
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from tests.page_helpers import HX  # noqa: F401

PATH = "/lessons/losses"


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def get(client, headers=None, **params):
    return client.get(PATH + ("?" + urlencode(params) if params else ""), headers=headers or {})


def soup_of(r) -> BeautifulSoup:
    return BeautifulSoup(r.text, "html.parser")


def num(el) -> float:
    return float(el.get_text().strip().replace("\u2212", "-"))


def plot(soup, name: str) -> dict:
    return json.loads(soup.select_one(f'[data-plot="{name}"] script[type="application/json"]').string)


@pytest.fixture(autouse=True)
def _no_cookies(client):
    client.cookies.clear()


# (loss, expected L, expected gradient components) at the page's default points, by hand.
P_CE = sigmoid(-2.0)  # softmax(-2, 0) of class 1
AT_LOAD = [
    ("mse", (3 - 1) ** 2, [2 * (3 - 1)]),
    ("mae", abs(3 - 1), [1.0]),
    ("bce", -math.log(0.2), [(0.2 - 1) / (0.2 * 0.8)]),
    ("cross_entropy", -math.log(P_CE), [P_CE - 1, 1 - P_CE]),
    ("margin_ranking", max(0.0, -(0.5 - 0) + 1), [-1.0, 1.0]),
    ("kl_div", 0.3 * (math.log(0.3) - math.log(0.7)) + 0.7 * (math.log(0.7) - math.log(0.3)), [-0.3, -0.7]),
]


@pytest.mark.parametrize(("name", "loss", "grad"), AT_LOAD, ids=[a[0] for a in AT_LOAD])
def test_loss_and_gradient_at_the_point_match_the_formula(client, name, loss, grad):
    soup = soup_of(get(client))
    assert num(soup.select_one(f'[data-loss="{name}"]')) == pytest.approx(loss, rel=1e-5)
    for i, g in enumerate(grad):
        assert num(soup.select_one(f'[data-grad="{name}-{i}"]')) == pytest.approx(g, rel=1e-5)


def test_lecture_formulas_are_rendered(client):
    soup = soup_of(get(client))
    flat = {el["data-formula"]: el.get_text("", strip=True).replace(" ", "")
            for el in soup.select("[data-formula]")}
    assert set(flat) == {"mse", "mae", "bce", "cross_entropy", "margin_ranking", "kl_div"}
    assert flat["mse"] == "L(x,y)=(x−y)2"
    assert flat["mae"] == "L(x,y)=|x−y|"
    assert flat["bce"] == "L(x,y)=−ylogx−(1−y)log(1−x)"
    assert flat["margin_ranking"] == "L(x1,x2,y)=max(0,−y(x1−x2)+m)"
    assert flat["kl_div"] == "L(x,y)=y(logy−x)"
    assert "softmax" in flat["cross_entropy"] and "NLL" in flat["cross_entropy"]
    assert all(soup.select_one(f'[data-formula="{k}"] math') for k in flat)


def test_mse_curve_is_the_parabola_and_its_gradient_the_line(client):
    spec = plot(soup_of(get(client, mse_y="-2")), "mse")
    xs, loss, grad = spec["data"][0]["x"], spec["data"][0]["y"], spec["data"][1]["y"]
    assert loss == pytest.approx([(x + 2) ** 2 for x in xs], rel=1e-12, abs=1e-12)
    assert grad == pytest.approx([2 * (x + 2) for x in xs], rel=1e-12, abs=1e-12)
    assert spec["layout"]["xaxis"]["title"]["text"] and spec["layout"]["yaxis"]["title"]["text"]
    assert spec["layout"]["yaxis2"]["title"]["text"]


def test_kl_curve_is_smallest_where_the_prediction_equals_the_target(client):
    spec = plot(soup_of(get(client, kl_y="0.3")), "kl_div")
    xs, loss = spec["data"][0]["x"], spec["data"][0]["y"]
    best = xs[loss.index(min(loss))]
    assert best == pytest.approx(0.3, abs=0.005)
    assert min(loss) == pytest.approx(0.0, abs=1e-3)


def test_margin_ranking_follows_the_margin_and_the_sign(client):
    soup = soup_of(get(client, mr_y="-1", mr_m="2", mr_x2="1", mr_x="0"))
    # max(0, -(-1)(0 - 1) + 2) = max(0, -1 + 2) = 1; dL/dx1 = -y = 1 where active.
    assert num(soup.select_one('[data-loss="margin_ranking"]')) == 1
    assert num(soup.select_one('[data-grad="margin_ranking-0"]')) == 1


@pytest.mark.parametrize("p", [0.01, 0.001, 0.3])
def test_confident_wrong_prediction_gradients_side_by_side(client, p):
    soup = soup_of(get(client, wrong_p=str(p), lang="en"))
    sd = p * (1 - p)
    mse_dz = 2 * (p - 1) * sd
    ce_dz = p - 1
    got = {el["data-wrong"]: el for el in soup.select(".num[data-wrong]")}
    assert num(got["mse-loss"]) == pytest.approx((p - 1) ** 2, rel=1e-5)
    assert num(got["mse-dp"]) == pytest.approx(2 * (p - 1), rel=1e-5)
    assert num(got["mse-sd"]) == pytest.approx(sd, rel=1e-5)
    assert num(got["mse-dz"]) == pytest.approx(mse_dz, rel=1e-5)
    assert num(got["ce-loss"]) == pytest.approx(-math.log(p), rel=1e-5)
    assert num(got["bce-dp"]) == pytest.approx(-1 / p, rel=1e-5)
    assert num(got["bce-dz"]) == pytest.approx(ce_dz, rel=1e-5)
    assert num(got["ce-dz"]) == pytest.approx(ce_dz, rel=1e-5)
    ratio = soup.select_one('[data-wrong="ratio"]')
    assert float(ratio["data-ratio"]) == pytest.approx(ce_dz / mse_dz, rel=1e-9)


def test_the_default_wrong_prediction_is_p_001(client):
    got = {el["data-wrong"]: el.get_text(strip=True) for el in soup_of(get(client)).select(".num[data-wrong]")}
    assert got["mse-dz"] == "\u22120.019602" and got["ce-dz"] == "\u22120.99"


def test_conventions_are_stated(client):
    text = soup_of(get(client, lang="en")).select_one("#ls-conventions").get_text()
    assert "reduction='mean'" in text and "log-probabilities" in text and "batchmean" in text


@pytest.mark.parametrize(
    ("field", "text", "needle"),
    [
        ("bce_x", "2", "from 0 to 1"),
        ("bce_y", "x", "is not a number"),
        ("ce_t", "3", "1 or 2"),
        ("mr_y", "0", "−1 or 1"),
        ("kl_x", "0", "0.001"),
        ("mse_x", "1e9", "100"),
        ("wrong_p", "1", "0.9999"),
        ("mr_m", "", "Enter a number"),
        ("live_lr", "0", "from 0.001 to 5"),
        ("live_lr", "20", "from 0.001 to 5"),
        ("live_seed", "1.5", "whole number from 0 to 9999"),
        ("live_seed", "-1", "whole number from 0 to 9999"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(client, field, text, needle):
    r = get(client, HX, lang="en", **{field: text})
    assert r.status_code == 200
    soup = soup_of(r)
    assert needle in soup.select_one(f"#err-{field}").get_text()
    assert soup.select("[data-plot]") == [] and soup.select("[data-loss]") == []
    assert soup.select("#ls-live-config") == []  # the live runs keep the last good settings
    page = soup_of(get(client, lang="en", **{field: text}))
    assert needle in page.select_one(f"#err-{field}").get_text()
    assert page.select_one(f"input#{field}")["value"] == text


def test_extreme_points_stay_finite(client):
    r = get(client, bce_x="0", bce_y="1", ce_x="20", ce_z2="-20", ce_t="2")
    assert r.status_code == 200
    soup = soup_of(r)
    for el in soup.select("[data-loss], [data-grad]"):
        assert math.isfinite(num(el))
    assert "nan" not in r.text.replace("nanoseconds", "").lower().split("<script")[0]


def test_both_languages(client):
    pl = soup_of(get(client, lang="pl")).select_one("#ls-why-heading").get_text()
    en = soup_of(get(client, lang="en")).select_one("#ls-why-heading").get_text()
    assert pl != en and "entropia" in pl.lower() and "cross-entropy" in en.lower()


def test_torch_agrees_where_installed(client):
    torch = pytest.importorskip("torch")
    soup = soup_of(get(client))
    x = torch.tensor([[-2.0, 0.0]], dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(x, torch.tensor([0]))
    loss.backward()
    assert num(soup.select_one('[data-loss="cross_entropy"]')) == pytest.approx(loss.item(), rel=1e-5)
    assert num(soup.select_one('[data-grad="cross_entropy-0"]')) == pytest.approx(x.grad[0, 0].item(), rel=1e-5)
    q = torch.tensor([[math.log(0.7), math.log(0.3)]], dtype=torch.float64, requires_grad=True)
    kl = torch.nn.functional.kl_div(q, torch.tensor([[0.3, 0.7]], dtype=torch.float64), reduction="batchmean")
    kl.backward()
    assert num(soup.select_one('[data-loss="kl_div"]')) == pytest.approx(kl.item(), rel=1e-5)


# ---------------------------------------------------------------- why cross-entropy, live

def live_config(soup) -> dict:
    return json.loads(soup.select_one("#ls-live-config").string)


def test_the_page_carries_two_runs_that_differ_only_in_the_loss(client):
    cfg = live_config(soup_of(get(client, live_lr="0.3", live_seed="7")))
    assert set(cfg["runs"]) == {"bce", "mse"}
    bce, mse = cfg["runs"]["bce"], cfg["runs"]["mse"]
    assert bce["loss"] == "bce" and mse["loss"] == "mse"
    assert {k: v for k, v in bce.items() if k != "loss"} == {k: v for k, v in mse.items() if k != "loss"}
    assert bce["optimizer"]["lr"] == 0.3 and bce["seed"] == 7
    assert [h["activation"] for h in bce["hidden"]] == ["tanh", "tanh"]
    assert cfg["updates"] > 0 and cfg["speed"] >= 1


def test_good_settings_replace_the_config_in_the_htmx_answer(client):
    soup = soup_of(get(client, HX, live_lr="0.5", live_seed="3"))
    cfg = live_config(soup)
    assert {r["optimizer"]["lr"] for r in cfg["runs"].values()} == {0.5}
    assert {r["seed"] for r in cfg["runs"].values()} == {3}
    assert soup.select_one("#ls-live-config")["hx-swap-oob"] == "true"
    link = soup.select_one("#ls-live-playground a")["href"]
    assert link.startswith("/playground?") and "loss=bce" in link and "lr=0.5" in link and "seed=3" in link


def test_both_runs_are_accepted_and_start_from_the_same_weights(client):
    cfg = live_config(soup_of(get(client, live_seed="42")))
    states = {}
    for name, exp in cfg["runs"].items():
        r = client.post("/api/v1/runs", json=exp)
        assert r.status_code == 201, r.text
        states[name] = r.json()
    assert states["bce"]["id"] != states["mse"]["id"]
    assert states["bce"]["task"] == states["mse"]["task"] == "binary"
    bce, mse = states["bce"]["network"], states["mse"]["network"]
    dense = [layer for layer in bce["layers"] if layer.get("type", "dense") == "dense"]
    assert len(dense) == 3 and dense[-1]["activation"] == "sigmoid" and len(dense[-1]["bias"]) == 1
    assert bce == mse  # same seed: every initial weight and bias is equal
    other = client.post("/api/v1/runs", json={**cfg["runs"]["bce"], "seed": 43}).json()["network"]
    assert other != bce  # ...and the seed is what decides them


def _first_update_reaching(client, exp: dict, acc: float, updates: int, chunk: int) -> tuple[int | None, float]:
    """Train through the runs API in chunks; (first update at which the training accuracy reached `acc`, the
    final training accuracy)."""
    run_id = client.post("/api/v1/runs", json=exp).json()["id"]
    reached = None
    state = None
    for _ in range(updates // chunk):
        state = client.post(f"/api/v1/runs/{run_id}/step", json={"updates": chunk}).json()
    hist = client.get(f"/api/v1/runs/{run_id}").json()["history"]
    for step, a in zip(hist["val_step"], hist["train_acc"]):
        if a >= acc:
            reached = step
            break
    assert state["step"] == updates
    return reached, hist["train_acc"][-1]


@pytest.mark.parametrize(("lr", "seed", "claim"), [(0.1, 1, "bce"), (3, 1, "mse"), (1, 1, "keep_up"), (1, 4, "keep_up")])
def test_what_the_text_says_about_the_runs_holds(client, lr, seed, claim):
    """The page's text: at lr 0.1 bce learns faster; at lr 1 seeds 1 and 4 mse keeps up; at lr 3 the roles reverse."""
    cfg = live_config(soup_of(get(client, live_lr=str(lr), live_seed=str(seed))))
    got = {name: _first_update_reaching(client, exp, 0.9, cfg["updates"], cfg["speed"])
           for name, exp in cfg["runs"].items()}
    (bce_at, bce_final), (mse_at, mse_final) = got["bce"], got["mse"]
    if claim == "bce":
        assert bce_at is not None and (mse_at is None or bce_at < mse_at)
    elif claim == "keep_up":
        assert mse_at is not None and bce_at is not None and mse_at <= bce_at
    else:
        assert mse_final > bce_final


def test_live_plots_have_labelled_axes_in_both_languages(client):
    for lang in ("pl", "en"):
        soup = soup_of(get(client, lang=lang))
        for name in ("live-loss", "live-acc"):
            spec = plot(soup, name)
            assert spec["layout"]["xaxis"]["title"]["text"] and spec["layout"]["yaxis"]["title"]["text"]
            assert len(spec["series"]) == len(spec["data"])
            assert {run for run, _ in spec["series"]} == {"bce", "mse"}
    en = soup_of(get(client, lang="en")).select_one("#ls-live").get_text()
    pl = soup_of(get(client, lang="pl")).select_one("#ls-live").get_text()
    assert "tendency, not a law" in en and "tendencja, nie prawo" in pl


# ---------------------------------------------------------------- the contract: answers, state, errors

def shown(**params) -> str:
    from app.lessons.losses.state import LossesState

    return urlencode(LossesState(**params).query())


def test_an_answer_swaps_only_the_loss_whose_field_changed(client):
    """Moving the mse point sends the mse plot's JSON (not its container), its formula and its numbers; nothing
    of the other losses, of "why cross-entropy" or of the live runs."""
    r = get(client, HX, mse_x="5", shown=shown())
    soup = soup_of(r)
    assert r.headers["HX-Replace-Url"].startswith(PATH + "?") and "mse_x=5" in r.headers["HX-Replace-Url"]
    specs = soup.select("script[data-plot-spec]")
    assert [s["data-plot-spec"] for s in specs] == ["mse"] and specs[0]["id"] == "ls-plot-mse-spec"
    assert soup.select("[data-plot]") == []  # no container: the drawn plot stays and is redrawn in place
    assert json.loads(specs[0].string)["data"][2]["x"] == [5]
    assert soup.select_one('[data-loss="mse"]').get_text() == "16"
    assert soup.select('[data-loss]') == soup.select('[data-loss="mse"]')
    assert soup.select("#ls-wrong-z") == [] and soup.select("#ls-live-config") == []
    assert soup.select_one("#ls-shown")["value"] == shown(mse_x=5)


def test_an_answer_without_the_shown_state_swaps_every_region(client):
    soup = soup_of(get(client, HX, wrong_p="0.5"))
    assert {s["data-plot-spec"] for s in soup.select("script[data-plot-spec]")} == {
        "mse", "mae", "bce", "cross_entropy", "margin_ranking", "kl_div", "wrong"}
    assert soup.select_one("#ls-live-config") is not None


def test_live_settings_swap_only_the_live_config(client):
    soup = soup_of(get(client, HX, live_lr="0.5", shown=shown()))
    assert soup.select("script[data-plot-spec]") == [] and soup.select("[data-loss]") == []
    assert json.loads(soup.select_one("#ls-live-config").string)["runs"]["mse"]["optimizer"]["lr"] == 0.5


def test_reset_brings_back_the_defaults_and_their_fields(client):
    soup = soup_of(get(client, HX, action="reset", mse_x="7", bce_x="2", shown=shown(mse_x=7)))
    assert soup.select_one("input#mse_x")["value"] == "3" and soup.select_one("input#bce_x")["value"] == "0.2"
    assert soup.select_one("#err-bce_x").get_text() == ""
    assert soup.select_one('[data-loss="mse"]').get_text() == "4"


def test_every_figure_of_the_page_and_of_an_answer_is_valid_plotly():
    from app.i18n import translator
    from app.lessons.losses import maths
    from app.lessons.losses.state import LossesState
    from tests.test_plotly_schema import assert_valid

    t = translator("en")
    state = LossesState(bce_x=0, kl_x=0.001, ce_x=20, ce_z2=-20, ce_t=2, wrong_p=0.9999)
    for panel in maths.PANELS:
        assert_valid(panel.name, maths.plot_panel(panel, state, t))
    for name, fig in (("wrong", maths.plot_wrong(state.wrong_p, t)), ("live-loss", maths.plot_live_loss(t)),
                      ("live-acc", maths.plot_live_acc(t))):
        assert_valid(name, fig)


def test_the_state_round_trips_through_its_json_document(client):
    r = client.get(PATH + "/state.json", params={"mse_x": "0,5", "mr_y": "-1", "live_seed": "7"})
    doc = r.json()
    assert doc["lesson"] == "losses" and doc["state"]["mse_x"] == 0.5 and doc["state"]["mr_y"] == -1
    from app.lessons.losses.state import LossesState

    assert LossesState.from_document(doc, "losses") == LossesState(mse_x=0.5, mr_y=-1, live_seed=7)


@pytest.mark.parametrize(("field", "text", "key"), [
    ("mr_y", "0", "ls.error.sign"), ("ce_t", "3", "ls.error.class"), ("live_lr", "9", "ls.error.lr"),
    ("live_seed", "1.5", "error.field.integer"), ("bce_x", "x", "error.field.not_number"),
])
def test_bad_fields_are_structured_errors(client, field, text, key):
    r = client.get(PATH + "/state.json", params={field: text})
    assert r.status_code == 422
    assert [(e["field"], e["key"]) for e in r.json()["detail"]] == [(field, key)]


def test_an_answer_replaces_only_the_messages_shown_before_and_the_new_ones(client):
    """The hidden `bad` lists the fields with a message: an answer replaces those and the new ones, and no other
    (18 empty messages swapped for nothing are work for the browser)."""
    soup = soup_of(get(client, HX, bce_x="2", bad="", shown=shown()))
    assert [el["id"] for el in soup.select(".field-error")] == ["err-bce_x"]
    assert soup.select_one("#ls-bad")["value"] == "bce_x"
    soup = soup_of(get(client, HX, bce_x="0.5", mse_x="4", bad="bce_x", shown=shown()))
    assert [el["id"] for el in soup.select(".field-error")] == ["err-bce_x"]
    assert soup.select_one("#err-bce_x").get_text() == "" and soup.select_one("#ls-bad")["value"] == ""
    soup = soup_of(get(client, HX, mse_x="4"))  # without `bad`: every message
    assert len(soup.select(".field-error")) == 18
