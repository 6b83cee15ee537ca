"""Homework downloads in Chromium: the Playground's links give the run's .npz, weights CSV and PyTorch script,
and a lesson plot's mode bar offers Plotly's own PNG download."""

from __future__ import annotations

import numpy as np
import pytest

from app.i18n import translate
from tests.test_browser_playground import open_playground, wait_attr

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_playground_downloads_npz_weights_csv_and_torch_script(page, live_server, tmp_path, lang):
    rid = open_playground(page, live_server, f"n=80&batch=8&lang={lang}")
    page.click("#pg-epoch")
    wait_attr(page, "data-step", "6")
    assert page.inner_text("#pg-npz") == translate(lang, "pg.files.npz")
    with page.expect_download() as download:
        page.click("#pg-npz")
    assert download.value.suggested_filename == f"nnlab-run-{rid[:8]}.npz"
    with np.load(download.value.path(), allow_pickle=False) as f:
        assert f["history.step"].tolist() == list(range(1, 7)) and "0.weight" in f.files
    with page.expect_download() as download:
        page.click("#pg-weights-csv")
    assert download.value.path().read_text(encoding="utf-8").startswith("parameter,i,j,k,l,value\n0.weight,0,0,,,")
    with page.expect_download() as download:
        page.click("#pg-torch")
    script = download.value.path().read_text(encoding="utf-8")
    assert "nn.Sequential(" in script and f"nnlab-run-{rid[:8]}.npz" in script
    page.problems.assert_none()


def test_a_lesson_plot_offers_plotlys_png_download(page, live_server):
    page.goto(f"{live_server}/lessons/activations?lang=en")
    page.wait_for_selector("[data-plot] .js-plotly-plot")
    page.hover("[data-plot] .js-plotly-plot")
    page.wait_for_selector("[data-plot] .modebar-btn[data-title]")
    titles = page.eval_on_selector_all("[data-plot] .js-plotly-plot >> nth=0 >> .modebar-btn",
                                       "els => els.map(e => e.getAttribute('data-title'))")
    assert titles == ["Download plot as a PNG"]
    page.problems.assert_none()
