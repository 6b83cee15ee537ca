"""Lesson 11 (slides 58-64): convolutional networks. A convolution workbench (an image, a 3x3 kernel, stride,
padding, pooling, all computed by nnlib), a LeNet-style network trained live on the 8x8 digits (its filters, the
feature maps of the chosen image and the confusion matrix at /lessons/convolutional/runs/{id}/lenet), and a deep
plain network against the same one with residual connections, both trained live."""

from __future__ import annotations

from collections.abc import Mapping

from app.lessons.contract import LessonPage, Parsed, RunView, shown_state, shown_value

from . import live, maths, tex
from .state import FIELDS, WEIGHTS, ConvState, with_kernel


def _preset(name: str):
    return lambda state: with_kernel(state, name)


def changed(before: ConvState | None, state: ConvState, action: str | None) -> set[str]:
    """The regions an answer swaps: all after an action or when the state shown before is not known; else the
    input image when the image changed, the maps when anything did, the size formulas when stride, padding or pool
    did."""
    if before is None or action:
        return {"input", "maps", "size", "kernel"}
    out: set[str] = set()
    if before.image != state.image:
        out.add("input")
    if before != state:
        out.add("maps")
    if (before.stride, before.padding, before.pool) != (state.stride, state.padding, state.pool):
        out.add("size")
    return out


def lenet(run, state: ConvState, t) -> dict:
    return live.lenet_view(run, state, t)


class ConvPage(LessonPage):
    State = ConvState
    actions = {**{name: _preset(name) for name in maths.KERNELS}, "reset": lambda state: ConvState()}
    run_views = {"lenet": RunView(lenet, accepts=live.is_lenet)}

    def handle(self, query: Mapping[str, str]) -> Parsed:
        parsed = super().handle(query)
        if parsed.before is None:
            parsed.before = shown_state(ConvState, query)
        return parsed

    def context(self, parsed: Parsed, t) -> dict:
        state = parsed.state
        return {"b": maths.bench(state), "cv": maths, "lv": live, "tx": tex, "FIELDS": FIELDS, "WEIGHTS": WEIGHTS,
                "shown": shown_value(state), "changed": changed(parsed.before, state, parsed.action),
                "lenet": lambda: live.untrained(state, t), "config": live.config}


PAGE = ConvPage("convolutional")
