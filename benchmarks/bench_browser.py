"""Input to screen: how long after a learner types into a lesson's main input the page has finished changing,
in Debian's Chromium (Playwright) against a real uvicorn on loopback.

For each lesson: open the page with its main input scrolled to the middle of the viewport (as a learner typing
there sees it), let it settle, then `--trials` times set the main input to the next of two values and fire its
input event, and measure from that event to the last change on screen: a MutationObserver over the whole document
notes the time and the element of every change (the swapped regions, the redrawn Plotly plots, the texts), and
once the page has been quiet for 400 ms and htmx has no request in flight, the last change to an element inside
the viewport counts. Plots below the fold are redrawn after the visible ones (static/js/nnlab.js), so the time to
the last change anywhere in the page is reported beside it ("page"). Reported per lesson: median and p95 (aim
<= 100 ms and <= 150 ms, on screen), and the server's share (the htmx request's own duration, from the Resource
Timing API).

The Playground ("playground") is measured the same way on its learning-rate field, with its run paused after
one update: the edit is read by the server (GET /playground/data/experiment) and applied to the run (PATCH), and the
page shows the new rate, the status line and the URL. Its requests are fetch()es, not htmx's.

Run: .venv/bin/python benchmarks/bench_browser.py [--trials 20] [--lessons backprop,losses,playground]
     [--event change]  (the event fired: "input" as typing does; "change" for pages that answered only that)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stream import ROOT, pct, start_server  # noqa: E402

# lesson -> (its main input, two values typed in turn)
CASES = {
    "backprop": ("#w111", "25", "20"),
    "gradient-descent": ("#x0", "1.5", "-1.5"),
    "learning-rate": ("#lr_sgd", "0.05", "0.03"),
    "batch-size": ("#lr", "0.02", "0.01"),
    "initialization": ("#w_a", "3", "2"),
    "regularization": ("#reg-demo_p", "0.3", "0.5"),
    "overfitting": ("#of-noise", "0.3", "0.2"),
    "softmax": ("#sm-z1", "1.2", "0.5"),
    "activations": ("#x", "1.5", "-0.5"),
    "losses": ("#mse_x", "5", "3"),
    "convolutional": ("#conv-w11", "2", "-1"),
    "transformers": ("#tr-q32", "2", "1"),
    "playground": ("#pg-lr", "0.05", "0.03"),
}
# Pages that are not lessons: their address, and what makes them ready to measure (a run paused after a step).
PAGES = {"playground": "/playground?lang=en&n=100&batch=5"}
READY = {"playground": ("#playground[data-run-id]", "#pg-step", '#playground[data-step="1"]')}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

WATCH = """() => {
  window.__lastChange = performance.now();
  window.__changes = [];
  new MutationObserver((records) => {
    const now = performance.now();
    window.__lastChange = now;
    for (const r of records) { window.__changes.push([now, r.target]); }
  }).observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
# The learner types into a field on screen (scrolled to the middle of the viewport, as one would to type there).
TYPE = """([sel, value, event]) => {
  const el = document.querySelector(sel);
  el.scrollIntoView({block: "center"});
  el.value = value;
  window.__changes = [];
  const t0 = performance.now();
  window.__t0 = t0;
  el.dispatchEvent(new Event(event, {bubbles: true}));
  return t0;
}"""
# The last change a learner could see: of the changes since the input, the last one to an element (or a text's
# element) that is in the viewport once the page has settled (it does not scroll while measured).
ON_SCREEN = """() => {
  let last = window.__t0;
  for (const [t, node] of window.__changes) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    if (t <= last || !el || !el.isConnected) { continue; }
    const r = el.getBoundingClientRect();
    if (r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth) { last = t; }
  }
  return last;
}"""
STATE = """() => [performance.now(), window.__lastChange, document.querySelectorAll(".htmx-request").length,
  performance.getEntriesByType("resource").filter(e => (e.initiatorType === "xmlhttprequest"
    || e.initiatorType === "fetch") && e.startTime >= window.__t0).map(e => e.duration)]"""


def settle(page, quiet_ms: float = 400, timeout: float = 10.0, after: float = -1.0) -> tuple[float, list[float]]:
    """Wait until the page changed after `after`, then nothing changed for quiet_ms and no htmx request is in
    flight; (time of the last change, durations of the requests since the input)."""
    end = time.monotonic() + timeout
    while True:
        now, last, busy, requests = page.evaluate(STATE)
        if last > after and busy == 0 and now - last >= quiet_ms:
            return last, requests
        if time.monotonic() > end:
            raise SystemExit(f"{page.url}: the page did not settle")
        time.sleep(0.05)


def measure(page, base: str, slug: str, trials: int, event: str = "input") -> dict:
    selector, a, b = CASES[slug]
    page.goto(base + PAGES.get(slug, f"/lessons/{slug}?lang=en"))
    page.wait_for_load_state("networkidle")
    for step in READY.get(slug, ()):
        if step.startswith("#pg-step"):
            page.click(step)
        else:
            page.wait_for_selector(step)
    page.locator(selector).scroll_into_view_if_needed()
    page.evaluate(f"() => document.querySelector({selector!r}).scrollIntoView({{block: 'center'}})")
    page.evaluate(WATCH)
    settle(page, 600)
    latencies, whole, server = [], [], []
    for i in range(trials):
        t0 = page.evaluate(TYPE, [selector, a if i % 2 == 0 else b, event])
        last, requests = settle(page, after=t0)
        latencies.append(max(0.0, page.evaluate(ON_SCREEN) - t0))
        whole.append(max(0.0, last - t0))
        server.extend(requests)
    return {"median": statistics.median(latencies), "p95": pct(latencies, 0.95),
            "whole_median": statistics.median(whole), "whole_p95": pct(whole, 0.95),
            "server": statistics.median(server) if server else float("nan"), "n": len(latencies)}


def main(args) -> None:
    from playwright.sync_api import sync_playwright

    proc, base = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            print(f"{'lesson':18s} {'median':>8s} {'p95':>8s} {'request':>8s} {'page med':>9s} {'page p95':>9s}"
                  "   (ms from the input to the last change on screen; request: the server's answer; page: to the"
                  " last change anywhere in the page, plots below the fold included)")
            for slug in args.lessons.split(","):
                r = measure(page, base, slug, args.trials, args.event)
                flag = "" if r["median"] <= 100 and r["p95"] <= 150 else "   over the aim (100 / 150 ms)"
                print(f"{slug:18s} {r['median']:8.0f} {r['p95']:8.0f} {r['server']:8.0f} {r['whole_median']:9.0f}"
                      f" {r['whole_p95']:9.0f}{flag}", flush=True)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--lessons", default=",".join(CASES))
    parser.add_argument("--event", default="input", choices=["input", "change"])
    import os
    os.chdir(ROOT)
    main(parser.parse_args())
