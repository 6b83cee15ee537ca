"""The Playground in a real browser: Debian's Chromium (Playwright) against a real uvicorn on 127.0.0.1.

The run's true state is read from the API with the page's own cookies (`page.request` shares the browser
context), so the tests check what the server did, not only what the page says. Every test ends by checking the
page logged no console error (a 4xx the test provokes on purpose is the only one allowed, and only where said).
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from app.i18n import translate
from app.runs.experiment import Experiment

pytestmark = pytest.mark.browser

LOSS_GRAPH = "document.querySelector('[data-plot=loss] .js-plotly-plot')"
# wait_for_function gets arrow functions only: a bare expression would be eval()ed, which the CSP forbids.


def open_playground(page, live_server, query: str = "") -> str:
    """Open the page and wait until its run exists and the loss plot is drawn; returns the run id."""
    page.goto(f"{live_server}/playground?{query}")
    page.wait_for_selector("#playground[data-run-id]")
    page.wait_for_selector("[data-plot=loss] .js-plotly-plot")
    return run_id(page)


def run_id(page) -> str:
    return page.get_attribute("#playground", "data-run-id")


def state(page, live_server, rid: str) -> dict:
    r = page.request.get(f"{live_server}/api/v1/runs/{rid}")
    assert r.ok, r.status
    return r.json()


def settled_step(page, live_server, rid: str) -> int:
    """The run's step once it stopped moving (a chunk may finish just after the stream is closed)."""
    last = None
    for _ in range(40):
        step = state(page, live_server, rid)["step"]
        if step == last:
            return step
        last = step
        page.wait_for_timeout(150)
    raise AssertionError("the run kept training after pause")


def wait_attr(page, name: str, value: str) -> None:
    page.wait_for_function("([name, value]) => document.querySelector('#playground').getAttribute(name) === value",
                           arg=[name, value])


def wait_run_changed(page, old: str) -> str:
    page.wait_for_function("(old) => { const id = document.querySelector('#playground').dataset.runId;"
                           " return id && id !== old; }", arg=old)
    return run_id(page)


def test_play_pause_then_a_new_learning_rate_continues_from_the_same_weights(page, live_server):
    rid = open_playground(page, live_server, "n=100&batch=5&speed=5")
    page.click("#pg-play")
    page.wait_for_function(f"() => {{ const g = {LOSS_GRAPH}; return g.data[0].x.length >= 30; }}")
    assert page.get_attribute("#pg-play", "aria-pressed") == "true"
    page.click("#pg-play")  # pause
    wait_attr(page, "data-status", "paused")
    step = settled_step(page, live_server, rid)
    before = state(page, live_server, rid)
    assert step >= 30

    page.fill("#pg-lr", "0.01")
    page.press("#pg-lr", "Tab")  # the change event: a PATCH, not a new run
    page.wait_for_function("() => document.querySelector('#pg-status').textContent.length > 0")
    after = state(page, live_server, rid)
    assert run_id(page) == rid
    assert after["experiment"]["optimizer"]["lr"] == 0.01 and after["lr"] == 0.01
    assert after["step"] == step and after["network"] == before["network"]
    assert page.inner_text('[data-stat="lr"]') == "0.01"
    assert parse_qs(urlsplit(page.url).query)["lr"] == ["0.01"]  # the URL follows the experiment
    assert page.input_value("#pg-lr-log") == "-2"  # log10(0.01): the slider follows the field

    page.click("#pg-play")
    page.wait_for_function("(s) => Number(document.querySelector('#playground').dataset.step) > s + 10", arg=step)
    page.click("#pg-play")
    wait_attr(page, "data-status", "paused")
    later = settled_step(page, live_server, rid)
    assert later > step + 10
    curve = state(page, live_server, rid)["history"]["step"]
    assert curve == list(range(1, later + 1))  # one curve, continued: no restart at 0
    assert page.evaluate(f"() => {LOSS_GRAPH}.data[0].x.length") == later
    assert page.inner_text('[data-stat="step"]') == str(later)
    page.problems.assert_none()


