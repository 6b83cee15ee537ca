"""Lesson 8's state: the calculator's inputs. k logits z1..zk (the lecture's y21, y22, ...), a temperature T and the
true class. Defaults: the lecture's first example, softmax(0.02, 0.6), whose fruit is "bad" (class 2)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from app.formatting import limit_text
from app.lessons.contract import FieldError, LessonState

from .maths import K_MAX, K_MIN, LECTURE, T_MAX, T_MIN, Z_LIMIT

LOGITS: tuple[str, ...] = tuple(f"z{i}" for i in range(1, K_MAX + 1))


def _logit(default: float):
    return Field(default, ge=-Z_LIMIT, le=Z_LIMIT, allow_inf_nan=False)


class SoftmaxState(LessonState):
    k: int = Field(2, ge=K_MIN, le=K_MAX, description="number of classes (logits)")
    z1: float = _logit(LECTURE[0][0][0])
    z2: float = _logit(LECTURE[0][0][1])
    z3: float = _logit(0.0)
    z4: float = _logit(0.0)
    z5: float = _logit(0.0)
    z6: float = _logit(0.0)
    t: float = Field(1.0, ge=T_MIN, le=T_MAX, allow_inf_nan=False, description="temperature T")
    true: int = Field(2, ge=1, le=K_MAX, description="the true class, 1..k")

    @model_validator(mode="before")
    @classmethod
    def _only_k_logits(cls, data: Any) -> Any:
        """Logits beyond the k-th do not exist: they read 0, so a state and its URL (which names z1..zk) agree."""
        k = data.get("k", 2) if isinstance(data, dict) else None
        if isinstance(k, int) and K_MIN <= k <= K_MAX:
            data = {**data, **{f"z{i}": 0.0 for i in range(k + 1, K_MAX + 1)}}
        return data

    def check(self) -> list[FieldError]:
        if self.true > self.k:
            return [FieldError("true", "error.field.range", {"min": "1", "max": limit_text(self.k)})]
        return []

    @property
    def logits(self) -> list[float]:
        """z1..zk."""
        return [getattr(self, f"z{i}") for i in range(1, self.k + 1)]

    @property
    def fields(self) -> tuple[str, ...]:
        """The inputs the page shows for this state, in the form's order."""
        return ("k", *LOGITS[: self.k], "t", "true")

    def query(self) -> list[tuple[str, str]]:
        return [(name, self.text(name)) for name in self.fields]


PRESETS: dict[str, SoftmaxState] = {
    "preset1": SoftmaxState(),
    "preset2": SoftmaxState(z1=LECTURE[1][0][0], z2=LECTURE[1][0][1], true=1),  # softmax(1.7, 0.6): "good"
}
