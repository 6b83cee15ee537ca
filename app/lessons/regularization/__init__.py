"""Lesson 6 (slides 30-32): regularization — L1 and L2 penalties, dropout and batch normalization on a live run
(experiment.py), and dropout's train mode against eval mode on the lecture's network (demo.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup, escape

from app.lessons.contract import LessonPage, Parsed, RunView
from app.services import playground as pg

from . import demo, tex
from . import experiment as ex
from .state import RegularizationState

KINDS: tuple[tuple[str, str], ...] = (("none", "reg.kind.none"), ("l1", "reg.kind.l1"), ("l2", "reg.kind.l2"))
SETUP_TEXT = {"none": "reg.setup.none", "l1": "reg.setup.l1", "l2": "reg.setup.l2"}
# The number fields: (name, label: a message key, or LaTeX when it starts with "$"), in the forms' order.
EXPERIMENT_FIELDS = (("lam", "$\\lambda"), ("dropout", "reg.field.dropout"), ("n", "reg.field.n"),
                     ("units", "reg.field.units"))
DEMO_FIELDS = (("demo_p", "$p"), ("x", "$x"))


def draw(state: RegularizationState) -> RegularizationState:
    """New dropout masks for the demonstration."""
    return state.model_copy(update={"draw": (state.draw + 1) % (int(demo.DRAWS.hi) + 1)})


def _experiment(state: RegularizationState, **settings) -> RegularizationState:
    """A preset: the default experiment with `settings`; the demonstration keeps its own fields."""
    return RegularizationState(demo_p=state.demo_p, x=state.x, draw=state.draw, **settings)


def with_math(t):
    """tm(key, name=latex, ...): the message `key` with its {name} placeholders typeset as MathML (symbols such
    as mu_B are never shown raw); the rest of the text is escaped."""
    from app.templating import math

    def tm(key: str, **latex: str) -> Markup:
        marks = {name: f"\x01{name}\x01" for name in latex}
        out = str(escape(t(key, **marks)))
        for name, code in latex.items():
            out = out.replace(marks[name], str(math(code)))
        return Markup(out)

    return tm


def run_view(run, other, state, t) -> dict:
    return ex.payload(run, t, other)


class RegularizationPage(LessonPage):
    State = RegularizationState
    actions = {
        "reset": lambda state: RegularizationState(),
        "draw": draw,
        "dropout": lambda state: _experiment(state, dropout=ex.DROPOUT),
        "few": lambda state: _experiment(state, **ex.FEW),
    }
    run_views = {"view": RunView(run_view, accepts=lambda run: run.task == "binary", compare=True)}

    def context(self, parsed: Parsed, t) -> dict:
        st = parsed.state
        exp = ex.experiment(st)
        return {"ex": ex, "tex": tex, "tm": with_math(t), "KINDS": KINDS, "SETUP_TEXT": SETUP_TEXT,
                "EXPERIMENT_FIELDS": EXPERIMENT_FIELDS, "DEMO_FIELDS": DEMO_FIELDS,
                "train_size": ex.split_sizes(st.n)[0], "experiment": exp.model_dump(mode="json"),
                "demo": demo.calls(st.demo_p, st.x, st.draw),
                "start": lambda: ex.initial_payload(t, exp),  # only the whole page shows a run before training
                "config": {"api": "/api/v1/runs", "view": self.path + "/runs/{id}/view", "chunk": ex.CHUNK,
                           "max_updates": ex.MAX_UPDATES}}

    def playground_url(self, state: RegularizationState) -> str | None:
        """The setup in the Playground, when its controls can show it (at most 16 neurons a layer)."""
        if state.units > pg.MAX_UNITS:
            return None
        return pg.PATH + "?" + urlencode(pg.to_query(ex.experiment(state)))


PAGE = RegularizationPage("regularization")