def test_keyboard_space_plays_and_pauses_right_arrow_steps_r_resets(page, live_server):
    rid = open_playground(page, live_server, "n=100&batch=5&speed=2")
    page.click("h1")  # focus outside every field
    page.keyboard.press("Space")
    wait_attr(page, "data-status", "training")
    page.wait_for_function("() => Number(document.querySelector('#playground').dataset.step) >= 6")
    page.keyboard.press("Space")
    wait_attr(page, "data-status", "paused")
    step = settled_step(page, live_server, rid)
    wait_attr(page, "data-step", str(step))

    page.keyboard.press("ArrowRight")
    wait_attr(page, "data-step", str(step + 1))
    assert state(page, live_server, rid)["step"] == step + 1

    page.focus("#pg-seed")  # typing in a field is typing, not a shortcut
    page.keyboard.press("r")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert run_id(page) == rid and state(page, live_server, rid)["step"] == step + 1

    page.click("h1")
    page.keyboard.press("r")
    new = wait_run_changed(page, rid)
    wait_attr(page, "data-step", "0")
    fresh = state(page, live_server, new)
    assert fresh["step"] == 0 and fresh["experiment"]["seed"] == state_seed(page)
    page.problems.assert_none()


def test_keys_work_after_a_click_and_while_the_slider_has_the_focus(page, live_server):
    """The lecturer clicks "One update", then presses → and s: each is one more update; on the γ slider the
    arrows move the slider (its own keys) and s still steps."""
    open_playground(page, live_server, "n=100&batch=5")
    page.click("#pg-step")
    wait_attr(page, "data-step", "1")
    page.keyboard.press("ArrowRight")  # the focus is still on the button just clicked
    wait_attr(page, "data-step", "2")
    page.keyboard.press("s")
    wait_attr(page, "data-step", "3")
    page.focus("#pg-lr-log")
    before = page.input_value("#pg-lr-log")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('#pg-lr-log').value !== '{before}'")
    page.keyboard.press("s")
    wait_attr(page, "data-step", "4")
    assert state(page, live_server, run_id(page))["step"] == 4
    page.keyboard.press("?")
    page.wait_for_selector("#keys-help[open] [data-page-keys] li")
    assert "→" in page.inner_text("#keys-help [data-page-keys]")
    page.problems.assert_none()


def state_seed(page) -> int:
    return int(page.input_value("#pg-seed"))


