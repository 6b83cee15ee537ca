"""Lesson 8 (slides 48-51): softmax turns a network's raw outputs into class probabilities: the lecture's two
examples, a calculator with a temperature and the cross-entropy of a true class, and a live good/bad fruit
classifier (a run of the runs API, viewed at /lessons/softmax/runs/{id}/view)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from app.lessons.contract import LessonPage, Parsed, RunView, shown_state, shown_value
from app.services import playground as pg

from . import maths, tex
from .state import LOGITS, PRESETS, SoftmaxState


def _preset(name: str):
    return lambda state: PRESETS[name]


def _is_classifier(run) -> bool:
    return run.experiment.dataset.value == "fruit_good" and run.loss.name == "cross_entropy"


def classifier(run, state: SoftmaxState, t) -> dict:
    """The classifier's probabilities over x from the run's current weights (no training here)."""
    return maths.classifier_payload(maths.classifier_view(run), t)


class SoftmaxPage(LessonPage):
    State = SoftmaxState
    actions = {**{name: _preset(name) for name in PRESETS}, "reset": _preset("preset1")}
    run_views = {"view": RunView(classifier, accepts=_is_classifier)}

    def handle(self, query: Mapping[str, str]) -> Parsed:
        """The contract's handling, plus: ?preset=N (the old links) is ?action=presetN; and what the page
        showed before (the form's hidden `shown`), so the answer swaps only what changed."""
        if "preset" in query and "action" not in query:
            query = {**query, "action": f"preset{query['preset']}"}
        parsed = super().handle(query)
        if parsed.before is None:
            parsed.before = shown_state(SoftmaxState, query)
        # The fields change shape when the logits sent are not the k the state has (k was just changed).
        sent = sum(1 for name in LOGITS if name in query)
        parsed.reshape = parsed.action is not None or ("k" in query and "k" not in parsed.errors
                                                       and sent != parsed.state.k)
        return parsed

    def context(self, parsed: Parsed, t) -> dict:
        state, before = parsed.state, parsed.before
        calc = maths.calc(state)
        if before is None or parsed.action:
            changed = {"results", "bars", "temperature"}
        else:
            changed = set()
            if before != state:
                changed |= {"results", "bars"}
            if (before.logits, before.t) != (state.logits, state.t):
                changed.add("temperature")
        return {"calc": calc, "sm": maths, "tx": tex, "changed": changed, "reshape": parsed.reshape,
                "shown": shown_value(state), "examples": maths.lecture_examples,
                "classifier": lambda: maths.classifier_payload(maths.untrained_view(), t),
                "config": lambda: {"experiment": maths.CLASSIFIER.model_dump(mode="json"), "api": "/api/v1/runs",
                                   "view": self.path + "/runs/{id}/view", "chunk": maths.CHUNK,
                                   "max_updates": maths.MAX_UPDATES}}

    def playground_url(self, state: SoftmaxState) -> str:
        return pg.PATH + "?" + urlencode(pg.to_query(maths.CLASSIFIER))


PAGE = SoftmaxPage("softmax")
