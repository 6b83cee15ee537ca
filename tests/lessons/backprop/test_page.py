"""Lesson 1, /lessons/backprop, through HTTP: the lecture's numbers, recomputation, bad input, steps, languages.

Expected numbers come from the lecture (slides 6-7) or from `by_hand` below: the lecture's formulas written out
in plain Python floats, independent of nnlib and of the app.
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from app.formatting import field_value, number
from app.lessons.backprop.maths import MAX_STEPS
from app.templating import templates
from tests.page_helpers import HX, _no_cookies, page_getter, soup_of  # noqa: F401
from tests.page_helpers import num as parse_number

LECTURE = {"w111": 20, "b11": -10, "w121": 40, "b12": -200, "w211": 1, "w212": -1, "b21": 0, "x": 4, "y_true": 75}
PARAMS = ("w111", "b11", "w121", "b12", "w211", "w212", "b21")
SYMBOLS = ("z11", "y11", "z12", "y12", "z21", "y21", "loss", "dL/dy21", "dL/dz21", "dL/dz11", "dL/dz12",
           "dL/dw111", "dL/dw121", "dL/dw211", "dL/dw212", "dL/db11", "dL/db12", "dL/db21")


def by_hand(w111, b11, w121, b12, w211, w212, b21, x, y_true):
    """Slides 6-7 in plain Python: forward, L = (y_true - y21)^2, backward by the chain rule; ReLU'(0) = 0."""
    relu = lambda z: z if z > 0 else 0.0  # noqa: E731
    relu_d = lambda z: 1.0 if z > 0 else 0.0  # noqa: E731
    z11 = w111 * x + b11
    z12 = w121 * x + b12
    y11, y12 = relu(z11), relu(z12)
    z21 = w211 * y11 + w212 * y12 + b21
    y21 = relu(z21)
    dy21 = 2 * y21 - 2 * y_true
    dz21 = dy21 * relu_d(z21)
    dz11 = dz21 * w211 * relu_d(z11)
    dz12 = dz21 * w212 * relu_d(z12)
    return {
        "z11": z11, "y11": y11, "z12": z12, "y12": y12, "z21": z21, "y21": y21, "loss": (y_true - y21) ** 2,
        "dL/dy21": dy21, "dL/dz21": dz21, "dL/dz11": dz11, "dL/dz12": dz12,
        "dL/dw111": dz11 * x, "dL/db11": dz11, "dL/dw121": dz12 * x, "dL/db12": dz12,
        "dL/dw211": dz21 * y11, "dL/dw212": dz21 * y12, "dL/db21": dz21,
    }


def shown(soup: BeautifulSoup) -> dict[str, str]:
    """data-symbol -> displayed text; each symbol must have exactly one canonical element."""
    out = {}
    for symbol in SYMBOLS:
        found = soup.select(f'[data-symbol="{symbol}"]')
        assert len(found) <= 1, f"{symbol} has {len(found)} canonical elements"
        if found:
            out[symbol] = found[0].get_text(strip=True)
    return out


get = page_getter("/lessons/backprop")


# --- the lecture's example ---------------------------------------------------------------------------------


def test_page_shows_the_lecture_numbers_at_load(client):
    r = get(client)
    assert r.status_code == 200
    values = shown(soup_of(r))
    assert set(values) == set(SYMBOLS)
    # Slides 6-7, written exactly: integers without ".0", a true minus sign.
    lecture = {"y11": "70", "y12": "0", "y21": "70", "loss": "25", "dL/dw211": "\u2212700", "dL/dw212": "0",
               "dL/dw111": "\u221240", "dL/dw121": "0", "z12": "\u221240", "dL/dy21": "\u221210",
               "dL/db21": "\u221210", "dL/db11": "\u221210", "dL/db12": "0"}
    for symbol, text in lecture.items():
        assert values[symbol] == text, f"{symbol}: shows {values[symbol]!r}, the lecture says {text!r}"


