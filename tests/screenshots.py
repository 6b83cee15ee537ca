"""Screenshots of every page for anyone to look at: projector mode at 1024x768 and the phone view at 390x844, in
Polish and English (`make screenshots`; PNG files in screenshots/, or the directory given as the argument).

Not a test: it starts the app on a real uvicorn (tests.conftest.serve) and drives Debian's Chromium like the browser
tests do, waiting until each page has drawn its plots.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from app.lessons import LESSONS
from app.main import create_app
from tests.conftest import CHROMIUM_ARGS, _chromium_path, serve

PAGES = [("index", "/"), ("playground", "/playground")]
PAGES += [(lesson.slug, lesson.path) for lesson in LESSONS if lesson.has_page]
VIEWS = {"projector": {"width": 1024, "height": 768}, "phone": {"width": 390, "height": 844}}
PLOTS_DRAWN = """() => [...document.querySelectorAll("[data-plot]")]
    .every(el => el.offsetParent === null || el.querySelector(".js-plotly-plot"))"""


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    path = _chromium_path()
    if path is None:
        print("Chromium not found: apt-get install chromium", file=sys.stderr)
        return 1
    written = 0
    with serve(create_app()) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        for view, viewport in VIEWS.items():
            context = browser.new_context(viewport=viewport, device_scale_factor=1)
            if view == "projector":
                context.add_init_script("localStorage.setItem('nnlab-projector', '1')")
            page = context.new_page()
            for name, url in PAGES:
                for lang in ("pl", "en"):
                    page.goto(f"{base}{url}?lang={lang}")
                    page.wait_for_function(PLOTS_DRAWN, timeout=20000)
                    page.wait_for_timeout(300)  # the last Plotly.react of an animation frame
                    target = out / f"{view}-{name}-{lang}.png"
                    page.screenshot(path=str(target), full_page=view == "phone")
                    written += 1
            context.close()
        browser.close()
    print(f"{written} screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
