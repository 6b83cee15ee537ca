"""Lesson 12 (slides 65-70): attention. The lecture's two sentences in an attention workbench (W_Q, W_K, W_V
editable, the weights as heatmaps, the formula with the numbers of one query row, a causal mask), the softmax
saturating without the division by sqrt(d_k), and one attention head trained live to reverse a sequence (a run of
the runs API, its heatmap viewed at /lessons/transformers/runs/{id}/heatmap)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import cached_property

from app.lessons.contract import LessonPage, Parsed, RunView, shown_state, shown_value

from . import maths, tex
from .state import ACTIONS, CELLS, MATRICES, WEIGHT_FIELDS, TransformersState

ERRS = "errs"  # a form's hidden field: the fields that show a message now (every answer updates it)
WORKBENCH = ("sentence", "row", "causal", "scale", *WEIGHT_FIELDS)
SATURATION = ("dk", "seed")


class View:
    """What the page shows for a state, each part computed when a template first asks for it."""

    def __init__(self, state: TransformersState, t):
        self.state, self.t = state, t

    def head(self, sentence: str) -> maths.Head:
        return self.heads[sentence]

    @cached_property
    def heads(self) -> dict[str, maths.Head]:
        s = self.state
        w = [s.matrix(m) for m in MATRICES]
        return {name: maths.head(name, *w, scale=s.scale, causal=s.causal) for name in maths.SENTENCES}

    @property
    def row(self) -> int:
        """The shown query row, 0-based (the state's row, within the chosen sentence)."""
        return min(self.state.row, len(maths.SENTENCES[self.state.sentence])) - 1

    def heatmap(self, sentence: str) -> dict:
        row = self.row if sentence == self.state.sentence else None
        return maths.heatmap(self.heads[sentence], self.t(maths.HEAT_KEYS[sentence]), self.t, row)

    @cached_property
    def maths(self) -> maths.RowMaths:
        return maths.row_maths(self.heads[self.state.sentence], self.row)

    @cached_property
    def formula(self) -> list[str]:
        return tex.row(self.maths, self.state.scale, self.row + 1)

    @cached_property
    def shift(self) -> str:
        from app.formatting import number

        return number(round(maths.shared_shift(self.heads["short"], self.heads["long"]), 3))

    @cached_property
    def saturation(self) -> maths.Saturation:
        return maths.saturation(self.state.seed)

    def saturation_plot(self) -> dict:
        return maths.saturation_plot(self.saturation, self.state.dk, self.t)

    def sample_plot(self) -> dict:
        return maths.sample_plot(self.state.dk, self.state.seed, self.t)

    @cached_property
    def saturation_numbers(self) -> dict:
        return maths.saturation_numbers(self.saturation, self.state.dk, self.state.seed)

    @cached_property
    def live(self) -> dict:
        return maths.untrained_view(self.state.example - 1, self.t)

    @property
    def live_config(self) -> dict:
        return {"api": "/api/v1/runs", "speed": maths.LIVE_SPEED, "total": maths.LIVE_UPDATES,
                "experiment": maths.experiment(), "view": "/lessons/transformers/runs/{id}/heatmap",
                "untrained": "/lessons/transformers/data/untrained"}


def changed(before: TransformersState | None, state: TransformersState, action: str | None) -> set[str]:
    """The regions an answer swaps: the workbench's when one of its inputs changed, the saturation's when d_k
    or the seed did; everything when the state before is not known, or after an action."""
    if before is None or action:
        return {"workbench", "saturation"}
    out = set()
    if any(getattr(before, f) != getattr(state, f) for f in WORKBENCH):
        out.add("workbench")
    if any(getattr(before, f) != getattr(state, f) for f in SATURATION):
        out.add("saturation")
    return out


def _had_errors(query: Mapping[str, str]) -> frozenset[str] | None:
    """The fields whose message the page shows now (the form's hidden `errs`); None when unknown (all of them)."""
    text = query.get(ERRS)
    if text is None or len(text) > 2000:
        return None
    return frozenset(text.split(",")) & frozenset(TransformersState.model_fields)


def messages(parsed: Parsed) -> list[str]:
    """The fields whose message an htmx answer sends: those that have one now or had one before (the others
    show nothing either way); every field when the page's messages are not known."""
    had = getattr(parsed, "had_errors", None)
    if had is None:
        return list(TransformersState.model_fields)
    return [name for name in TransformersState.model_fields if name in had or name in parsed.errors]


def heatmap(run, state: TransformersState, t) -> dict:
    """The live run's attention weights on the state's example, with the step and the token accuracy."""
    return maths.live_view(run, state.example - 1, t)


def untrained(parsed: Parsed, t, request) -> dict:
    return maths.untrained_view(parsed.state.example - 1, t)


class TransformersPage(LessonPage):
    State = TransformersState
    actions = ACTIONS
    data = {"untrained": untrained}
    run_views = {"heatmap": RunView(heatmap, accepts=maths.is_live)}

    def handle(self, query: Mapping[str, str]) -> Parsed:
        """The contract's handling, plus what the page showed before: its state (the form's hidden `shown`) and
        the fields that had a message (hidden `errs`), so the answer swaps only what changed."""
        parsed = super().handle(query)
        if parsed.before is None:
            parsed.before = shown_state(TransformersState, query)
        parsed.had_errors = _had_errors(query)
        return parsed

    def context(self, parsed: Parsed, t) -> dict:
        state = parsed.state
        return {"v": View(state, t), "tr": maths, "tx": tex, "CELLS": CELLS, "MATRICES": MATRICES,
                "shown": shown_value(state), "messages": messages(parsed), "errs": ",".join(parsed.errors),
                "changed": changed(parsed.before, state, parsed.action)}


PAGE = TransformersPage("transformers")


def _warm() -> None:
    """The default state's saturation curve and the untrained model, computed once in the background when the
    app starts, so that the first visitor does not wait for them (about a second on a loaded machine)."""
    maths.saturation(TransformersState().seed)
    maths.untrained_view(0, lambda key, **params: key)


threading.Thread(target=_warm, name="transformers-warm", daemon=True).start()
