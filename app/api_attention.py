"""Request and answer of POST /api/v1/attention: one head's softmax(Q K^T / sqrt(d_k)) V (nnlib.attention)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from app.api_models import MAX_ABS, MAX_HEAD_DIM, MAX_POSITIONS, Num, Strict


def _matrix(shape: str, cols: str) -> Any:
    row = Annotated[list[Num], Field(min_length=1, max_length=MAX_HEAD_DIM)]
    return Annotated[list[row], Field(min_length=1, max_length=MAX_POSITIONS,
                                      description=f"{shape}: 1..{MAX_POSITIONS} rows of {cols} 1..{MAX_HEAD_DIM} "
                                                  f"numbers, |v| <= {MAX_ABS:g}")]


Queries = _matrix("queries (Tq, d_k)", "d_k =")
Keys = _matrix("keys (Tk, d_k)", "d_k =")
Values = _matrix("values (Tk, d_v)", "d_v =")


class AttentionRequest(Strict):
    """Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V for one head and one sequence (nnlib.attention).
    k has as many columns as q (d_k) and as many rows as v (Tk); causal needs Tq == Tk."""

    q: Queries
    k: Keys
    v: Values
    scale: bool = Field(True, description="divide the scores by sqrt(d_k) before the softmax")
    causal: bool = Field(False, description="query i sees keys 0..i only (scores above the diagonal are -inf, "
                                            "their weights 0); needs Tq == Tk")


class AttentionResponse(BaseModel):
    scores: list[list[float | None]] = Field(
        description="(Tq, Tk) S = Q K^T / sqrt(d_k) (no division when scale is false), what enters the softmax; "
                    "null where the causal mask hides key j from query i (j > i), which is -inf: JSON has no "
                    "infinity")
    weights: list[list[float]] = Field(description="(Tq, Tk) softmax of each row of scores: rows sum to 1, "
                                                   "masked entries are 0")
    output: list[list[float]] = Field(description="(Tq, d_v) = weights V")