def test_export_then_import_continues_identically(page, live_server, tmp_path):
    rid = open_playground(page, live_server, "n=80&batch=8&opt=adam&lr=0.01")
    page.click("#pg-epoch")  # 80 samples, 60% = 48 for training, batch 8: 6 updates
    wait_attr(page, "data-step", "6")
    with page.expect_download() as download:
        page.click("#pg-export")
    path = tmp_path / "run.json"
    download.value.save_as(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "nnlab-run" and doc["experiment"]["optimizer"]["name"] == "adam"

    with page.expect_download() as download:
        page.click("#pg-csv")
    csv = download.value.path().read_text(encoding="utf-8").splitlines()
    assert csv[0] == "step,train_loss,val_loss" and [row.split(",")[0] for row in csv[1:]] == [str(i) for i in range(1, 7)]

    page.set_input_files("#pg-import", str(path))
    new = wait_run_changed(page, rid)
    page.wait_for_function("() => document.querySelector('#pg-status').textContent.length > 0")
    assert page.inner_text("#pg-status") == translate("pl", "pg.msg.imported", step=6)
    assert page.inner_text('[data-stat="step"]') == "6"
    assert page.evaluate(f"() => {LOSS_GRAPH}.data[0].x.length") == 6
    for r in (rid, new):
        assert page.request.post(f"{live_server}/api/v1/runs/{r}/step", data={"updates": 7}).ok
    a, b = state(page, live_server, rid), state(page, live_server, new)
    assert a["step"] == b["step"] == 13
    assert a["network"] == b["network"]
    assert a["history"]["loss"] == b["history"]["loss"]
    page.problems.assert_none()


def test_a_bad_learning_rate_shows_a_message_and_keeps_the_run(page, live_server):
    rid = open_playground(page, live_server, "n=100&batch=5")
    page.click("#pg-step")
    wait_attr(page, "data-step", "1")
    before = state(page, live_server, rid)
    page.fill("#pg-lr", "50")
    page.press("#pg-lr", "Tab")
    page.wait_for_function("() => document.querySelector('#err-lr').textContent.length > 0")
    assert page.inner_text("#err-lr") == translate("pl", "error.field.range", min="0.00001", max="10")
    assert page.get_attribute("#pg-lr", "aria-invalid") == "true"
    assert page.inner_text("#pg-status") == translate("pl", "pg.msg.rejected")
    after = state(page, live_server, rid)
    assert run_id(page) == rid and after["experiment"] == before["experiment"] and after["network"] == before["network"]
    # Fixing the value clears the message and applies it.
    page.fill("#pg-lr", "0.5")
    page.press("#pg-lr", "Tab")
    page.wait_for_function("() => document.querySelector('#err-lr').textContent === ''")
    page.wait_for_function("() => document.querySelector('[data-stat=lr]').textContent === '0.5'")
    assert state(page, live_server, rid)["experiment"]["optimizer"]["lr"] == 0.5
    # Neurons beyond the page's 16 (the API would take 64): said beside the layers, checked before any request.
    page.fill("#pg-layers .pg-layer:first-child .pg-units", "20")
    page.press("#pg-layers .pg-layer:first-child .pg-units", "Tab")
    page.wait_for_function("() => document.querySelector('#err-hidden').textContent.length > 0")
    assert page.inner_text("#err-hidden") == translate("pl", "pg.err.hidden", layers=6, min=1, max=16)
    assert run_id(page) == rid and state(page, live_server, rid)["experiment"]["hidden"][0]["units"] == 4
    page.problems.assert_none()  # answered in the page: no request the API refused


def test_a_change_that_needs_a_reset_starts_a_new_run_and_says_so(page, live_server):
    rid = open_playground(page, live_server, "n=100&batch=5")
    page.click("#pg-epoch")
    wait_attr(page, "data-step", "12")
    page.select_option("#pg-dataset", "xor")
    new = wait_run_changed(page, rid)
    assert page.inner_text("#pg-status") == translate("pl", "pg.msg.reset_needed",
                                                      fields=translate("pl", "pg.label.dataset"))
    fresh = state(page, live_server, new)
    assert fresh["step"] == 0 and fresh["experiment"]["dataset"] == "xor"
    assert parse_qs(urlsplit(page.url).query)["dataset"] == ["xor"]
    page.wait_for_function("() => document.querySelector('[data-plot=boundary] .js-plotly-plot')")
    for _ in range(20):  # the old run is let go (the page deletes it right after showing the new one)
        if page.request.get(f"{live_server}/api/v1/runs/{rid}").status == 404:
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError("the replaced run was not deleted")
    # Hidden layers: + adds a layer (a new network, so a new run) with the last layer's size.
    page.click("#pg-layer-add")
    newer = wait_run_changed(page, new)
    assert [h["units"] for h in state(page, live_server, newer)["experiment"]["hidden"]] == [4, 2, 2]
    assert parse_qs(urlsplit(page.url).query)["hidden"] == ["4-tanh,2-tanh,2-tanh"]
    page.problems.assert_none()


def test_fork_overlays_the_kept_curve_named_by_the_changed_setting(page, live_server):
    rid = open_playground(page, live_server, "n=100&batch=5&lang=en")
    page.click("#pg-epoch")
    wait_attr(page, "data-step", "12")
    page.click("#pg-fork")
    new = wait_run_changed(page, rid)
    wait_attr(page, "data-step", "0")
    page.fill("#pg-lr", "0.3")
    page.press("#pg-lr", "Tab")
    page.wait_for_function("() => document.querySelector('[data-stat=lr]').textContent === '0.3'")
    assert state(page, live_server, new)["step"] == 0  # the fork starts from update 0 with the same seed
    page.click("#pg-epoch")
    wait_attr(page, "data-step", "12")
    traces = page.evaluate(f"() => {LOSS_GRAPH}.data.map(t => [t.name, t.x.length])")
    names = [name for name, _ in traces]
    label = translate("en", "pg.label.lr")
    assert len(traces) == 3  # the kept curve, the current training and validation curves
    assert names[0].startswith(f"{label} = {Experiment().optimizer.lr:g}") and traces[0][1] == 12  # the default lr
    assert names[1].startswith(f"{label} = 0.3 (") and traces[1][1] == 12
    assert page.locator("#pg-compare-list li").count() == 1
    page.problems.assert_none()


def test_divergence_stops_the_run_with_a_clear_message_and_no_nan(page, live_server):
    rid = open_playground(page, live_server, "dataset=fruit&batch=8&lr=10&hidden=8-relu&speed=20")
    page.click("#pg-play")
    wait_attr(page, "data-status", "diverged")
    at = state(page, live_server, rid)["diverged_at"]
    assert at is not None
    assert page.is_visible("#pg-diverged")
    assert page.inner_text("#pg-diverged") == translate("pl", "pg.msg.diverged", step=at)
    assert page.is_disabled("#pg-play") and page.is_disabled("#pg-step")
    text = page.inner_text("body")
    assert not re.search(r"\bNaN\b|Infinity", text)
    page.problems.assert_none()


def test_clicking_an_edge_lets_you_type_a_weight(page, live_server):
    rid = open_playground(page, live_server, "n=100&batch=5&hidden=3-tanh")
    page.wait_for_selector(".pg-edge[data-layer='0'][data-row='1'][data-col='0']")
    edge = page.locator(".pg-edge[data-layer='0'][data-row='1'][data-col='0']")
    weight = state(page, live_server, rid)["network"]["layers"][0]["weight"][1][0]
    assert float(edge.get_attribute("data-value")) == weight
    edge.dispatch_event("click")
    assert float(page.input_value("#pg-w-value")) == weight
    page.fill("#pg-w-value", "0.75")
    page.click("#pg-w-set")
    page.wait_for_function("() => document.querySelector('#pg-status').textContent.length > 0")
    assert state(page, live_server, rid)["network"]["layers"][0]["weight"][1][0] == 0.75
    page.wait_for_function("() => document.querySelector(\".pg-edge[data-layer='0'][data-row='1'][data-col='0']\")"
                           ".getAttribute('data-value') === '0.75'")
    page.problems.assert_none()


@pytest.mark.parametrize(("lang", "query"), [("en", ""), ("pl", "dataset=iris&view=2,3&hidden=6-relu,4-relu"),
                                             ("en", "dataset=fruit&batch=8&hidden=8-relu&lr=0.001&opt=adam"),
                                             ("pl", "dataset=fruit_good&batch=4&hidden=4-tanh&lr=0.1")])
def test_projector_layout_labelled_plots_and_no_console_errors(page, live_server, lang, query):
    open_playground(page, live_server, f"{query}&lang={lang}")
    page.wait_for_selector("[data-plot=boundary] .js-plotly-plot")
    page.click("#pg-play")
    page.wait_for_function("() => Number(document.querySelector('#playground').dataset.step) >= 60")
    page.click("#pg-play")
    wait_attr(page, "data-status", "paused")
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    layout = page.evaluate(f"() => {LOSS_GRAPH}.layout")
    assert layout["xaxis"]["title"]["text"] == translate(lang, "pg.axis.update")
    assert layout["yaxis"]["title"]["text"] == translate(lang, "pg.axis.loss")
    assert page.locator("a[href*='plotly.com'], .modebar-btn--logo").count() == 0
    boundary = page.evaluate("() => document.querySelector('[data-plot=boundary] .js-plotly-plot').layout.xaxis.title.text")
    if "iris" in query:
        assert boundary == translate(lang, "name.feature.petal_length")  # the view: iris' feature 2, by its name
    if "fruit&" in query:
        assert page.is_hidden("[data-plot=accuracy]")  # regression: no accuracy
    if "fruit_good" in query:  # one input, two classes: P(class 1) against x
        assert boundary == "x" and page.is_visible("[data-plot=accuracy]")
    page.screenshot(path=f"/tmp/playground-{lang}-{query.split('&')[0].replace('=', '-') or 'default'}.png",
                    full_page=True)
    page.problems.assert_none()


# Every float field, in an order that shows each (decay only with the exponential schedule, at the end).
FLOAT_FIELDS = ["noise", "val", "test", "sigma", "lr", "momentum", "gamma", "lambda", "dropout", "decay"]
SHOW_ALL = "n=100&batch=5&opt=momentum&schedule=step&reg=l2"


def test_a_decimal_comma_in_every_number_field_means_the_same_as_a_point(page, live_server):
    """Typing "0,05" (a Polish keyboard's decimal comma) into any number field sets 0.05: never 5, never a
    confirmation of another scale. Fields that only take whole numbers say so beside them instead."""
    from app.services import playground as pg

    open_playground(page, live_server, SHOW_ALL)
    page.click("#pg-step")
    wait_attr(page, "data-step", "1")
    for name in FLOAT_FIELDS:
        if name == "decay":
            page.select_option("#pg-schedule", "exponential")
            page.wait_for_function("() => new URLSearchParams(location.search).get('schedule') === 'exponential'")
        rid = run_id(page)
        page.fill(f"#pg-{name}", "0,05")
        page.press(f"#pg-{name}", "Enter")
        path = pg.BY_NAME[name].path
        page.wait_for_function("([rid, name]) => { const r = document.querySelector('#playground').dataset.runId;"
                               " return (r !== rid || document.querySelector('#pg-status').textContent.length > 0)"
                               " && new URLSearchParams(location.search).get(name) === '0.05'; }", arg=[rid, name])
        assert pg.get(state(page, live_server, run_id(page))["experiment"], path) == 0.05, name
        assert page.inner_text(f"#err-{name}") == "", name
        assert page.input_value(f"#pg-{name}") == "0,05", name  # the field keeps what was typed
        page.evaluate("() => { document.querySelector('#pg-status').textContent = ''; }")
    exp = state(page, live_server, run_id(page))["experiment"]
    assert [pg.get(exp, pg.BY_NAME[n].path) for n in FLOAT_FIELDS] == [0.05] * len(FLOAT_FIELDS)
    # A whole-number field: "0,05" is said beside it, and nothing changes.
    rid = run_id(page)
    page.fill("#pg-seed", "0,05")
    page.press("#pg-seed", "Enter")
    page.wait_for_function("() => document.querySelector('#err-seed').textContent.length > 0")
    assert page.inner_text("#err-seed").startswith(translate("pl", "error.field.integer", min="0", max="X")[:20])
    assert run_id(page) == rid and state(page, live_server, rid)["experiment"]["seed"] == 1
    # The weight editor reads a decimal comma too.
    page.locator(".pg-edge[data-layer='0'][data-row='0'][data-col='0']").dispatch_event("click")
    page.fill("#pg-w-value", "0,05")
    page.click("#pg-w-set")
    page.wait_for_function("() => document.querySelector(\".pg-edge[data-layer='0'][data-row='0'][data-col='0']\")"
                           ".getAttribute('data-value') === '0.05'")
    assert state(page, live_server, rid)["network"]["layers"][0]["weight"][0][0] == 0.05
    page.problems.assert_none()


def test_bad_input_is_answered_beside_its_field_without_console_errors(page, live_server, tmp_path):
    rid = open_playground(page, live_server, "n=100&batch=5&lang=en")
    # Typing: the message follows the keystrokes (no Tab needed), in the page's language.
    page.locator("#pg-lr").fill("")
    page.locator("#pg-lr").press_sequentially("abc")
    page.wait_for_function("(text) => document.querySelector('#err-lr').textContent === text",
                           arg=translate("en", "error.field.not_number", value="abc"))
    page.fill("#pg-batch", "500")
    page.press("#pg-batch", "Tab")
    page.wait_for_function("() => document.querySelector('#err-batch').textContent.length > 0")
    assert page.inner_text("#err-batch") == translate("en", "pg.err.batch_train", max=60)
    # The weight editor: a value beyond the API's limit, a neuron the network does not have.
    page.fill("#pg-w-value", "5000")
    page.click("#pg-w-set")
    page.wait_for_function("() => document.querySelector('#err-weight').textContent.length > 0")
    assert translate("en", "error.field.range", min="\u22121000", max="1000") in page.inner_text("#err-weight")
    page.fill("#pg-w-value", "1")
    page.fill("#pg-w-row", "9")  # the first hidden layer has 4 neurons: 0..3
    page.click("#pg-w-set")
    page.wait_for_function("(text) => document.querySelector('#err-weight').textContent.endsWith(text)",
                           arg=translate("en", "error.field.integer", min="0", max="3"))
    # A file that is not a run: said beside the file field.
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    page.set_input_files("#pg-import", str(bad))
    page.wait_for_function("() => document.querySelector('#err-import').textContent.length > 0")
    assert page.inner_text("#err-import") == translate("en", "pg.files.bad", reason=translate("en", "pg.files.not_run"))
    assert run_id(page) == rid
    page.problems.assert_none()


def test_plotly_speaks_the_page_language_and_every_drawn_figure_is_valid(page, live_server):
    from tests.test_plotly_schema import assert_valid

    open_playground(page, live_server, "n=100&batch=5&lang=pl")
    page.click("#pg-epoch")
    wait_attr(page, "data-step", "12")
    page.wait_for_function("() => document.querySelector('[data-plot=gradnorms] .js-plotly-plot')"
                           " && document.querySelector('[data-plot=gradnorms] .js-plotly-plot').data.length > 0")
    page.hover("#pg-plot-loss")
    page.wait_for_selector("#pg-plot-loss .modebar-btn")
    titles = page.eval_on_selector_all("#pg-plot-loss .modebar-btn", "els => els.map(e => e.getAttribute('data-title'))")
    assert translate("pl", "pg.plotly.download_png") in titles and translate("pl", "pg.plotly.autoscale") in titles
    assert "Download plot as a PNG" not in titles
    # The figures the script built, as Plotly holds them, against Plotly's schema.
    figures = page.evaluate("""() => [...document.querySelectorAll('.pg-graph.js-plotly-plot')].map(g =>
        [g.id, JSON.parse(JSON.stringify({data: g.data, layout: g.layout}))])""")
    assert len(figures) == 4
    for where, spec in figures:
        assert_valid(where, spec)
    page.problems.assert_none()
