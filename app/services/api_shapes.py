"""The JSON API's checks of shapes across fields, before any work: what flows between the layers of a network
spec (features or images), each layer's parameters against it, x against the network's inputs.

Each check appends (loc, message) pairs to `errors`, loc being the path of the field in the request body, and
app.services.api raises them together as one InputError (a 422). The shape rules are nnlib.spec's and
nnlib.conv's (H' = floor((H + 2 padding - kernel) / stride) + 1), checked here first so that every failure names
its field; `NetShape` also gives the per-sample sizes the cost caps count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from app import api_models as m
from nnlib import activations

Loc = tuple[str | int, ...]
Shape = int | tuple[int, int, int]  # what flows between layers: features, or images (C, H, W)

FLATTEN = '{"type": "flatten"}'
SIDES = ("height", "width")


@dataclass
class NetShape:
    """A network spec's sizes, per sample."""

    inputs: Shape
    outputs: int | None = None  # units of the last dense layer (None: no dense layer, or the shapes do not fit)
    weighted: list[int] = field(default_factory=list)  # positions of the dense and conv2d layers in network.layers
    traced: int = 0  # numbers of z over the dense and conv2d layers: what a trace answers (4 arrays of it)
    working: int = 0  # numbers a pass holds: inputs, every layer's outputs, conv2d's im2col windows

    @property
    def images(self) -> bool:
        return not isinstance(self.inputs, int)


def _pair(value) -> tuple[int, int]:
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def _size(shape: Shape) -> int:
    return shape if isinstance(shape, int) else int(np.prod(shape))


def mismatch(values: list, shape: tuple[int, ...], names: tuple[str, ...], loc: Loc) -> tuple[Loc, str] | None:
    """The first place where nested lists differ from `shape` (axis k named names[k]): (loc, message), or None."""
    if len(values) != shape[0]:
        return loc, f"expected {shape[0]} {names[0]}, got {len(values)}"
    if len(shape) > 1:
        for i, item in enumerate(values):
            found = mismatch(item, shape[1:], names[1:], loc + (i,))
            if found:
                return found
    return None


# ---------------------------------------------------------------- each layer type: (spec, shape in) -> shape out

def _flat(shape: Shape, at: Loc, kind: str, errors: list) -> bool:
    if isinstance(shape, int):
        return True
    errors.append((at, f"a {kind} layer needs flat features, got images {list(shape)} (C, H, W); add {FLATTEN} "
                       "before it"))
    return False


def _images(shape: Shape, at: Loc, kind: str, errors: list) -> bool:
    if not isinstance(shape, int):
        return True
    errors.append((at, f"a {kind} layer needs images (C, H, W), got {shape} flat features; images come from "
                       "network.inputs [C, H, W] and stay images until a flatten"))
    return False


def _alpha(layer, at: Loc, errors: list) -> None:
    if layer.alpha is not None and layer.activation not in activations.ALPHA_DEFAULTS:
        errors.append((at + ("alpha",), f"activation {layer.activation!r} takes no alpha; only "
                                        f"{', '.join(activations.ALPHA_DEFAULTS)} do"))


def _sides(hw: tuple[int, int], layer, padding, at: Loc, errors: list) -> tuple[int, int] | None:
    """(H', W') of a conv2d or pooling layer on images of sides hw; None after recording the error."""
    kernel, stride, pad = _pair(layer.kernel_size), _pair(layer.stride or layer.kernel_size), _pair(padding)
    out = []
    for side, size, k, s, p in zip(SIDES, hw, kernel, stride, pad):
        o = (size + 2 * p - k) // s + 1
        formula = f"floor(({size} + 2 x {p} - {k}) / {s}) + 1 = {o}"
        if o < 1:
            errors.append((at + ("kernel_size",), f"a kernel {k} does not fit an image {side} of {size}"
                                                  f"{f' with padding {p}' if p else ''}: output {side} {formula} < 1"))
            return None
        if o > m.MAX_SIDE:
            errors.append((at + ("padding",), f"output {side} {formula} exceeds {m.MAX_SIDE}: images between layers "
                                              f"have sides 1..{m.MAX_SIDE}, as input images; use less padding"))
            return None
        out.append(o)
    return out[0], out[1]


def _dense(layer: m.DenseSpec, shape: Shape, at: Loc, net: NetShape, errors: list) -> Shape | None:
    if not _flat(shape, at, "dense", errors):
        return None
    _alpha(layer, at, errors)
    if layer.weight is not None:
        w = layer.weight
        if len(w) != layer.units:
            errors.append((at + ("weight",), f"expected {layer.units} rows (units) of {shape} numbers (inputs of "
                                             f"this layer), got {len(w)} rows"))
        for r, row in enumerate(w):
            if len(row) != shape:
                errors.append((at + ("weight", r), f"expected {shape} numbers (inputs of this layer), got {len(row)}"))
                break
    if layer.bias is not None and len(layer.bias) != layer.units:
        errors.append((at + ("bias",), f"expected {layer.units} numbers (units), got {len(layer.bias)}"))
    net.weighted.append(at[-1])
    net.traced += layer.units
    net.working += layer.units
    net.outputs = layer.units
    return layer.units


