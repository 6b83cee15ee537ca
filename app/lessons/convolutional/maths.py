"""Lesson 11 (slides 58-64), the convolution workbench: one 8x8 image, one 3x3 kernel, a stride and a padding,
the feature map, and the pooled map, all computed by nnlib (Conv2d, MaxPool2d, AvgPool2d).

Shapes: the image x (1, 1, 8, 8) (a batch of one grey image, NCHW as nnlib and PyTorch), the kernel w (1, 1, 3, 3),
the feature map z (1, 1, H', W') with H' = floor((8 + 2p - 3) / s) + 1, the pooled map (1, 1, H'', W'') with
H'' = floor(H' / q) for a q x q pool of stride q.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from app.formatting import number
from app.plots import font, plot
from nnlib import images
from nnlib.conv import AvgPool2d, Conv2d, MaxPool2d

SIDE = 8  # the digits are 8x8
KERNEL = 3  # the workbench's kernel is 3x3
K_LIMIT = 10.0  # |w_ij| <= K_LIMIT
STRIDE_MAX, PADDING_MAX, POOL_MAX = 3, 2, 4

# The kernels the text talks about (rows top to bottom). Sobel x compares the right column with the left one, so
# it answers to a change from left to right: a vertical edge. Sobel y does the same from top to bottom.
KERNELS: dict[str, tuple[tuple[float, ...], ...]] = {
    "identity": ((0, 0, 0), (0, 1, 0), (0, 0, 0)),
    "edge": ((-1, -1, -1), (-1, 8, -1), (-1, -1, -1)),
    "sobel_x": ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)),
    "sobel_y": ((-1, -2, -1), (0, 0, 0), (1, 2, 1)),
    "blur": ((0.0625, 0.125, 0.0625), (0.125, 0.25, 0.125), (0.0625, 0.125, 0.0625)),
    "sharpen": ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),
}
KERNEL_NAMES = {"identity": "conv.kernel.identity", "edge": "conv.kernel.edge", "sobel_x": "conv.kernel.sobel_x",
                "sobel_y": "conv.kernel.sobel_y", "blur": "conv.kernel.blur", "sharpen": "conv.kernel.sharpen"}
SHAPES = ("vertical", "horizontal", "square")
SHAPE_NAMES = {"vertical": "conv.image.vertical", "horizontal": "conv.image.horizontal", "square": "conv.image.square"}  # drawn images beside the digits
DIGITS = tuple(str(d) for d in range(10))
IMAGES = (*DIGITS, *SHAPES)  # the image field's choices


@cache
def image(name: str) -> np.ndarray:
    """The image `name` as (8, 8) values in [0, 1]: the first digit of that class in the data set, or a shape."""
    if name in DIGITS:
        x, y = images.digits()
        return x[int(np.argmax(y == int(name))), 0]
    out = np.zeros((SIDE, SIDE))
    if name == "vertical":  # dark left half, bright right half: one vertical edge
        out[:, SIDE // 2:] = 1.0
    elif name == "horizontal":  # dark top, bright bottom: one horizontal edge
        out[SIDE // 2:, :] = 1.0
    elif name == "square":
        out[2:6, 2:6] = 1.0
    else:
        raise ValueError(f"image: unknown image {name!r}")
    return out


def output_size(n: int, k: int, p: int, s: int) -> int:
    """floor((n + 2p - k) / s) + 1: the side of the feature map (the formula the page shows)."""
    return (n + 2 * p - k) // s + 1


@dataclass
class Bench:
    """The workbench's numbers for one state: the image (8, 8), the kernel (3, 3), stride s, padding p, pool q,
    the feature map (H', W') and the pooled map (H'', W'')."""

    x: np.ndarray
    w: np.ndarray
    stride: int
    padding: int
    pool: int
    pool_kind: str
    feature: np.ndarray
    pooled: np.ndarray

    @property
    def out(self) -> int:
        return self.feature.shape[0]


def bench(state) -> Bench:
    """Convolve the state's image with its kernel (nnlib Conv2d: weight (1, 1, 3, 3), no bias, identity
    activation), then pool the feature map (nnlib MaxPool2d or AvgPool2d, q x q, stride q)."""
    x = image(state.image)
    w = np.array(state.kernel, dtype=np.float64).reshape(KERNEL, KERNEL)
    conv = Conv2d(1, 1, KERNEL, stride=state.stride, padding=state.padding)
    conv.weight.data[...] = w
    z = conv.forward(x[None, None])
    pool = (MaxPool2d if state.pool_kind == "max" else AvgPool2d)(state.pool)
    return Bench(x, w, state.stride, state.padding, state.pool, state.pool_kind, z[0, 0], pool.forward(z)[0, 0])


# ---------------------------------------------------------------- plots

def heatmap(z: np.ndarray, title: str, diverging: bool, height: int = 330) -> dict:
    """An image or map as a heatmap, row 0 at the top, one square per pixel, its value on hover."""
    rows, cols = z.shape
    trace = {"type": "heatmap", "z": np.round(z, 6).tolist(), "x": list(range(cols)), "y": list(range(rows)),
             "hovertemplate": "(%{y}, %{x}): %{z}<extra></extra>", "xgap": 1, "ygap": 1,
             "showscale": False}
    if diverging:
        top = float(np.max(np.abs(z))) or 1.0
        trace.update(colorscale="RdBu", zmin=-top, zmax=top)  # red +, blue -, as the filters
    else:
        trace.update(colorscale="Greys", zmin=0, zmax=1)
    return plot([trace], {
        "title": {"text": title, "font": font(15)}, "margin": {"l": 40, "r": 10, "t": 70, "b": 30},
        "xaxis": {"showgrid": False, "zeroline": False, "dtick": 1, "constrain": "domain"},
        "yaxis": {"showgrid": False, "zeroline": False, "dtick": 1, "autorange": "reversed",
                  "scaleanchor": "x", "constrain": "domain"},
    }, height=height)


def input_plot(b: Bench, t) -> dict:
    return heatmap(b.x, t("conv.plot.input"), diverging=False)


def _range(z: np.ndarray, t) -> str:
    """"from −4 to 4": the map's smallest and largest values (the plots have no colour bar: drawing one took
    Plotly longer than the rest of an edit's answer)."""
    return t("conv.plot.range", lo=number(float(z.min())), hi=number(float(z.max())))


def feature_plot(b: Bench, t) -> dict:
    side = b.out
    return heatmap(b.feature, t("conv.plot.feature", h=side, w=side) + "<br>" + _range(b.feature, t), diverging=True)


def pooled_plot(b: Bench, t) -> dict:
    side = b.pooled.shape[0]
    return heatmap(b.pooled, t("conv.plot.pooled", h=side, w=side) + "<br>" + _range(b.pooled, t), diverging=True)