def test_inputs_start_at_the_lecture_values_and_our_learning_rate(client):
    soup = soup_of(get(client))
    for name, value in {**LECTURE, "lr": 0.001}.items():
        assert float(soup.select_one(f"input#{name}")["value"]) == value


@pytest.mark.parametrize(
    ("param", "factors", "result", "product_text"),
    [
        ("w211", [-10, 1, 70], -700, "(−10)(1)(70)=−700"),
        ("w111", [-10, 1, 1, 1, 4], -40, "(−10)(1)(1)(1)(4)=−40"),
        ("w212", [-10, 1, 0], 0, "(−10)(1)(0)=0"),
        ("w121", [-10, 1, -1, 0, 4], 0, "(−10)(1)(−1)(0)(4)=0"),
        ("b21", [-10, 1, 1], -10, "(−10)(1)(1)=−10"),
    ],
)
def test_chain_rule_panel_shows_each_factor_with_its_number(client, param, factors, result, product_text):
    soup = soup_of(get(client, param=param, lang="en"))
    panel = soup.select_one("#bp-chain")
    assert panel["data-param"] == param
    got = [parse_number(td.get_text()) for td in panel.select("[data-factor-value]")]
    assert got == factors
    assert parse_number(panel.select_one("[data-chain-result]").get_text()) == result
    formula = re.sub(r"\s+", "", panel.select_one("[data-chain-formula]").get_text())
    assert formula.endswith(product_text)
    assert panel.select_one("[data-chain-formula] math") is not None  # MathML, rendered by the browser


def test_chain_panel_explains_a_zero_factor_of_an_off_relu(client):
    soup = soup_of(get(client, param="w121", lang="en"))
    why = soup.select('#bp-chain [data-why-zero="chain.zero.relu_off"]')
    assert len(why) == 1
    assert "z₁₂ = −40 < 0" in why[0].get_text() and "ReLU is off" in why[0].get_text()
    pl = soup_of(get(client, param="w121", lang="pl")).select_one('#bp-chain [data-why-zero="chain.zero.relu_off"]')
    assert "ReLU jest wyłączone" in pl.get_text()


def test_relu_derivative_at_zero_is_zero_and_said_so(client):
    # w121·x + b12 = 50·4 − 200 = 0 exactly.
    soup = soup_of(get(client, w121=50, param="w121", lang="en"))
    assert shown(soup)["z12"] == "0"
    factors = [parse_number(td.get_text()) for td in soup.select("#bp-chain [data-factor-value]")]
    assert factors[3] == 0  # dy12/dz12 = ReLU'(0), taken as 0 like PyTorch
    why = soup.select_one('#bp-chain [data-why-zero="chain.zero.relu_at_zero"]')
    assert why is not None and "PyTorch" in why.get_text()
    assert "PyTorch" in soup.select_one("#step-5 .note").get_text()  # the page says it in general, too


@pytest.mark.parametrize(
    ("param", "inputs", "zero_key"),
    [
        ("w212", {}, "chain.zero.input"),  # y12 = 0: w212 multiplies zero
        ("w111", {"y_true": 70}, "chain.zero.exact"),  # y21 = y_true: dL/dy21 = 0
        ("w111", {"w211": 0}, "chain.zero.weight"),  # w211 = 0: neuron 11 does not reach the output
    ],
)
def test_other_zero_factors_are_explained(client, param, inputs, zero_key):
    soup = soup_of(get(client, param=param, **inputs))
    assert soup.select_one(f'#bp-chain [data-why-zero="{zero_key}"]') is not None


