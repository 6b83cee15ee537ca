"""Lesson 1 (slides 6-8): the lecture's 1-2-1 ReLU network, one sample, forward, loss, backward, one SGD step."""

from __future__ import annotations

from app.lessons.contract import LessonPage, Parsed

from . import maths, tex
from .state import BackpropState

FIELDS: tuple[str, ...] = (*maths.PARAMETERS, "x", "y_true", "lr")  # the number fields, in the form's order


def view(parsed: Parsed) -> maths.BackpropView:
    """The page's numbers for a state, with the fields' texts and messages."""
    st = parsed.state
    out = maths.evaluate(st, st.history, st.view, st.param)
    out.texts, out.errors = parsed.texts, parsed.errors
    return out


def step(state: BackpropState):
    """One SGD step of every parameter (unless the history is full or the step would leave the bounds)."""
    after = maths.step(maths.evaluate(state, state.history, state.view, state.param))
    return after.inputs, after.notice


class BackpropPage(LessonPage):
    State = BackpropState
    actions = {"step": step, "reset": lambda state: BackpropState(view=state.view, param=state.param),
               # The lecture's values again, with a γ that works for them.
               "good_lr": lambda state: BackpropState(view=state.view, param=state.param, lr=maths.GOOD_LR)}

    def context(self, parsed: Parsed, t) -> dict:
        s = view(parsed)
        if parsed.action == "step" and parsed.notice is None:
            # What each parameter was and became, and the loss before and after.
            b = parsed.before
            before = maths.evaluate(b, b.history, b.view, b.param)
            s.last_step = [(n, getattr(b, n), getattr(s.inputs, n)) for n in maths.PARAMETERS]
            s.last_loss = (before.values["loss"], s.values["loss"])
        s.notice = parsed.notice
        return {"s": s, "bp": maths, "tx": tex, "FIELDS": FIELDS}


PAGE = BackpropPage("backprop")
