"""Lesson 2 (slides 9-13): batch, stochastic and minibatch gradient descent side by side on the fruit set (three
live runs, each card comparing its minibatch gradient with the full one), and the hazards on the way down (a
descent on a surface with a global minimum, a local minimum and a saddle point).

Parts (htmx answers of one form each, both forms' fields in the query): /settings restarts the runs with new
settings, /hazard recomputes the descent; /runs/{id}/view is a live run's card as JSON.
"""

from __future__ import annotations

from app.lessons.contract import LessonPage, Parsed, RunView

from . import hazard, runs, tex
from .state import GradientDescentState

RUN_FIELDS: tuple[str, ...] = ("lr", "mb", "seed")  # the number fields of the runs' form
HAZARD_FIELDS: tuple[str, ...] = ("x0", "y0", "hlr", "steps", "mu")  # ... and of the hazard form


def _hazard(values: dict):
    def apply(state: GradientDescentState) -> GradientDescentState:
        return state.model_copy(update=values)

    return apply


class GradientDescentPage(LessonPage):
    State = GradientDescentState
    actions = {"hz_default": _hazard(hazard.DEFAULT), "hz_momentum": _hazard(hazard.MOMENTUM)}
    parts = {"settings": "lessons/gradient-descent/_settings.html", "hazard": "lessons/gradient-descent/_hazard.html"}
    run_views = {"view": RunView(build=lambda run, state, t: runs.run_view(run, t), accepts=runs.accepts)}

    def context(self, parsed: Parsed, t) -> dict:
        st = parsed.state
        descent = hazard.descend(st.x0, st.y0, st.opt, st.hlr, st.mu, st.steps)
        return {"gd": runs, "hz": hazard, "tx": tex, "RUN_FIELDS": RUN_FIELDS, "HAZARD_FIELDS": HAZARD_FIELDS,
                "start": runs.start(), "descent": descent, "plots": hazard.plots(descent, t),
                "start_plot": runs.start_plot(t), "loss_plots": runs.loss_plots(t, st.mb),
                "run_config": runs.run_config(st, self.path, t)}

    def playground_url(self, state: GradientDescentState) -> str:
        return runs.playground_url(state)


PAGE = GradientDescentPage("gradient-descent")
