"""Lesson 11's state: the workbench's image, its 3x3 kernel w11..w33, the stride, the padding and the pool
(size and kind). The same image is the one whose feature maps the live network shows. Defaults: the digit 3 and
the Sobel x kernel, stride 1, padding 1, a 2x2 max pool."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.lessons.contract import FieldError, LessonState

from .maths import IMAGES, K_LIMIT, KERNEL, KERNELS, PADDING_MAX, POOL_MAX, SIDE, STRIDE_MAX, output_size

WEIGHTS: tuple[str, ...] = tuple(f"w{i}{j}" for i in range(1, KERNEL + 1) for j in range(1, KERNEL + 1))
DEFAULT_KERNEL = "sobel_x"


def _weight(i: int):
    row, col = divmod(i, KERNEL)
    return Field(float(KERNELS[DEFAULT_KERNEL][row][col]), ge=-K_LIMIT, le=K_LIMIT, allow_inf_nan=False)


class ConvState(LessonState):
    image: Literal[IMAGES] = "3"  # type: ignore[valid-type]
    w11: float = _weight(0)
    w12: float = _weight(1)
    w13: float = _weight(2)
    w21: float = _weight(3)
    w22: float = _weight(4)
    w23: float = _weight(5)
    w31: float = _weight(6)
    w32: float = _weight(7)
    w33: float = _weight(8)
    stride: int = Field(1, ge=1, le=STRIDE_MAX, description="stride s of the convolution")
    padding: int = Field(1, ge=0, le=PADDING_MAX, description="zeros added on every side, p")
    pool: int = Field(2, ge=1, le=POOL_MAX, description="pool size q (q x q windows, stride q)")
    pool_kind: Literal["max", "avg"] = "max"

    def check(self) -> list[FieldError]:
        side = self.out
        if self.pool > side:
            return [FieldError("pool", "conv.error.pool", {"out": side})]
        return []

    @property
    def out(self) -> int:
        """The side of the feature map, floor((8 + 2p - 3) / s) + 1."""
        return output_size(SIDE, KERNEL, self.padding, self.stride)

    @property
    def kernel(self) -> list[list[float]]:
        return [[getattr(self, f"w{i}{j}") for j in range(1, KERNEL + 1)] for i in range(1, KERNEL + 1)]


def with_kernel(state: ConvState, name: str) -> ConvState:
    """The state with the preset kernel `name` (image, stride, padding and pool kept)."""
    values = {f"w{i + 1}{j + 1}": float(v) for i, row in enumerate(KERNELS[name]) for j, v in enumerate(row)}
    return state.model_copy(update=values)


FIELDS: tuple[str, ...] = ("image", *WEIGHTS, "stride", "padding", "pool", "pool_kind")
