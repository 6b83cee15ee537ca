"""Lesson 7 (slides 33-38): training, validation and test sets; overfitting; noise augmentation (experiment.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from app.lessons.contract import LessonPage, Parsed, RunView
from app.services import playground as pg

from . import experiment as ex
from .state import OverfittingState

FIELDS: tuple[tuple[str, str], ...] = (  # (field, label key) in the form's order
    ("n", "of.field.n"), ("noise", "of.field.noise"), ("layers", "of.field.layers"), ("units", "of.field.units"),
    ("copies", "of.field.copies"), ("sigma", "of.field.sigma"))


def augment(state: OverfittingState) -> OverfittingState:
    """The augmentation preset: the default data and model, k noisy copies of each training sample."""
    return OverfittingState(copies=ex.AUGMENT_COPIES, sigma=ex.AUGMENT_SIGMA)


def run_view(run, other, state, t) -> dict:
    return ex.payload(run, t, other)


class OverfittingPage(LessonPage):
    State = OverfittingState
    actions = {"reset": lambda state: OverfittingState(), "augment": augment}
    run_views = {"view": RunView(run_view, accepts=lambda run: run.task == "binary", compare=True)}

    def context(self, parsed: Parsed, t) -> dict:
        st = parsed.state
        return {"ex": ex, "FIELDS": FIELDS, "setup": ex.setup(st),
                "experiment": ex.experiment(st).model_dump(mode="json"),
                "empty_plot": ex.empty_plot(t),
                "config": {"api": "/api/v1/runs", "view": self.path + "/runs/{id}/view", "chunk": ex.CHUNK,
                           "max_updates": ex.MAX_UPDATES}}

    def playground_url(self, state: OverfittingState) -> str | None:
        """The setup in the Playground, when its controls can show it (at most 6 layers of 16 neurons)."""
        if state.units > pg.MAX_UNITS or state.layers > pg.MAX_LAYERS:
            return None
        return pg.PATH + "?" + urlencode(pg.to_query(ex.experiment(state)))


PAGE = OverfittingPage("overfitting")
