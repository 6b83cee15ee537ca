"""Lesson 1's state: the seven parameters of the lecture's network, the sample, the learning rate, which view and
which chain rule the page shows, and the losses of the steps taken so far. Defaults: the lecture's numbers
(the learning rate is our choice: the lecture gives none)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app import lecture
from app.lessons.contract import LessonState

from .maths import LIMIT, LR_MAX, MAX_STEPS, PARAMETERS, parse_history


def _value(default: float):
    """A weight, bias or sample value: finite, |v| <= 1e6."""
    return Field(default, ge=-LIMIT, le=LIMIT, allow_inf_nan=False)


class BackpropState(LessonState):
    w111: float = _value(lecture.WEIGHTS["w111"])
    b11: float = _value(lecture.WEIGHTS["b11"])
    w121: float = _value(lecture.WEIGHTS["w121"])
    b12: float = _value(lecture.WEIGHTS["b12"])
    w211: float = _value(lecture.WEIGHTS["w211"])
    w212: float = _value(lecture.WEIGHTS["w212"])
    b21: float = _value(lecture.WEIGHTS["b21"])
    x: float = _value(lecture.SAMPLE["x"])
    y_true: float = _value(lecture.SAMPLE["y_true"])
    lr: float = Field(0.001, gt=0, le=LR_MAX, allow_inf_nan=False, json_schema_extra={"range_key": "error.field.lr_range"})
    view: Literal["forward", "backward"] = "forward"
    param: Literal[PARAMETERS] = "w211"  # type: ignore[valid-type]
    hist: str = Field("", max_length=MAX_STEPS * 20, description="the loss before each step so far, comma-separated")

    @property
    def history(self) -> list[float]:
        return parse_history(self.hist)

    def query(self) -> list[tuple[str, str]]:
        """The lecture's values are written out (a link reads on its own); view, chain and history only when set."""
        out = [(name, self.text(name)) for name in (*PARAMETERS, "x", "y_true", "lr")]
        if self.view != "forward":
            out.append(("view", self.view))
        if self.param != "w211":
            out.append(("param", self.param))
        if self.history:
            out.append(("hist", self.hist))
        return out

