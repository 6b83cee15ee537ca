"""The presenter in Chromium: move through the lecture deck with the arrow keys (each scene opens in its state,
in projector mode), switch the language without losing the scene, and read the scene's QR code back to its link.
"""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from app import presenter

pytestmark = pytest.mark.browser
DECK = presenter.load("lecture", None)


def scene_number(page) -> int:
    return int(page.get_attribute("#presenter", "data-n"))


def test_the_arrow_keys_walk_through_the_whole_deck(page, live_server):
    page.goto(f"{live_server}/present/lecture/1?lang=en")
    page.wait_for_selector("#presenter")
    for n in range(1, len(DECK.scenes) + 1):
        assert scene_number(page) == n
        assert page.evaluate("document.documentElement.classList.contains('projector')")
        assert DECK.scenes[n - 1].title.en in page.inner_text("#presenter-scene")
        if n < len(DECK.scenes):
            page.click("h1")  # a click elsewhere does not take the keys away
            page.keyboard.press("ArrowRight")
            page.wait_for_function("(n) => document.querySelector('#presenter')?.dataset.n === String(n)", arg=n + 1)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("(n) => document.querySelector('#presenter')?.dataset.n === String(n)",
                           arg=len(DECK.scenes) - 1)
    page.problems.assert_none()


def test_the_language_switch_keeps_the_scene(page, live_server):
    page.goto(f"{live_server}/present/lecture/3?lang=en")
    page.wait_for_selector("#presenter")
    page.click('#lang-switch a[data-lang="pl"]')
    page.wait_for_function("() => document.documentElement.lang === 'pl'")
    assert scene_number(page) == 3
    assert DECK.scenes[2].title.pl in page.inner_text("#presenter-scene")
    page.problems.assert_none()


def test_the_qr_code_reads_back_to_the_scenes_link(page, live_server):
    page.goto(f"{live_server}/present/lecture/5?lang=en")
    page.click(".presenter-qr summary")
    qr = page.locator("#presenter-qr")
    qr.wait_for()
    page.wait_for_function("() => document.querySelector('#presenter-qr').complete")
    image = Image.open(io.BytesIO(qr.screenshot()))
    found = zxingcpp.read_barcodes(image)
    assert [r.text for r in found] == [f"{live_server}/present/lecture/5"]
    page.problems.assert_none()


def test_p_toggles_projector_mode_and_it_is_remembered(page, live_server):
    page.goto(f"{live_server}/lessons/softmax?lang=en")
    assert not page.evaluate("document.documentElement.classList.contains('projector')")
    page.keyboard.press("p")
    page.wait_for_function("() => document.documentElement.classList.contains('projector')")
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 24
    page.reload()
    page.wait_for_function("() => document.documentElement.classList.contains('projector')")
    page.keyboard.press("?")
    page.wait_for_selector("#keys-help[open]")
    page.problems.assert_none()
