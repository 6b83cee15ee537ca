"""Lesson 9 (slides 52-55): activation functions and their derivatives, the lecture's dead ReLU neuron on ten Iris
rows and on all 150, and two live runs (ReLU against Leaky ReLU) in which units die, or do not."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from urllib.parse import urlencode

from app.lessons.contract import LessonPage, Parsed, RunView, shown_state, shown_value
from app.runs.experiment import Experiment
from app.services import playground as pg

from . import maths, tex
from .state import FIELDS, GALLERY, NEURON, ActivationsState


class View:
    """What the page shows for a state, each part computed when a template first asks for it."""

    def __init__(self, state: ActivationsState):
        self.state = state

    @cached_property
    def curves(self) -> list[maths.Curve]:
        return maths.curves(self.state)

    @cached_property
    def probe(self) -> list[tuple[str, float, float]]:
        return maths.probe(self.state)

    @cached_property
    def ten(self) -> maths.Neuron:
        return maths.neuron(self.state.weights, self.state.b, slice(0, maths.ROWS))

    @cached_property
    def all(self) -> maths.Neuron:
        return maths.neuron(self.state.weights, self.state.b)

    @cached_property
    def trained(self) -> tuple[list[float], float]:
        return maths.train_neuron(self.state.weights, self.state.b)

    @property
    def unchanged(self) -> bool:
        w, b = self.trained
        return w == self.state.weights and b == self.state.b

    def experiment(self, activation: str) -> dict:
        return maths.experiment(activation, self.state.live_lr)

    @cached_property
    def live_config(self) -> dict:
        """What the page's script needs: the two runs' Experiments, the stream's speed and where to stop."""
        return {"api": "/api/v1/runs", "speed": maths.LIVE_SPEED, "updates": maths.LIVE_UPDATES,
                "units": maths.LIVE_UNITS, "runs": {a: self.experiment(a) for a in maths.LIVE_ACTIVATIONS}}

    @cached_property
    def playground_url(self) -> str:
        """The Playground with the ReLU run's setup."""
        return pg.PATH + "?" + urlencode(pg.to_query(Experiment.model_validate(self.experiment("relu"))))


def changed(before: ActivationsState | None, state: ActivationsState, action: str | None) -> set[str]:
    """The regions an answer swaps: a card per activation whose alpha changed, the probe, the neuron, the live
    settings; all of them when the page's state before is not known, or after an action."""
    everything = {*maths.SHOWN, "probe", "neuron", "live"}
    if before is None or action:
        return everything
    out = {name for name, field in maths.ALPHA_FIELD.items() if getattr(before, field) != getattr(state, field)}
    if out or before.x != state.x:
        out.add("probe")
    if any(getattr(before, f) != getattr(state, f) for f in NEURON):
        out.add("neuron")
    if before.live_lr != state.live_lr:
        out.add("live")
    return out


def inactive(run, state: ActivationsState, t) -> dict:
    """{"step", "inactive": per hidden layer the fraction of units with z <= 0 for every training row}."""
    return {"step": run.trainer.step, "inactive": [float(m.mean()) for m in maths.off_units(run)]}


def _is_live(run) -> bool:
    return run.experiment.dataset.value == "iris" and all(h.activation.value in maths.LIVE_ACTIVATIONS
                                                          for h in run.experiment.hidden)


class ActivationsPage(LessonPage):
    State = ActivationsState
    actions = {"reset": lambda state: ActivationsState()}
    run_views = {"inactive": RunView(inactive, accepts=_is_live)}

    def handle(self, query: Mapping[str, str]) -> Parsed:
        parsed = super().handle(query)
        if parsed.before is None:
            parsed.before = shown_state(ActivationsState, query)
        return parsed

    def context(self, parsed: Parsed, t) -> dict:
        state = parsed.state
        labels = {f: None for f in FIELDS}
        labels.update({"leaky_alpha": t("name.activation.leaky_relu"),
                       "prelu_alpha": t("name.activation.prelu") + t("act.label.start"),
                       "elu_alpha": t("name.activation.elu"), "x": t("act.label.probe")})
        return {"v": View(state), "act": maths, "tx": tex, "FIELDS": FIELDS, "GALLERY": GALLERY, "NEURON": NEURON,
                "labels": labels, "shown": shown_value(state),
                "changed": changed(parsed.before, state, parsed.action)}

    def playground_url(self, state: ActivationsState) -> str:
        return View(state).playground_url


PAGE = ActivationsPage("activations")
