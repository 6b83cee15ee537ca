"""Lesson 3 (slides 14-23): five optimizers down one valley with the learning rates of a preset or typed in,
the loss curves, exponential decay, momentum's first steps with numbers, and a live run on real data."""

from __future__ import annotations

from urllib.parse import urlencode

from app.lessons.contract import LessonPage, Parsed
from app.services import playground as pg

from . import maths, plots, tex
from .maths import OPTIMIZERS, PRESET_STEPS, PRESETS, START
from .state import LearningRateState

# The number fields, in the form's order.
FIELDS: tuple[str, ...] = ("w1", "w2", "steps", "decay", "mu", *(f"lr_{name}" for name in OPTIMIZERS),
                           "live_lr", "live_batch", "live_decay", "live_updates")
PRESET_KEYS = {"low": "lr.preset.low", "good": "lr.preset.good", "high": "lr.preset.high",
               "diverge": "lr.preset.diverge"}
SURFACE_KEYS = {"bowl": "lr.surface.bowl", "tilted": "lr.surface.tilted"}
# Labels of the live run's fields that are words (the others are the lecture's symbols, from tex.label).
LIVE_LABELS = {"live_batch": "lr.live.label.batch", "live_updates": "lr.live.label.updates"}


def preset(state: LearningRateState) -> LearningRateState:
    """The preset's learning rates, from the default start, with its number of steps, no decay and mu = 0.9
    (the surface stays: the presets hold on both)."""
    if not state.preset:
        return state
    lrs = {f"lr_{name}": lr for name, lr in PRESETS[state.preset].items()}
    fresh = LearningRateState()
    return state.model_copy(update={**lrs, "w1": START[0], "w2": START[1], "steps": PRESET_STEPS,
                                    "decay": 0.0, "mu": fresh.mu, "preset": ""})


class LearningRatePage(LessonPage):
    State = LearningRateState
    actions = {"preset": preset, "reset": lambda state: LearningRateState()}

    def context(self, parsed: Parsed, t) -> dict:
        st = parsed.state
        found = maths.paths(st)
        return {"lr": maths, "tx": tex, "FIELDS": FIELDS, "OPTIMIZERS": OPTIMIZERS, "PRESET_KEYS": PRESET_KEYS,
                "SURFACE_KEYS": SURFACE_KEYS, "LIVE_LABELS": LIVE_LABELS, "paths": found,
                "surface": maths.SURFACES[st.surface],
                "plots": {"lr_axis": plots.lr_axis(st, t), "paths": plots.paths(st, found, t),
                          "losses": plots.losses(found, t), "lr_curves": plots.lr_curves(st, t)},
                "live_plot": plots.live(t), "live_config": maths.live_config(st)}

    def playground_url(self, state: LearningRateState) -> str:
        return pg.PATH + "?" + urlencode(pg.to_query(maths.live_experiment(state)))


PAGE = LearningRatePage("learning-rate")
