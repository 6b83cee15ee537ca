"""Lesson 12's state: the workbench's W_Q, W_K, W_V (entries q11..q44, k11..k44, v11..v44: row, column), which
sentence's query row the formula shows, the causal mask and the division by sqrt(d_k); the d_k of the saturation
part and the seed of its random rows (and of the "random" preset); the example the live heatmap shows.
Defaults: identity projections, the long sentence, the row of "lamb"."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from app import bounds as B
from app.formatting import limit_text
from app.lessons.contract import FieldError, LessonState

from .maths import CONTEXT_Q, DK_MAX, DK_MIN, IDENTITY, LIVE_EXAMPLES, SENTENCES, T_MAX, W_LIMIT, D, random_weights

MATRICES = ("q", "k", "v")
CELLS: dict[str, tuple[str, ...]] = {m: tuple(f"{m}{i}{j}" for i in range(1, D + 1) for j in range(1, D + 1))
                                     for m in MATRICES}
WEIGHT_FIELDS: tuple[str, ...] = tuple(name for m in MATRICES for name in CELLS[m])


def _w(default: float):
    return Field(default, ge=-W_LIMIT, le=W_LIMIT, allow_inf_nan=False)


class _Base(LessonState):
    sentence: Literal["short", "long"] = Field("long", description="the sentence whose query row is shown")
    row: int = Field(9, ge=1, le=T_MAX, description="the query row (token) the formula shows, 1..T")
    causal: bool = Field(False, description="mask the keys after each query")
    scale: bool = Field(True, description="divide the scores by sqrt(d_k)")
    dk: int = Field(16, ge=DK_MIN, le=DK_MAX, description="d_k of the saturation part")
    seed: int = B.SEED.field(1, "seed of the random rows and of the random preset")
    example: int = Field(1, ge=1, le=LIVE_EXAMPLES, description="the validation example of the live heatmap")

    def check(self) -> list[FieldError]:
        if self.row > len(SENTENCES[self.sentence]):
            return [FieldError("row", "error.field.range",
                               {"min": "1", "max": limit_text(len(SENTENCES[self.sentence]))})]
        return []

    def matrix(self, m: str) -> np.ndarray:
        """W_Q, W_K or W_V (m = "q", "k", "v"), (D, D)."""
        return np.array([getattr(self, name) for name in CELLS[m]], dtype=np.float64).reshape(D, D)


# The 48 weight fields are generated (a registry, not 48 lines): q11..q44, k11..k44, v11..v44.
TransformersState = type("TransformersState", (_Base,), {
    "__annotations__": {name: float for name in WEIGHT_FIELDS},
    **{name: _w(1.0 if name[1] == name[2] else 0.0) for name in WEIGHT_FIELDS},
    "__module__": __name__,
})


def with_matrices(state, **mats) -> object:
    """The state with the given matrices (q=..., k=..., v=...) written into its fields."""
    values = {name: float(w[i // D, i % D]) for m, w in mats.items() for i, name in enumerate(CELLS[m])}
    return state.model_copy(update=values)


def identity(state):
    return with_matrices(state, q=IDENTITY, k=IDENTITY, v=IDENTITY)


def context(state):
    return with_matrices(state, q=CONTEXT_Q, k=IDENTITY, v=IDENTITY)


def randomize(state):
    wq, wk, wv = random_weights(state.seed)
    return with_matrices(state, q=wq, k=wk, v=wv)


def reset(state):
    return TransformersState()


ACTIONS = {"identity": identity, "context": context, "random": randomize, "reset": reset}
