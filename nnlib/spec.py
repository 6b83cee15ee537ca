"""Networks from plain dicts and back, the format the API and the pages use.

spec = {"inputs": n, "layers": [{"units": k, "activation": "relu", "alpha": a?, "weight": [[...]]?,
        "bias": [...]?}, {"type": "dropout", "p": 0.5}, {"type": "batchnorm"}]}
A dense layer's weight is (units, inputs of that layer); a missing weight is drawn by `init` from `rng`,
a missing bias is zeros.

Image networks give "inputs": [C, H, W] and use {"type": "conv2d", "out_channels", "kernel_size", "stride"?,
"padding"?, "activation"?, "alpha"?, "weight"?, "bias"?} (weight (out_channels, C, kH, kW); kernel_size, stride
and padding an int or [height, width]; stride 1 and padding 0 by default), {"type": "maxpool2d" or
"avgpool2d", "kernel_size", "stride"?} (stride defaults to kernel_size) and {"type": "flatten"}, after which
dense layers follow. {"type": "residual", "layers": [...]} is y = x + F(x) with F the inner layers (which keep
the shape). Sequence networks take x (n, T, inputs) and may use {"type": "attention", "d_k", "d_v"?, "causal"?,
"scale"?, "w_q"?, "w_k"?, "w_v"?} (one self-attention head; weights (d_k, d_model) and (d_v, d_model)); dense
layers act on the last axis. `LAYER_TYPES` maps each "type" to its builder.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import initializers
from .activations import PReLU
from .attention import SelfAttention
from .conv import AvgPool2d, Conv2d, Flatten, MaxPool2d
from .layers import BatchNorm1d, Dense, Dropout, Sequential
from .module import Module
from .residual import Residual

# The shape of what flows between layers: an int (features) or (C, H, W) (images).
Shape = int | tuple[int, int, int]


def _array(values, shape: tuple[int, ...], what: str) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.shape != shape:
        raise ValueError(f"{what}: expected shape {shape}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what}: values must be finite numbers")
    return arr


def _features(shape: Shape, where: str, kind: str) -> int:
    if not isinstance(shape, int):
        raise ValueError(f"{where}: a {kind} layer needs flat features, got images {list(shape)}; "
                         'add {"type": "flatten"} before it')
    return shape


def _images(shape: Shape, where: str, kind: str) -> tuple[int, int, int]:
    if isinstance(shape, int):
        raise ValueError(f"{where}: a {kind} layer needs images (C, H, W), got {shape} flat features; give "
                         '"inputs": [C, H, W]')
    return shape


def _weights(layer, ls: dict, where: str, rng, init: str, init_kw: dict | None) -> None:
    """Set weight and bias from the spec, or draw the weight with the initializer (bias stays zeros)."""
    shape = layer.weight.data.shape
    if ls.get("weight") is not None:
        layer.weight.data = _array(ls["weight"], shape, f"{where}.weight")
    else:
        layer.weight.data = initializers.init(init, shape, rng, **(init_kw or {}))
    if ls.get("bias") is not None:
        layer.bias.data = _array(ls["bias"], layer.bias.data.shape, f"{where}.bias")


def _dense(ls, shape, where, rng, init, init_kw):
    features = _features(shape, where, "dense")
    units = int(ls["units"])
    layer = Dense(features, units, ls.get("activation", "identity"), ls.get("alpha"))
    _weights(layer, ls, where, rng, init, init_kw)
    return layer, units


def _dropout(ls, shape, where, rng, init, init_kw):
    return Dropout(float(ls.get("p", 0.5)), rng), shape


def _batchnorm(ls, shape, where, rng, init, init_kw):
    features = _features(shape, where, "batchnorm")
    layer = BatchNorm1d(features)
    for key in ("gamma", "beta"):
        if ls.get(key) is not None:
            getattr(layer, key).data = _array(ls[key], (features,), f"{where}.{key}")
    for key in ("running_mean", "running_var"):
        if ls.get(key) is not None:
            setattr(layer, key, _array(ls[key], (features,), f"{where}.{key}"))
    return layer, shape


def _conv2d(ls, shape, where, rng, init, init_kw):
    c, h, w = _images(shape, where, "conv2d")
    layer = Conv2d(c, int(ls["out_channels"]), ls["kernel_size"], ls.get("stride", 1), ls.get("padding", 0),
                   ls.get("activation", "identity"), ls.get("alpha"))
    _weights(layer, ls, where, rng, init, init_kw)
    return layer, layer.output_shape(h, w)


def _pool(cls):
    def build_pool(ls, shape, where, rng, init, init_kw):
        layer = cls(ls["kernel_size"], ls.get("stride"))
        return layer, layer.output_shape(*_images(shape, where, cls.kind))
    return build_pool


def _flatten(ls, shape, where, rng, init, init_kw):
    c, h, w = _images(shape, where, "flatten")
    return Flatten(), c * h * w


def _residual(ls, shape, where, rng, init, init_kw):
    inner, out = _layers(ls.get("layers") or [], shape, f"{where}.layers", rng, init, init_kw)
    if out != shape:
        raise ValueError(f"{where}: the inner layers change the shape from {shape} to {out}; x + F(x) needs F to "
                         "keep it")
    if not inner:
        raise ValueError(f"{where}.layers: a residual block needs at least one layer")
    return Residual(*inner), shape


def _attention(ls, shape, where, rng, init, init_kw):
    d_model = _features(shape, where, "attention")
    layer = SelfAttention(d_model, int(ls["d_k"]), ls.get("d_v"), bool(ls.get("causal", False)),
                          bool(ls.get("scale", True)))
    for name in ("w_q", "w_k", "w_v"):
        param = getattr(layer, name)
        if ls.get(name) is not None:
            param.data = _array(ls[name], param.data.shape, f"{where}.{name}")
        else:
            param.data = initializers.init(init, param.data.shape, rng, **(init_kw or {}))
    return layer, layer.d_v


# type -> builder(layer_spec, shape in, where, rng, init, init_kw) -> (layer, shape out)
LAYER_TYPES: dict[str, Callable[..., tuple[Module, Shape]]] = {
    "dense": _dense,
    "dropout": _dropout,
    "batchnorm": _batchnorm,
    "conv2d": _conv2d,
    "maxpool2d": _pool(MaxPool2d),
    "avgpool2d": _pool(AvgPool2d),
    "flatten": _flatten,
    "residual": _residual,
    "attention": _attention,
}


def input_shape(inputs) -> Shape:
    """The spec's "inputs": an int (features) stays an int; [C, H, W] becomes a tuple of three ints >= 1."""
    if isinstance(inputs, (list, tuple)):
        if len(inputs) != 3 or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1
                                   for v in inputs):
            raise ValueError(f"inputs: expected a number of features or [C, H, W] (integers >= 1), got {inputs!r}")
        return tuple(int(v) for v in inputs)
    return int(inputs)