def _conv2d(layer: m.Conv2dSpec, shape: Shape, at: Loc, net: NetShape, errors: list) -> Shape | None:
    if not _images(shape, at, "conv2d", errors):
        return None
    _alpha(layer, at, errors)
    c = shape[0]
    kh, kw = _pair(layer.kernel_size)
    if layer.weight is not None:
        found = mismatch(layer.weight, (layer.out_channels, c, kh, kw),
                         ("rows (out_channels)", f"kernels (in_channels: C = {c} of the images coming in)",
                          "rows (kernel height)", "numbers (kernel width)"), at + ("weight",))
        if found:
            errors.append((found[0], f"{found[1]}; the weight is (out_channels, in_channels, kH, kW) = "
                                     f"({layer.out_channels}, {c}, {kh}, {kw})"))
    if layer.bias is not None and len(layer.bias) != layer.out_channels:
        errors.append((at + ("bias",), f"expected {layer.out_channels} numbers (out_channels), got "
                                       f"{len(layer.bias)}"))
    hw = _sides(shape[1:], layer, layer.padding, at, errors)
    if hw is None:
        return None
    positions = hw[0] * hw[1]
    net.weighted.append(at[-1])
    net.traced += layer.out_channels * positions
    net.working += (c * kh * kw + layer.out_channels) * positions  # the windows (im2col) and z
    return layer.out_channels, *hw


def _pool(kind: str) -> Callable:
    def check(layer, shape: Shape, at: Loc, net: NetShape, errors: list) -> Shape | None:
        if not _images(shape, at, kind, errors):
            return None
        hw = _sides(shape[1:], layer, 0, at, errors)
        if hw is None:
            return None
        net.working += shape[0] * hw[0] * hw[1]
        return shape[0], *hw
    return check


def _flatten(layer: m.FlattenSpec, shape: Shape, at: Loc, net: NetShape, errors: list) -> Shape | None:
    return _size(shape) if _images(shape, at, "flatten", errors) else None


def _dropout(layer: m.DropoutSpec, shape: Shape, at: Loc, net: NetShape, errors: list) -> Shape | None:
    return shape  # any shape: a mask of the same


def _batchnorm(layer: m.BatchNormSpec, shape: Shape, at: Loc, net: NetShape, errors: list) -> Shape | None:
    if not _flat(shape, at, "batchnorm", errors):
        return None
    for key in ("gamma", "beta", "running_mean", "running_var"):
        values = getattr(layer, key)
        if values is not None and len(values) != shape:
            errors.append((at + (key,), f"expected {shape} numbers (features before this layer), got {len(values)}"))
    return shape


# layer spec -> check(spec, shape in, loc, sizes so far, errors) -> shape out, or None when it does not fit
CHECKS: dict[type, Callable[..., Shape | None]] = {
    m.DenseSpec: _dense, m.Conv2dSpec: _conv2d, m.MaxPool2dSpec: _pool("maxpool2d"),
    m.AvgPool2dSpec: _pool("avgpool2d"), m.FlattenSpec: _flatten, m.DropoutSpec: _dropout,
    m.BatchNormSpec: _batchnorm,
}


def check_network(spec: m.NetworkSpec, errors: list) -> NetShape:
    """The layers in order, each against the shape the one before gives it: parameter shapes, images where
    images are needed (and flat features where those are), output sizes of 1..32. Stops at the first layer the
    shape does not fit (the rest would only repeat it)."""
    inputs = spec.inputs if isinstance(spec.inputs, int) else tuple(spec.inputs)
    net = NetShape(inputs, working=_size(inputs))
    shape: Shape | None = inputs
    for i, layer in enumerate(spec.layers):
        shape = CHECKS[type(layer)](layer, shape, ("network", "layers", i), net, errors)
        if shape is None:
            net.outputs = None
            return net
    if net.outputs is None:
        errors.append((("network", "layers"), "expected at least one dense layer"))
    return net


# ---------------------------------------------------------------- x against the network's inputs

def rows(values: list, loc: Loc, width: int | None, errors: list) -> np.ndarray | None:
    """A list of equally long rows as a (n, width) float64 array, or None after recording the error."""
    want = width if width is not None else len(values[0])
    for r, row in enumerate(values):
        if len(row) != want:
            what = "inputs" if width is not None else "numbers, like row 0"
            errors.append((loc + (r,), f"expected {want} numbers ({what}), got {len(row)}"))
            return None
    return np.asarray(values, dtype=np.float64)


def check_x(values: list, inputs: Shape, loc: Loc, errors: list) -> np.ndarray | None:
    """x as a float64 array: rows (n, inputs) for a number of inputs, images (n, C, H, W) for [C, H, W]."""
    images = isinstance(values[0][0], list)  # pydantic has told rows from images (app.api_models.X)
    if isinstance(inputs, int):
        if images:
            errors.append((loc, f"network.inputs is {inputs} features: expected x as rows (samples, {inputs}), got "
                                "images (samples, C, H, W)"))
            return None
        return rows(values, loc, inputs, errors)
    if not images:
        errors.append((loc, f"network.inputs is images {list(inputs)}: expected x as images (samples, C, H, W) = "
                            f"(samples, {', '.join(map(str, inputs))}), got rows of numbers"))
        return None
    try:
        x = np.asarray(values, dtype=np.float64)
        if x.shape[1:] == inputs:
            return x
    except ValueError:  # ragged: found below
        pass
    names = (f"channels (C of network.inputs {list(inputs)})", "rows (H)", "numbers (W)")
    for i, image in enumerate(values):
        found = mismatch(image, inputs, names, loc + (i,))
        if found:
            errors.append(found)
            return None
    errors.append((loc, f"expected images (samples, {', '.join(map(str, inputs))})"))  # not reached: one differs
    return None
