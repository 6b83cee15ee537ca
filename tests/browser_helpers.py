"""Helpers the browser tests share: open a lesson and wait until it is drawn, read values by their data-
attributes, and wait until they change.

wait_for_function gets arrow functions only: a bare expression string is polled with eval(), which the pages'
CSP (rightly) forbids.
"""

from __future__ import annotations

MINUS = "\u2212"  # the pages write negative numbers with a true minus


def goto_lesson(page, live_server, slug: str, query: str, *ready: str) -> None:
    """Open /lessons/{slug}{query} and wait for each `ready` selector (a drawn plot, an enabled button)."""
    page.goto(f"{live_server}/lessons/{slug}{query}")
    for selector in ready:
        page.wait_for_selector(selector)


def symbol(page, name: str) -> str:
    return page.inner_text(f'[data-symbol="{name}"]').strip()


def wait_symbol(page, name: str, text: str) -> None:
    """Wait until the element with data-symbol=`name` shows `text`."""
    page.wait_for_function(
        "([name, text]) => { const el = document.querySelector(`[data-symbol=\"${name}\"]`);"
        " return el && el.textContent.trim() === text; }",
        arg=[name, text],
    )


def text_of(page, selector: str) -> str:
    return page.inner_text(selector).strip()


def live(page, key: str) -> str:
    """A number of the live run's view (data-live=`key`)."""
    return text_of(page, f'[data-live="{key}"]')


def train_until(page, button: str, step: int, new_run: bool = False) -> None:
    """Start training with `button`, wait until the live view counts `step` updates, pause with it again.

    new_run: the click starts a new run (the setup changed), so wait for that run's view: until then the page
    still shows the previous run's step. The live loop marks `button` with the id of the run it last showed.
    """
    before = page.get_attribute(button, "data-run-id")
    page.click(button)
    page.wait_for_function(
        "([button, s, before]) => Number(document.querySelector('[data-live=\"step\"]').textContent) >= s"
        " && (before === null || document.querySelector(button).getAttribute('data-run-id') !== before)",
        arg=[button, step, before if new_run else None], timeout=15000)
    page.click(button)  # pause
