""""Save as scene" in Chromium: on a lesson, the saved link opens the same state; on the Playground, the link
brings back the trained run with the same weights, bit for bit. The part shows the link, its QR code and the
scene file, in the page's language."""

from __future__ import annotations

import json

import pytest

from app.i18n import translate
from tests.test_browser_playground import open_playground, wait_attr

pytestmark = pytest.mark.browser


def save_scene(page) -> dict:
    """Click "Save as scene" and wait for its link; returns what the part shows."""
    page.click("#save-scene-button")
    page.wait_for_selector("#save-scene-result:not([hidden])")
    page.wait_for_function("() => document.querySelector('#save-scene-qr').complete"
                           " && document.querySelector('#save-scene-qr').naturalWidth > 0")
    return page.evaluate("""() => ({link: document.querySelector('#save-scene-link').textContent,
        href: document.querySelector('#save-scene-link').getAttribute('href'),
        file: document.querySelector('#save-scene-file').getAttribute('href'),
        status: document.querySelector('#save-scene-status').textContent})""")


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_saved_lesson_scene_opens_in_the_same_state(page, live_server, lang):
    page.goto(f"{live_server}/lessons/backprop?lang={lang}")
    assert page.inner_text("#save-scene-button") == translate(lang, "scene.save")
    page.fill("#lr", "0.25")
    page.wait_for_function("() => new URLSearchParams(location.search).get('lr') === '0.25'")
    shown = save_scene(page)
    assert shown["status"] == translate(lang, "scene.saved")
    assert shown["link"] == f"{live_server}{shown['href']}" and shown["href"].startswith("/s/")
    doc = page.request.get(f"{live_server}{shown['file']}").json()
    assert doc["page"] == "backprop" and doc["query"]["lr"] == "0.25" and "lang" not in doc["query"]
    page.goto(f"{live_server}{shown['href']}")  # a fresh open of the link, as a student's phone would
    assert page.input_value("#lr") == "0.25"
    assert page.evaluate("() => new URLSearchParams(location.search).get('lr')") == "0.25"
    page.problems.assert_none()


def test_a_saved_playground_scene_brings_back_the_same_weights(page, live_server, browser):
    rid = open_playground(page, live_server, "n=80&batch=8&lang=en")
    page.click("#pg-epoch")
    wait_attr(page, "data-step", "6")
    saved_export = page.request.get(f"{live_server}/api/v1/runs/{rid}/export").json()
    shown = save_scene(page)
    doc = json.loads(page.request.get(f"{live_server}{shown['file']}").text())
    assert doc["page"] == "playground" and doc["runs"]["run"]["state"]["parameters"] == saved_export["state"]["parameters"]
    # Another browser (its own session) opens the link: the run comes back at step 6 with the same weights.
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        other = context.new_page()
        other.goto(f"{live_server}{shown['href']}")
        other.wait_for_function("() => document.querySelector('#playground').getAttribute('data-step') === '6'")
        new_id = other.get_attribute("#playground", "data-run-id")
        assert new_id and new_id != rid
        restored = other.request.get(f"{live_server}/api/v1/runs/{new_id}/export").json()
        assert restored["state"]["parameters"] == saved_export["state"]["parameters"]
        assert restored["curve"] == saved_export["curve"]
    finally:
        context.close()
    page.problems.assert_none()