def _layers(specs, shape, where, rng, init, init_kw) -> tuple[list[Module], Shape]:
    layers: list[Module] = []
    for i, ls in enumerate(specs):
        kind = ls.get("type", "dense")
        at = f"{where}[{i}]"
        if kind not in LAYER_TYPES:
            raise ValueError(f"{at}.type: unknown layer type {kind!r}; known: {', '.join(LAYER_TYPES)}")
        layer, shape = LAYER_TYPES[kind](ls, shape, at, rng, init, init_kw)
        layers.append(layer)
    return layers, shape


def build(spec: dict, rng: np.random.Generator, init: str = "he_normal", init_kw: dict | None = None) -> Sequential:
    """Build a Sequential from a spec; the rng draws missing weights and later dropout masks."""
    layers, _ = _layers(spec["layers"], input_shape(spec["inputs"]), "layers", rng, init, init_kw)
    return Sequential(*layers)


def _alpha(layer) -> dict:
    """{"alpha": value} for an activation with a parameter (a learned PReLU alpha included), else {}."""
    if isinstance(layer.activation, PReLU):
        return {"alpha": float(layer.activation.alpha.data[0])}
    if hasattr(layer.activation, "alpha"):
        return {"alpha": layer.activation.alpha}
    return {}


def _int_or_pair(hw: tuple[int, int]):
    return hw[0] if hw[0] == hw[1] else list(hw)


def _layer_spec(layer: Module) -> dict | None:
    if isinstance(layer, Dense):
        return {"type": "dense", "units": layer.out_features, "activation": layer.activation.name,
                "weight": layer.weight.data.tolist(), "bias": layer.bias.data.tolist(), **_alpha(layer)}
    if isinstance(layer, Conv2d):
        return {"type": "conv2d", "out_channels": layer.out_channels,
                "kernel_size": _int_or_pair(layer.kernel_size), "stride": _int_or_pair(layer.stride),
                "padding": _int_or_pair(layer.padding), "activation": layer.activation.name,
                "weight": layer.weight.data.tolist(), "bias": layer.bias.data.tolist(), **_alpha(layer)}
    if isinstance(layer, (MaxPool2d, AvgPool2d)):
        return {"type": layer.kind, "kernel_size": _int_or_pair(layer.kernel_size),
                "stride": _int_or_pair(layer.stride)}
    if isinstance(layer, Flatten):
        return {"type": "flatten"}
    if isinstance(layer, Dropout):
        return {"type": "dropout", "p": layer.p}
    if isinstance(layer, BatchNorm1d):
        return {"type": "batchnorm", "gamma": layer.gamma.data.tolist(), "beta": layer.beta.data.tolist(),
                "running_mean": layer.running_mean.tolist(), "running_var": layer.running_var.tolist()}
    if isinstance(layer, Residual):
        return {"type": "residual", "layers": [d for d in map(_layer_spec, layer.inner.layers) if d is not None]}
    if isinstance(layer, SelfAttention):
        return {"type": "attention", "d_k": layer.d_k, "d_v": layer.d_v, "causal": layer.causal,
                "scale": layer.scale, "w_q": layer.w_q.data.tolist(), "w_k": layer.w_k.data.tolist(),
                "w_v": layer.w_v.data.tolist()}
    return None


def to_spec(model: Sequential, inputs) -> dict:
    """The spec of a model with every parameter filled in (lists of floats, exact float64 values).

    inputs: the number of features, or (C, H, W) for an image network (written as a list)."""
    out = [d for d in (_layer_spec(layer) for layer in model.layers) if d is not None]
    return {"inputs": list(inputs) if isinstance(inputs, (list, tuple)) else inputs, "layers": out}