def test_sections_follow_the_six_steps_of_slide_8(client):
    for lang, first_words in (("pl", ["1. Sieć", "2. Przykład", "3. Przejście w przód", "4. Miara błędu",
                                      "5. Wsteczna propagacja", "6. Aktualizacja wag"]),
                              ("en", ["1. The network", "2. A sample", "3. Forward pass", "4. The loss",
                                      "5. Backpropagation", "6. Weight update"])):
        soup = soup_of(get(client, lang=lang))
        steps = soup.select("section[data-step]")
        assert [s["data-step"] for s in steps] == ["1", "2", "3", "4", "5", "6"]
        for section, words in zip(steps, first_words):
            assert section.select_one("h2").get_text(strip=True).startswith(words)
            assert section.select_one("p").get_text(strip=True)  # some text of its own
        assert soup.html["lang"] == lang


# --- recomputation through htmx ----------------------------------------------------------------------------


def test_htmx_request_with_changed_w111_recomputes(client):
    r = get(client, HX, **{**LECTURE, "lr": 0.001, "w111": 10})
    assert r.status_code == 200
    soup = soup_of(r)
    assert soup.html is None  # regions only, never a full page
    values = {k: parse_number(v) for k, v in shown(soup).items()}
    # By hand, w111 = 10: z11 = 10·4 − 10 = 30 = y11; z21 = 1·30 − 1·0 + 0 = 30 = y21; L = (75 − 30)² = 2025;
    # dL/dy21 = 2·30 − 2·75 = −90 = dL/dz21; dL/dw211 = −90·30 = −2700;
    # dL/dw111 = −90·1·1·1·4 = −360.
    expected = {"z11": 30, "y11": 30, "y12": 0, "y21": 30, "loss": 2025, "dL/dy21": -90, "dL/dz21": -90,
                "dL/dw211": -2700, "dL/dw212": 0, "dL/dw111": -360, "dL/db11": -90, "dL/dw121": 0}
    for symbol, value in expected.items():
        assert values[symbol] == value, symbol
    # Every changed region replaces itself out of band; the URL names the new state.
    for region in ("bp-diagram", "bp-forward", "bp-loss", "bp-gradients", "bp-chain", "bp-update",
                   "bp-chart-plot-spec"):  # a plot sends only its figure: the drawn plot is updated in place
        assert soup.select_one(f"#{region}")["hx-swap-oob"] == "true"
    url = urlsplit(r.headers["HX-Replace-Url"])
    assert url.path == "/lessons/backprop" and parse_qs(url.query)["w111"] == ["10"]
    # The inputs are not replaced while the user types; their messages are cleared.
    assert soup.select("input#w111") == []
    assert soup.select_one("#err-w111").get_text(strip=True) == ""


@pytest.mark.parametrize(
    "inputs",
    [
        {"w111": 3.5, "b11": 2, "w121": -1.25, "b12": 7, "w211": 0.5, "w212": 2, "b21": -1, "x": 1.5, "y_true": 3},
        {"w111": 1, "b11": 0, "w121": 1, "b12": 0, "w211": -1, "w212": -1, "b21": 0.5, "x": 2, "y_true": 1},
        {"w111": -2, "b11": 1, "w121": 0.3, "b12": 0.1, "w211": 4, "w212": -0.7, "b21": 0.25, "x": -3, "y_true": -2},
        {"w111": 1e6, "b11": -1e6, "w121": 123.456, "b12": -0.001, "w211": 1e-3, "w212": 7, "b21": 0, "x": 0.75,
         "y_true": 1e6},
    ],
)
def test_every_value_matches_the_hand_computation(client, inputs):
    soup = soup_of(get(client, HX, **inputs, lr=0.01))
    values = shown(soup)
    expected = by_hand(**inputs)
    for symbol in SYMBOLS:
        assert parse_number(values[symbol]) == pytest.approx(expected[symbol], rel=1e-5, abs=1e-9), symbol


