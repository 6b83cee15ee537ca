"""Lesson 10 (slides 56-57): each loss of the lecture against the prediction, with its gradient (nnlib's forward
and backward), why cross-entropy suits classification (a confident wrong answer), and two live runs that differ
only in the loss (BCE against MSE)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from urllib.parse import urlencode

from app.lessons.contract import LessonPage, Parsed, shown_state, shown_value
from app.runs.experiment import Experiment
from app.services import playground as pg

from . import maths, tex
from .state import FIELDS, LIVE, PANEL_FIELDS, LossesState


class View:
    """What the page shows for a state, each part computed when a template first asks for it."""

    def __init__(self, state: LossesState):
        self.state = state

    def values(self, panel: maths.Panel) -> dict:
        return maths.values(panel, self.state)

    def at_point(self, panel: maths.Panel) -> maths.Eval:
        return maths.at_point(panel, self.state)

    @cached_property
    def wrong(self) -> maths.Wrong:
        return maths.wrong(self.state.wrong_p)

    def experiment(self, loss: str) -> dict:
        return maths.experiment(loss, self.state.live_lr, self.state.live_seed)

    @cached_property
    def live_config(self) -> dict:
        """What the page's script needs: the two runs' Experiments (JSON for POST /api/v1/runs), the stream's
        speed and where to stop."""
        return {"api": "/api/v1/runs", "updates": maths.LIVE_UPDATES, "speed": maths.LIVE_SPEED,
                "runs": {name: self.experiment(name) for name in maths.LIVE_LOSSES}}

    @cached_property
    def playground_url(self) -> str:
        """The Playground with the live BCE run's setup: switch the loss to MSE there and compare."""
        return pg.PATH + "?" + urlencode(pg.to_query(Experiment.model_validate(self.experiment("bce"))))


def changed(before: LossesState | None, state: LossesState, action: str | None) -> set[str]:
    """The regions an answer swaps: a panel whose fields changed, "wrong", "live"; all of them when the page's
    state before is not known, or after an action."""
    everything = {*PANEL_FIELDS, "wrong", "live"}
    if before is None or action:
        return everything
    differs = {f for f in FIELDS if getattr(before, f) != getattr(state, f)}
    out = {name for name, fields in PANEL_FIELDS.items() if differs & set(fields)}
    if "wrong_p" in differs:
        out.add("wrong")
    if differs & set(LIVE):
        out.add("live")
    return out


BAD = "bad"  # a form's hidden field: the fields whose message the page shows now (every answer updates it)


def messages_to_send(parsed: Parsed, query: Mapping[str, str]) -> tuple[str, ...]:
    """The fields whose message an answer replaces: those with a message now, and those that showed one before
    (the form's hidden BAD); every field when the request does not say (a message swapped for nothing is work
    for the browser: 18 fields)."""
    if BAD not in query:
        return FIELDS
    before = set(str(query[BAD]).split(","))
    return tuple(f for f in FIELDS if f in parsed.errors or f in before)


class LossesPage(LessonPage):
    State = LossesState
    actions = {"reset": lambda state: LossesState()}

    def handle(self, query: Mapping[str, str]) -> Parsed:
        """The contract's handling, plus what the page showed before (the form's hidden `shown` and `bad`), so
        the answer swaps only what changed."""
        parsed = super().handle(query)
        if parsed.before is None:
            parsed.before = shown_state(LossesState, query)
        parsed.messages = messages_to_send(parsed, query)
        return parsed

    def context(self, parsed: Parsed, t) -> dict:
        state = parsed.state
        return {"v": View(state), "ls": maths, "tx": tex, "FIELDS": FIELDS, "shown": shown_value(state),
                "bad": ",".join(f for f in FIELDS if f in parsed.errors), "messages": parsed.messages,
                "changed": changed(parsed.before, state, parsed.action)}

    def playground_url(self, state: LossesState) -> str:
        return View(state).playground_url


PAGE = LossesPage("losses")
