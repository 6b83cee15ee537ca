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


def train_until(page, button: str, step: int) -> None:
    """Start training with `button`, wait until the live view counts `step` updates, pause with it again."""
    page.click(button)
    page.wait_for_function("(s) => Number(document.querySelector('[data-live=\"step\"]').textContent) >= s",
                           arg=step, timeout=15000)
    page.click(button)  # pause