def test_chain_product_equals_the_gradient_for_every_parameter(client):
    inputs = {"w111": 3.5, "b11": 2, "w121": -1.25, "b12": 7, "w211": 0.5, "w212": 2, "b21": -1, "x": 1.5,
              "y_true": 3}
    expected = by_hand(**inputs)
    for param in PARAMS:
        panel = soup_of(get(client, **inputs, param=param)).select_one("#bp-chain")
        factors = [parse_number(td.get_text()) for td in panel.select("[data-factor-value]")]
        assert math.prod(factors) == pytest.approx(expected[f"dL/d{param}"], rel=1e-5, abs=1e-12), param
        assert parse_number(panel.select_one("[data-chain-result]").get_text()) == pytest.approx(
            expected[f"dL/d{param}"], rel=1e-5, abs=1e-12)


def test_a_shared_url_reopens_the_state(client):
    soup = soup_of(get(client, **{**LECTURE, "w111": 10}, view="backward", param="w111", hist="25,16"))
    assert parse_number(shown(soup)["y11"]) == 30
    assert soup.select_one("input#w111")["value"] == "10"
    assert soup.select_one("#bp-diagram")["data-view"] == "backward"
    assert soup.select_one("#view-backward").has_attr("checked")
    assert soup.select_one('#param option[selected]')["value"] == "w111"
    assert soup.select_one('input[name="hist"]')["value"] == "25,16"
    assert soup.select_one("#bp-diagram [data-symbol-diagram='dL/dw211']").get_text() == "\u22122700"


# --- bad input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "limit"),
    [
        ("w111", "", None),
        ("w111", "abc", None),
        ("w111", "1e400", "1000000"),
        ("b12", "1000001", "1000000"),
        ("x", "-2e6", "1000000"),
        ("y_true", "nan", "1000000"),
        ("lr", "0", "10"),
        ("lr", "-0.5", "10"),
        ("lr", "10.5", "10"),
        ("lr", "inf", "10"),
    ],
)
@pytest.mark.parametrize("lang", ["pl", "en"])
def test_bad_input_shows_a_message_beside_that_field_and_no_new_values(client, field, text, limit, lang):
    r = get(client, {**HX, "Accept-Language": lang}, **{**LECTURE, "lr": 0.001, field: text})
    assert r.status_code == 200
    soup = soup_of(r)
    message = soup.select_one(f"#err-{field}").get_text(strip=True)
    assert message, "no message beside the field"
    if limit:  # the message names the limit
        assert limit in re.sub(r"[\s\u202f]", "", message)
    if text == "abc":
        assert "abc" in message
    assert ("liczb" in message or "Dozwolone" in message or "Współczynnik" in message) == (lang == "pl")
    # Nothing recomputed: no values, no new URL; the other fields' messages are cleared.
    assert shown(soup) == {} and soup.select("[data-symbol-diagram]") == []
    assert "HX-Replace-Url" not in r.headers
    for other in ("w111", "b11", "w121", "b12", "w211", "w212", "b21", "x", "y_true", "lr"):
        if other != field:
            assert soup.select_one(f"#err-{other}").get_text(strip=True) == ""


def test_bad_input_on_a_full_page_load_keeps_the_text_and_says_why(client):
    soup = soup_of(get(client, w111="abc", lang="en"))
    assert soup.select_one("input#w111")["value"] == "abc"
    assert "is not a number" in soup.select_one("#err-w111").get_text()
    assert shown(soup)["y11"] == "70"  # the lecture's value stands in for the bad one


def test_comma_is_accepted_as_decimal_separator(client):
    assert shown(soup_of(get(client, HX, w111="10,5")))["y11"] == "32"  # 10.5·4 − 10


def test_no_nan_or_inf_text_anywhere(client):
    for params in ({}, {"w111": 1e6, "x": 1e6, "w211": 1e6, "b21": 1e6, "y_true": -1e6}, {"lr": 10}):
        text = soup_of(get(client, **params)).get_text(" ")
        assert not re.search(r"\b(nan|inf|infinity)\b", text, re.IGNORECASE)


