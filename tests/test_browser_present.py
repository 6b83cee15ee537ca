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


# Every visible piece of text at its rendered size: HTML by its computed font size, SVG text (the network diagram,
# Plotly's ticks and legends) by its font size times the scale the SVG is drawn at.
SMALLEST_TEXT = """() => {
  const out = [];
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || !visible(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const m = el instanceof SVGElement && el.getScreenCTM();
    if (m) size *= Math.hypot(m.a, m.b);  // rotated titles too
    out.push([size, n.textContent.trim().slice(0, 30)]);
  }
  out.sort((a, b) => a[0] - b[0]);
  return out.slice(0, 5);
}"""


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_playground_on_a_projector_shows_the_boundary_across_the_screen(page, live_server, lang):
    page.goto(f"{live_server}/playground?lang={lang}")
    page.keyboard.press("p")
    page.wait_for_function("() => document.documentElement.classList.contains('projector')")
    page.wait_for_selector("#pg-plot-boundary .main-svg")
    page.wait_for_function("() => document.querySelector('#pg-diagram image[href]')")
    width = page.evaluate("document.querySelector('#pg-plot-boundary').getBoundingClientRect().width")
    assert width >= 0.6 * 1024
    top = page.evaluate("document.querySelector('#pg-plot-boundary').getBoundingClientRect().top")
    assert top < 0.6 * 768  # on the first screen, right under the run's bar
    smallest = page.evaluate(SMALLEST_TEXT)
    assert smallest[0][0] >= 18, smallest
    assert not page.is_visible("#pg-lr")  # the settings are a drawer
    page.keyboard.press("c")
    page.wait_for_function("() => getComputedStyle(document.querySelector('#pg-form')).visibility === 'visible'")
    assert page.get_attribute("#pg-drawer", "aria-expanded") == "true"
    page.problems.assert_none()


def test_a_neurons_map_enlarges_under_the_pointer_and_the_focus(page, live_server):
    page.goto(f"{live_server}/playground?lang=en")
    page.wait_for_function("() => document.querySelector('#pg-diagram image[href]')")
    node = page.locator("#pg-diagram .pg-node:not(.pg-input)").first
    before = node.locator("image").bounding_box()["width"]
    node.focus()
    page.wait_for_function("(w) => document.activeElement.querySelector('image').getBoundingClientRect().width"
                           " >= 2.5 * w", arg=before)
    page.keyboard.press("Enter")  # Enter on a neuron opens its bias in the editor, as a click does
    page.wait_for_function("() => document.activeElement.id === 'pg-w-value'")
    page.problems.assert_none()