def test_number_format():
    assert number(70.0) == "70"
    assert number(-700.0) == "\u2212700"
    assert number(-0.0) == "0"
    assert number(0.001) == "0.001"
    assert number(1 + 0.7000000000000001) == "1.7"
    assert number(1962.401401000002) == "1962.4"
    assert number(1234567.5) == "1.23457e+06"
    assert number(float("nan")) is None and number(float("inf")) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [(20.0, "20"), (-10.0, "-10"), (20 + 0.04000000000000001, "20.04"), (1 + 0.7000000000000001, "1.7"),
     (1e-5, "0.00001"), (-0.000123, "-0.000123"), (0.0, "0")],
)
def test_field_values_parse_back_and_read_plainly(value, text):
    assert field_value(value) == text
    assert float(text) == pytest.approx(value, rel=1e-14)


@pytest.mark.parametrize(("lang", "text"), [("pl", "przepełnienie (rozbieżność)"), ("en", "overflow (diverged)")])
def test_non_finite_values_show_a_bilingual_message(lang, text):
    rendered = templates.env.from_string("{{ v|num }}").render(lang=lang, v=float("inf"))
    assert rendered == text


# --- step, history, reset ----------------------------------------------------------------------------------


def test_step_moves_every_parameter_against_its_gradient(client):
    r = get(client, HX, **LECTURE, lr=0.001, action="step")
    soup = soup_of(r)
    grads = by_hand(**LECTURE)
    new = {}
    for name in PARAMS:
        expected = LECTURE[name] - 0.001 * grads[f"dL/d{name}"]
        new[name] = float(soup.select_one(f"input#{name}")["value"])  # the fields are replaced after a step
        assert new[name] == pytest.approx(expected, rel=1e-12, abs=1e-15), name
        assert float(soup.select_one(f'[data-param-old="{name}"]').get_text().replace("\u2212", "-")) == LECTURE[name]
    assert new["w211"] == 1.7  # 1 − 0.001·(−700)
    assert new["w111"] == 20.04 and new["b11"] == -9.99 and new["b21"] == 0.01
    # The new loss, by hand for the new parameters, and the history holds the loss before the step.
    after = by_hand(**{**LECTURE, **new})
    assert parse_number(shown(soup)["loss"]) == pytest.approx(after["loss"], rel=1e-6)
    last = soup.select_one(".last-step")
    assert float(last["data-last-loss-old"]) == 25 and float(last["data-last-loss-new"]) == pytest.approx(after["loss"])
    assert soup.select_one('input[name="hist"]')["value"] == "25"
    plot = json.loads(soup.select_one("#bp-chart-plot-spec").string)
    assert plot["data"][0]["y"] == pytest.approx([25, after["loss"]])
    query = parse_qs(urlsplit(r.headers["HX-Replace-Url"]).query)
    assert query["w211"] == ["1.7"] and query["hist"] == ["25"] and "action" not in query


def test_history_grows_with_each_step(client):
    url = "/lessons/backprop"
    losses = [25]  # the chart before any step: the lecture's loss
    for steps in (1, 2, 3):
        r = client.get(url + ("&" if "?" in url else "?") + "action=step", headers=HX)
        url = r.headers["HX-Replace-Url"]
        plot = json.loads(soup_of(r).select_one("#bp-chart-plot-spec").string)
        assert plot["data"][0]["x"] == list(range(steps + 1))
        assert len(plot["data"][0]["y"]) == steps + 1
        assert plot["data"][0]["y"][:-1] == pytest.approx(losses)  # earlier points stay as they were
        losses = plot["data"][0]["y"]
    assert losses[0] == 25
    # The page at that URL shows the same history.
    soup = soup_of(client.get(url))
    assert json.loads(soup.select_one("#bp-chart [data-plot] script").string)["data"][0]["y"] == pytest.approx(losses)
    layout = json.loads(soup.select_one("#bp-chart [data-plot] script").string)["layout"]
    assert layout["xaxis"]["title"]["text"] and layout["yaxis"]["title"]["text"]


@pytest.mark.parametrize(("lang", "x_title", "y_title"), [("pl", "krok", "błąd L"), ("en", "step", "loss L")])
def test_loss_chart_axes_are_labelled_in_both_languages(client, lang, x_title, y_title):
    layout = json.loads(soup_of(get(client, lang=lang)).select_one("#bp-chart [data-plot] script").string)["layout"]
    assert (layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]) == (x_title, y_title)


def test_history_is_bounded(client):
    full = ",".join(["25"] * MAX_STEPS)
    soup = soup_of(get(client, HX, **LECTURE, lr=0.001, hist=full, action="step"))
    assert soup.select_one('[data-notice="step.limit"]') is not None
    assert float(soup.select_one('[data-param-now="w211"]').get_text()) == 1  # unchanged
    assert soup.select_one('input[name="hist"]')["value"].count(",") == MAX_STEPS - 1


def test_a_diverging_step_is_refused(client):
    # x = 1e6, w121 = 0 (neuron 12 off): y21 = 2e7 − 10, dL/dw111 = 2(y21 − 75)·1·1·1·x ≈ 4e13;
    # with lr = 10 the step would take w111 far beyond ±1e6.
    soup = soup_of(get(client, HX, **{**LECTURE, "x": 1e6, "w121": 0}, lr=10, action="step"))
    notice = soup.select_one('[data-notice="step.diverged"]')
    assert notice is not None and "1" in notice.get_text()
    assert float(soup.select_one('[data-param-now="w111"]').get_text()) == 20


@pytest.mark.parametrize("hist", ["abc", "-5", "1,nan", ",".join(["1"] * (MAX_STEPS + 1))])
def test_malformed_history_starts_afresh(client, hist):
    soup = soup_of(get(client, hist=hist))
    assert soup.select_one('input[name="hist"]')["value"] == ""


def test_reset_restores_the_lecture_values(client):
    r = get(client, HX, **{**LECTURE, "w111": 10, "x": "abc"}, lr=0.5, hist="25,30", view="backward", action="reset")
    soup = soup_of(r)
    for name, value in {**LECTURE, "lr": 0.001}.items():
        assert float(soup.select_one(f"input#{name}")["value"]) == value
    assert soup.select_one("#err-x").get_text(strip=True) == ""
    assert shown(soup)["y11"] == "70" and shown(soup)["loss"] == "25"
    assert soup.select_one('input[name="hist"]')["value"] == ""
    assert "view=backward" in r.headers["HX-Replace-Url"]  # the view is not a lecture value: it stays


def test_step_and_reset_are_real_buttons_with_names(client):
    soup = soup_of(get(client, lang="en"))
    for button_id, name in (("bp-step", "Step: update the weights"), ("bp-reset", "Reset to the lecture's values")):
        button = soup.select_one(f"button#{button_id}")
        assert button["type"] == "button" and button.get_text(strip=True) == name


def test_form_recomputes_on_input_and_never_targets_a_full_page(client):
    form = soup_of(get(client)).select_one("form#bp-form")
    assert form["hx-get"] == "/lessons/backprop"
    assert "input" in form["hx-trigger"] and "delay:" in form["hx-trigger"]
    assert form["hx-swap"] == "none"  # every region swaps itself out of band
    names = {el["name"] for el in form.select("input[name], select[name]")}
    assert {*LECTURE, "lr", "view", "param", "hist"} <= names


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_page_renders_in_both_languages(client, lang):
    r = get(client, lang=lang)
    soup = soup_of(r)
    assert soup.html["lang"] == lang
    assert soup.select_one("h1").get_text(strip=True) == {
        "pl": "Przejście w przód i wsteczna propagacja błędu", "en": "Forward pass and backpropagation"}[lang]
    assert shown(soup)["dL/dw211"] == "\u2212700"
