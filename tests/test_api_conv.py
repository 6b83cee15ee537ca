"""Convolutional networks through the JSON API (/api/v1/trace, /api/v1/train): values written out with loops here,
the network echo, every bound and every rule across fields as a 422 naming its field, the cost caps naming the
largest value allowed, and no 5xx for any conv body (Hypothesis).

Expected values come from NumPy loops written out here, never from the API or from nnlib.
"""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.main import create_app
from app.openapi import CONV_TRACE
from app.settings import Settings

# One 1x3x3 image, a 2x2 kernel, flatten, one linear unit: small enough to write every value out.
IMAGE = np.array([[1.0, 2.0, 0.0], [-1.0, 3.0, 1.0], [2.0, 0.5, -2.0]])
KERNEL = np.array([[1.0, -1.0], [0.5, 2.0]])
CONV_BIAS = 0.25
DENSE_W = np.array([[0.5, -1.0, 2.0, 0.25]])
DENSE_B = 0.1
SMALL = {"inputs": [1, 3, 3], "layers": [
    {"type": "conv2d", "out_channels": 1, "kernel_size": 2, "activation": "relu", "weight": [[KERNEL.tolist()]],
     "bias": [CONV_BIAS]},
    {"type": "flatten"},
    {"units": 1, "weight": DENSE_W.tolist(), "bias": [DENSE_B]},
]}
SMALL_TRACE = {"network": SMALL, "x": [[IMAGE.tolist()]], "y": [1.0], "loss": "mse"}


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def strict_json(text: str):
    def refuse(token):
        raise AssertionError(f"non-finite JSON token {token}")
    return json.loads(text, parse_constant=refuse)


def post(client, path, body, status=200):
    r = client.post(f"/api/v1/{path}", json=body)
    assert r.status_code == status, r.text[:2000]
    return strict_json(r.text)


def locs(body) -> list[list]:
    return [e["loc"] for e in body["detail"]]


def conv_loops(x, w, b, stride=1, padding=0):
    """Cross-correlation by loops: x (C, H, W), w (O, C, kH, kW), b (O,) -> (O, H', W')."""
    x = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    o, c, kh, kw = w.shape
    ho, wo = (x.shape[1] - kh) // stride + 1, (x.shape[2] - kw) // stride + 1
    z = np.zeros((o, ho, wo))
    for f in range(o):
        for i in range(ho):
            for j in range(wo):
                z[f, i, j] = np.sum(x[:, i * stride:i * stride + kh, j * stride:j * stride + kw] * w[f]) + b[f]
    return z


# ---------------------------------------------------------------- values

def test_conv_trace_matches_loops_written_out(client):
    out = post(client, "trace", SMALL_TRACE)
    z = conv_loops(IMAGE[None], KERNEL[None, None], [CONV_BIAS])  # (1, 2, 2)
    a = np.maximum(z, 0)
    y = float(DENSE_W[0] @ a.ravel() + DENSE_B)
    assert out["output"][0] == pytest.approx([y], rel=1e-12)
    assert out["loss"] == pytest.approx((y - 1.0) ** 2, rel=1e-12)
    conv, dense = out["layers"]
    assert (conv["index"], conv["type"], dense["index"], dense["type"]) == (0, "conv2d", 2, "dense")
    np.testing.assert_allclose(conv["z"], [z], rtol=1e-12)
    np.testing.assert_allclose(conv["a"], [a], rtol=1e-12)
    g_y = 2 * (y - 1.0)
    grad_a = (g_y * DENSE_W[0]).reshape(1, 2, 2)
    grad_z = grad_a * (z > 0)
    np.testing.assert_allclose(conv["grad_a"], [grad_a], rtol=1e-12)
    np.testing.assert_allclose(conv["grad_z"], [grad_z], rtol=1e-12)
    # dL/dW[u, v] = sum over output pixels (i, j) of dL/dz[i, j] x[i + u, j + v]
    grad_w = np.array([[sum(grad_z[0, i, j] * IMAGE[i + u, j + v] for i in range(2) for j in range(2))
                        for v in range(2)] for u in range(2)])
    np.testing.assert_allclose(conv["grad_weight"], [[grad_w]], rtol=1e-12)
    assert conv["grad_bias"] == pytest.approx([grad_z.sum()], rel=1e-12)
    np.testing.assert_allclose(dense["grad_weight"], [g_y * a.ravel()], rtol=1e-12)


@pytest.mark.parametrize(("kind", "reduce"), [("maxpool2d", np.max), ("avgpool2d", np.mean)])
def test_pooling_takes_each_window_with_stride_and_padding_before_it(client, kind, reduce):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 2, 7, 6))
    w = rng.normal(size=(3, 2, 3, 2))
    net = {"inputs": [2, 7, 6], "layers": [
        {"type": "conv2d", "out_channels": 3, "kernel_size": [3, 2], "stride": [1, 2], "padding": [1, 0],
         "weight": w.tolist(), "bias": [0.1, -0.2, 0.3]},
        {"type": kind, "kernel_size": [2, 3], "stride": [2, 1]}, {"type": "flatten"}, {"units": 2}]}
    out = post(client, "trace", {"network": net, "x": x.tolist(), "y": [0, 1], "loss": "cross_entropy"})
    z = np.array(out["layers"][0]["z"])
    # conv_loops takes one stride and padding for both sides; these differ, so the loops are written here
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (0, 0)))
    want = np.zeros((2, 3, 7, 3))
    for n in range(2):
        for f in range(3):
            for i in range(7):
                for j in range(3):
                    want[n, f, i, j] = np.sum(xp[n, :, i:i + 3, 2 * j:2 * j + 2] * w[f]) + [0.1, -0.2, 0.3][f]
    np.testing.assert_allclose(z, want, rtol=1e-12, atol=1e-12)
    # pooled (3, 7, 3) -> (3, 3, 1) with windows 2x3, stride (2, 1); the dense layer's input is its flattening
    pooled = np.array([[[[reduce(want[n, f, 2 * i:2 * i + 2, j:j + 3]) for j in range(1)] for i in range(3)]
                        for f in range(3)] for n in range(2)])
    dense_w = np.array(out["network"]["layers"][3]["weight"])
    np.testing.assert_allclose(out["output"], pooled.reshape(2, -1) @ dense_w.T, rtol=1e-12, atol=1e-12)


def test_conv_network_echo_round_trips_into_trace_and_train(client):
    out = post(client, "trace", CONV_TRACE)
    net = out["network"]
    assert net["inputs"] == [1, 4, 4]
    assert [layer["type"] for layer in net["layers"]] == ["conv2d", "maxpool2d", "flatten", "dense"]
    conv = net["layers"][0]
    assert (conv["kernel_size"], conv["stride"], conv["padding"]) == (3, 1, 1)
    assert np.array(conv["weight"]).shape == (2, 1, 3, 3) and conv["bias"] == [0, 0]
    assert net["layers"][1] == {"type": "maxpool2d", "kernel_size": 2, "stride": 2}
    assert np.array(net["layers"][3]["weight"]).shape == (2, 8)
    again = post(client, "trace", {**CONV_TRACE, "network": net, "seed": 5})
    assert again["loss"] == out["loss"] and again["network"] == net
    trained = post(client, "train", {"network": net, "data": {"x": CONV_TRACE["x"], "y": CONV_TRACE["y"]},
                                     "loss": "cross_entropy", "optimizer": {"name": "sgd", "lr": 0.1},
                                     "batch_size": 2, "epochs": 20, "shuffle": False})
    assert trained["status"] == "ok" and trained["history"]["loss"][0] == pytest.approx(out["loss"], rel=1e-12)
    assert trained["history"]["loss"][-1] < trained["history"]["loss"][0]
    traced = post(client, "trace", {**CONV_TRACE, "network": trained["network"]})
    assert traced["network"] == trained["network"]


def test_conv_training_is_deterministic_and_seeded(client):
    rng = np.random.default_rng(0)
    body = {"network": {"inputs": [2, 5, 5], "layers": [
        {"type": "conv2d", "out_channels": 3, "kernel_size": 3, "activation": "tanh"}, {"type": "dropout", "p": 0.2},
        {"type": "avgpool2d", "kernel_size": 2, "stride": 1}, {"type": "flatten"}, {"units": 2}]},
        "data": {"x": rng.normal(size=(6, 2, 5, 5)).tolist(), "y": [0, 1, 0, 1, 1, 0]}, "loss": "cross_entropy",
        "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 3, "epochs": 3, "seed": 4}
    first = post(client, "train", body)
    assert first == post(client, "train", body) and len(first["history"]["loss"]) == 6
    assert post(client, "train", {**body, "seed": 5})["network"] != first["network"]


def test_schema_example_of_a_conv_trace_answers_200(client):
    spec = client.get(client.app.openapi_url).json()
    examples = spec["paths"]["/api/v1/trace"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert examples["conv"]["value"] == CONV_TRACE
    assert post(client, "trace", examples["conv"]["value"])["layers"][0]["type"] == "conv2d"


def test_schema_documents_the_image_bounds(client):
    schemas = client.get(client.app.openapi_url).json()["components"]["schemas"]
    conv = schemas["Conv2dSpec"]["properties"]
    assert conv["out_channels"]["maximum"] == 16 and conv["out_channels"]["minimum"] == 1
    kernel_int, kernel_pair = conv["kernel_size"]["oneOf"]
    assert kernel_int["maximum"] == 8 and [p["maximum"] for p in kernel_pair["prefixItems"]] == [8, 8]
    assert conv["padding"]["oneOf"][0]["maximum"] == 4 and conv["stride"]["oneOf"][0]["maximum"] == 8
    assert "softmax" not in conv["activation"]["enum"]
    inputs = schemas["NetworkSpec"]["properties"]["inputs"]["oneOf"]
    assert inputs[0]["maximum"] == 64 and [p["maximum"] for p in inputs[1]["prefixItems"]] == [8, 32, 32]
    images = schemas["TraceRequest"]["properties"]["x"]["oneOf"][1]
    assert images["maxItems"] == 1000 and images["items"]["maxItems"] == 8
    assert images["items"]["items"]["maxItems"] == 32 and images["items"]["items"]["items"]["maxItems"] == 32
    described = {("Conv2dSpec", "out_channels"): "1..16", ("Conv2dSpec", "kernel_size"): "1..8",
                 ("Conv2dSpec", "stride"): "1..8", ("Conv2dSpec", "padding"): "0..4",
                 ("MaxPool2dSpec", "kernel_size"): "1..8", ("NetworkSpec", "inputs"): "[C, H, W] with C 1..8",
                 ("NetworkSpec", "layers"): "sides of 1..32", ("TraceRequest", "x"): "1..1000 images"}
    for (model, name), words in described.items():
        assert words in schemas[model]["properties"][name]["description"], (model, name)
    trace = schemas["LayerTrace"]["properties"]
    assert trace["z"]["type"] == "array" and "(samples, out_channels, H', W')" in trace["z"]["description"]
    assert trace["type"]["enum"] == ["dense", "conv2d"]


# ---------------------------------------------------------------- 422 naming the field

def conv(**changes) -> dict:
    return {"type": "conv2d", "out_channels": 2, "kernel_size": 3, **changes}


HEAD = [conv(padding=1), {"type": "maxpool2d", "kernel_size": 2}, {"type": "flatten"}]


def trace_with(layers=None, inputs=(1, 4, 4), x=None, **changes) -> dict:
    body = copy.deepcopy(CONV_TRACE)
    if layers is not None:
        body["network"]["layers"] = layers
    body["network"]["inputs"] = list(inputs) if isinstance(inputs, tuple) else inputs
    if x is not None:
        body["x"] = x
    body.update(changes)
    return body


def images(n=2, c=1, h=4, w=4, value=0.5) -> list:
    return np.full((n, c, h, w), value).tolist()


def train_with(x, **changes) -> dict:
    body = {"network": CONV_TRACE["network"], "data": {"x": x, "y": [0] * len(x)}, "loss": "cross_entropy",
            "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 1, "epochs": 1}
    body.update(changes)
    return body


L0 = ["body", "network", "layers", 0]
L1 = ["body", "network", "layers", 1]
INPUTS = ["body", "network", "inputs"]
DENSE = {"units": 2}
BAD = [
    # (name, path, body, expected loc, words the message must contain)
    # bounds of single fields
    ("9 input channels", "trace", trace_with(inputs=(9, 4, 4)), INPUTS + [0], "8"),
    ("33 rows of input", "trace", trace_with(inputs=(1, 33, 4)), INPUTS + [1], "32"),
    ("0 columns of input", "trace", trace_with(inputs=(1, 4, 0)), INPUTS + [2], "1"),
    ("inputs of 2 sides", "trace", trace_with(inputs=[1, 4]), INPUTS + [2], "required"),
    ("inputs as text", "trace", trace_with(inputs="1x4x4"), INPUTS, "valid integer"),
    ("17 out_channels", "trace", trace_with([conv(out_channels=17), *HEAD[1:], DENSE]), L0 + ["out_channels"], "16"),
    ("0 out_channels", "trace", trace_with([conv(out_channels=0), *HEAD[1:], DENSE]), L0 + ["out_channels"], "1"),
    ("kernel 9", "trace", trace_with([conv(kernel_size=9), *HEAD[1:], DENSE]), L0 + ["kernel_size"], "8"),
    ("kernel pair 9", "trace", trace_with([conv(kernel_size=[3, 9]), *HEAD[1:], DENSE]), L0 + ["kernel_size", 1],
     "8"),
    ("kernel of 3 sides", "trace", trace_with([conv(kernel_size=[3, 3, 3]), *HEAD[1:], DENSE]),
     L0 + ["kernel_size"], "2"),
    ("kernel 1.5", "trace", trace_with([conv(kernel_size=1.5), *HEAD[1:], DENSE]), L0 + ["kernel_size"],
     "valid integer"),
    ("stride 0", "trace", trace_with([conv(stride=0), *HEAD[1:], DENSE]), L0 + ["stride"], "1"),
    ("stride 9", "trace", trace_with([conv(stride=9), *HEAD[1:], DENSE]), L0 + ["stride"], "8"),
    ("padding 5", "trace", trace_with([conv(padding=5), *HEAD[1:], DENSE]), L0 + ["padding"], "4"),
    ("padding -1", "trace", trace_with([conv(padding=[0, -1]), *HEAD[1:], DENSE]), L0 + ["padding", 1], "0"),
    ("pool kernel 9", "trace", trace_with([HEAD[0], {"type": "maxpool2d", "kernel_size": 9}, *HEAD[2:], DENSE]),
     L1 + ["kernel_size"], "8"),
    ("pool stride 0", "trace", trace_with([HEAD[0], {"type": "avgpool2d", "kernel_size": 2, "stride": 0},
                                           *HEAD[2:], DENSE]), L1 + ["stride"], "1"),
    ("pool without kernel", "trace", trace_with([HEAD[0], {"type": "maxpool2d"}, *HEAD[2:], DENSE]),
     L1 + ["kernel_size"], "required"),
    ("conv without kernel", "trace", trace_with([{"type": "conv2d", "out_channels": 2}, *HEAD[1:], DENSE]),
     L0 + ["kernel_size"], "required"),
    ("softmax on conv2d", "trace", trace_with([conv(activation="softmax"), *HEAD[1:], DENSE]),
     L0 + ["activation"], "tanh"),
    ("conv weight too big", "trace", trace_with([conv(weight=[[[[2e6] * 3] * 3]] * 2), *HEAD[1:], DENSE]),
     L0 + ["weight", 0, 0, 0, 0], "1000000"),
    ("conv weight of 17 filters", "trace", trace_with([conv(weight=[[[[0] * 3] * 3]] * 17), *HEAD[1:], DENSE]),
     L0 + ["weight"], "16"),
    ("conv weight kernel row of 9", "trace", trace_with([conv(weight=[[[[0] * 9] * 3]] * 2), *HEAD[1:], DENSE]),
     L0 + ["weight", 0, 0, 0], "8"),
    ("conv bias of 17", "trace", trace_with([conv(bias=[0] * 17), *HEAD[1:], DENSE]), L0 + ["bias"], "16"),
    ("unknown key in conv2d", "trace", trace_with([conv(dilation=2), *HEAD[1:], DENSE]), L0 + ["dilation"],
     "not permitted"),
    ("unknown key in flatten", "trace", trace_with([*HEAD[:2], {"type": "flatten", "start_dim": 1}, DENSE]),
     ["body", "network", "layers", 2, "start_dim"], "not permitted"),
    ("1,001 images", "trace", trace_with(x=images(1001, 1, 1, 1), y=[0] * 1001), ["body", "x"], "1000"),
    ("9 channels in x", "trace", trace_with(x=images(1, 9)), ["body", "x", 0], "8"),
    ("33 rows in x", "trace", trace_with(x=images(1, 1, 33)), ["body", "x", 0, 0], "32"),
    ("33 columns in x", "trace", trace_with(x=images(1, 1, 4, 33)), ["body", "x", 0, 0, 0], "32"),
    ("pixel too big", "trace", trace_with(x=images(2, value=2e6)), ["body", "x", 0, 0, 0, 0], "1000000"),
    ("pixel as text", "trace", trace_with(x=[[[["1"]]]]), ["body", "x", 0, 0, 0, 0], "valid number"),
    ("x neither rows nor images", "trace", trace_with(x=5), ["body", "x"], "images"),
    # rules across fields
    ("dense layer on images", "trace", trace_with([conv(), DENSE]), ["body", "network", "layers", 1], "flatten"),
    ("batchnorm on images", "trace", trace_with([conv(), {"type": "batchnorm"}, {"type": "flatten"}, DENSE]),
     ["body", "network", "layers", 1], "flatten"),
    ("conv2d on features", "trace", trace_with([conv(), *HEAD[1:], DENSE], inputs=16, x=[[0.5] * 16] * 2),
     L0, "images"),
    ("conv2d after flatten", "trace", trace_with([{"type": "flatten"}, conv(), DENSE]),
     ["body", "network", "layers", 1], "images"),
    ("maxpool2d on features", "trace", trace_with([DENSE, {"type": "maxpool2d", "kernel_size": 2}], inputs=4,
                                                  x=[[1, 2, 3, 4]] * 2), L1, "images"),
    ("flatten on features", "trace", trace_with([{"type": "flatten"}, DENSE], inputs=4, x=[[1, 2, 3, 4]] * 2),
     L0, "images"),
    ("no dense layer", "trace", trace_with([conv(), {"type": "flatten"}]), ["body", "network", "layers"], "dense"),
    ("conv weight of 3 filters for 2 out_channels", "trace",
     trace_with([conv(weight=[[[[0] * 3] * 3]] * 3), *HEAD[1:], DENSE]), L0 + ["weight"], "(2, 1, 3, 3)"),
    ("conv weight with 2 input channels for 1", "trace",
     trace_with([conv(weight=[[[[0] * 3] * 3] * 2] * 2), *HEAD[1:], DENSE]), L0 + ["weight", 0], "in_channels"),
    ("conv weight of kernel height 2", "trace",
     trace_with([conv(weight=[[[[0] * 3] * 2]] * 2), *HEAD[1:], DENSE]), L0 + ["weight", 0, 0], "kernel height"),
    ("conv weight of kernel width 2", "trace",
     trace_with([conv(weight=[[[[0] * 3, [0] * 2, [0] * 3]]] * 2), *HEAD[1:], DENSE]), L0 + ["weight", 0, 0, 1],
     "kernel width"),
    ("conv bias of 3 for 2 out_channels", "trace", trace_with([conv(bias=[0, 0, 0]), *HEAD[1:], DENSE]),
     L0 + ["bias"], "2"),
    ("alpha for relu on conv", "trace", trace_with([conv(activation="relu", alpha=0.1), *HEAD[1:], DENSE]),
     L0 + ["alpha"], "leaky_relu"),
    ("kernel larger than the image", "trace", trace_with([conv(kernel_size=5), *HEAD[1:], DENSE]),
     L0 + ["kernel_size"], "< 1"),
    ("kernel wider than the image", "trace", trace_with([conv(kernel_size=[1, 6], padding=[0, 0]), *HEAD[1:],
                                                         DENSE]), L0 + ["kernel_size"], "width"),
    ("pool window larger than the image", "trace",
     trace_with([conv(padding=1), {"type": "avgpool2d", "kernel_size": 5}, {"type": "flatten"}, DENSE]),
     L1 + ["kernel_size"], "< 1"),
    ("padding grows the image past 32", "trace",
     trace_with([conv(kernel_size=1, padding=4), {"type": "flatten"}, DENSE], inputs=(1, 30, 30),
                x=images(1, 1, 30, 30), y=[0]), L0 + ["padding"], "32"),
    ("dense weight after flatten", "trace", trace_with([*HEAD, {"units": 2, "weight": [[0] * 9] * 2}]),
     ["body", "network", "layers", 3, "weight", 0], "8 numbers"),
    ("batchnorm after flatten", "trace",
     trace_with([*HEAD, {"type": "batchnorm", "gamma": [1] * 9}, DENSE], mode="eval"),
     ["body", "network", "layers", 3, "gamma"], "8 numbers"),
    ("rows for an image network", "trace", trace_with(x=[[0.5] * 16] * 2), ["body", "x"], "images"),
    ("images for a dense network", "trace",
     {"network": {"inputs": 4, "layers": [DENSE]}, "x": images(2, 1, 2, 2), "y": [0, 1], "loss": "cross_entropy"},
     ["body", "x"], "rows"),
    ("x with 2 channels for 1", "trace", trace_with(x=images(2, 2)), ["body", "x", 0], "channels"),
    ("x of 3 rows for 4", "trace", trace_with(x=[images(1)[0], images(1, 1, 3)[0]]), ["body", "x", 1, 0], "(H)"),
    ("x with a short row", "trace", trace_with(x=[[[[0] * 4, [0] * 4, [0] * 3, [0] * 4]]] * 2),
     ["body", "x", 0, 0, 2], "(W)"),
    ("targets for 2 images, 3 sent", "trace", trace_with(y=[0, 1, 1]), ["body", "y"], "2 targets"),
    ("class index past the outputs", "trace", trace_with(y=[0, 2]), ["body", "y"], "0..1"),
    ("train: x of the wrong size", "train", train_with(images(2, 1, 5, 5)), ["body", "data", "x", 0, 0], "(H)"),
    ("train: a data set for an image network", "train",
     {**train_with(images(2)), "data": {"dataset": "circle"}}, INPUTS, "images"),
    ("train: 1,001 images", "train", train_with(images(1001, 1, 1, 1)), ["body", "data", "x"], "1000"),
]


@pytest.mark.parametrize(("path", "body", "loc", "words"), [case[1:] for case in BAD], ids=[c[0] for c in BAD])
def test_bad_conv_input_is_422_naming_the_field(client, path, body, loc, words):
    out = post(client, path, body, status=422)
    hits = [e for e in out["detail"] if e["loc"] == loc]
    assert hits, f"no error at {loc}: {out['detail']}"
    assert any(words in e["msg"] for e in hits), hits
    assert all(set(e) >= {"loc", "msg", "type"} for e in out["detail"])


# ---------------------------------------------------------------- cost caps: 422 naming the largest value allowed

def _largest(msg: str, unit: str) -> int:
    """k of "... at most k <unit> ..."."""
    return int(msg.split("at most ")[1].split(f" {unit}")[0])


WIDE = {"inputs": [1, 32, 32], "layers": [
    {"type": "conv2d", "out_channels": 16, "kernel_size": 1}, {"type": "flatten"}, {"units": 1}]}


def test_trace_values_cap_counts_conv_outputs_and_names_the_largest_sample_count(client):
    # 16 x 32 x 32 outputs of the conv2d layer and 1 of the dense one a sample: 100,000 allow 6 samples.
    def body(n):
        return {"network": WIDE, "x": images(n, 1, 32, 32), "y": [0.0] * n, "loss": "mse"}
    out = post(client, "trace", body(7), status=422)
    (error,) = out["detail"]
    assert error["loc"] == ["body", "x"] and "7 x 16385" in error["msg"] and "limit 100000" in error["msg"]
    assert _largest(error["msg"], "samples") == 6
    assert len(post(client, "trace", body(6))["layers"][0]["z"]) == 6


def test_memory_cap_counts_conv_windows_and_names_the_largest_batch():
    # conv 8 -> 16, 7x7, padding 3 on 8x32x32 images: 8 x 49 x 1024 windows and 16 x 1024 outputs a position,
    # twice (the second conv 16 -> 1 looks at 16 x 49 windows): a sample holds 1,254,400 numbers in a pass.
    net = {"inputs": [8, 32, 32], "layers": [
        {"type": "conv2d", "out_channels": 16, "kernel_size": 7, "padding": 3},
        {"type": "conv2d", "out_channels": 1, "kernel_size": 7, "padding": 3}, {"type": "flatten"}, {"units": 1}]}
    working = 8 * 1024 + (8 * 49 + 16) * 1024 + (16 * 49 + 1) * 1024 + 1
    small = TestClient(create_app(Settings(max_request_seconds=60)))
    body = {"network": net, "data": {"x": images(5, 8, 32, 32, 0.0), "y": [0.0] * 5}, "loss": "mse",
            "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 5, "epochs": 1}
    out = post(small, "train", body, status=422)
    (error,) = out["detail"]
    assert error["loc"] == ["body", "batch_size"] and f"5 x {working}" in error["msg"]
    assert _largest(error["msg"], "batch_size") == 6_000_000 // working == 4


def test_seconds_cap_of_a_conv_network_names_the_largest_epochs_and_allows_them():
    small = TestClient(create_app(Settings(max_request_seconds=0.05)))
    body = {"network": CONV_TRACE["network"], "data": {"x": images(8, value=0.1), "y": [0, 1] * 4},
            "loss": "cross_entropy", "optimizer": {"name": "sgd", "lr": 0.01}, "batch_size": 2, "epochs": 1000}
    out = post(small, "train", body, status=422)
    (error,) = out["detail"]
    assert error["loc"] == ["body", "epochs"]
    largest = _largest(error["msg"], "epochs")
    assert 1 <= largest < 1000
    assert post(small, "train", {**body, "epochs": largest})["status"] == "ok"
    post(small, "train", {**body, "epochs": largest + 1}, status=422)


def test_seconds_cap_of_a_conv_trace_names_the_largest_sample_count():
    small = TestClient(create_app(Settings(max_request_seconds=0.002)))
    body = {"network": WIDE, "x": images(6, 1, 32, 32), "y": [0.0] * 6, "loss": "mse"}
    out = post(small, "trace", body, status=422)
    largest = _largest(out["detail"][0]["msg"], "samples")
    assert out["detail"][0]["loc"] == ["body", "x"] and 1 <= largest < 5
    post(small, "trace", {**body, "x": body["x"][:largest], "y": body["y"][:largest]})
    post(small, "trace", {**body, "x": body["x"][:largest + 1], "y": body["y"][:largest + 1]}, status=422)


# ---------------------------------------------------------------- no 5xx, whatever the conv body

def mostly(good, bad):
    """Values of `good`, and one time in twenty of `bad` (out of bounds, the wrong shape)."""
    return st.integers(0, 19).flatmap(lambda k: bad if k == 0 else good)


SIZE = mostly(st.integers(1, 3), st.sampled_from([0, -1, 9]))
PAIR = st.one_of(SIZE, st.lists(SIZE, min_size=2, max_size=2), mostly(st.nothing(), st.lists(SIZE, max_size=3)))


@st.composite
def image_layer(draw):
    kind = draw(st.sampled_from(["conv2d", "conv2d", "maxpool2d", "avgpool2d", "dropout"]))
    if kind == "conv2d":
        layer = {"type": kind, "out_channels": draw(mostly(st.integers(1, 4), st.just(17))),
                 "kernel_size": draw(PAIR), "activation": draw(mostly(st.sampled_from(["relu", "tanh", "prelu"]),
                                                                      st.just("softmax")))}
        if draw(st.booleans()):
            layer["stride"] = draw(PAIR)
        if draw(st.booleans()):
            layer["padding"] = draw(mostly(st.integers(0, 2), st.sampled_from([-1, 5, [1, 2, 3]])))
        if draw(st.integers(0, 3)) == 0:  # a weight of some shape: rarely the right one
            layer["weight"] = np.full(draw(st.tuples(*[st.integers(1, 3)] * 4)), 0.5).tolist()
        if draw(st.integers(0, 3)) == 0:
            layer["bias"] = [0.1] * draw(st.integers(1, 4))
        return layer
    if kind == "dropout":
        return {"type": kind, "p": 0.25}
    layer = {"type": kind, "kernel_size": draw(PAIR)}
    if draw(st.booleans()):
        layer["stride"] = draw(PAIR)
    return layer


@st.composite
def flat_layer(draw):
    kind = draw(st.sampled_from(["dense", "dense", "dropout", "batchnorm"]))
    if kind == "dense":
        return {"units": draw(st.integers(1, 4)), "activation": draw(st.sampled_from(["identity", "softmax"]))}
    return {"type": kind}


@st.composite
def conv_body(draw):
    """A conv network (images layers, flatten, dense layers) and images for it; now and then a layer out of
    place, a value out of bounds, x of another shape."""
    c, h, w = draw(SIZE), draw(mostly(st.integers(2, 10), st.just(33))), draw(st.integers(1, 10))
    classes = draw(st.integers(2, 4))
    layers = [*draw(st.lists(image_layer(), max_size=3)), {"type": "flatten"},
              *draw(st.lists(flat_layer(), max_size=2)), {"units": classes}]
    if draw(st.integers(0, 4)) == 0:
        layers = draw(st.permutations(layers))
    inputs = draw(mostly(st.just([c, h, w]), st.sampled_from([abs(c * h * w) or 1, [c, h]])))
    n = draw(st.integers(1, 3))
    xc, xh, xw = (max(1, v + draw(mostly(st.just(0), st.sampled_from([1, -1])))) for v in (c, h, w))
    x = np.linspace(-1, 1, n * xc * xh * xw).reshape(n, xc, xh, xw).tolist()
    return {"network": {"inputs": inputs, "layers": layers}, "x": x,
            "y": draw(st.lists(mostly(st.integers(0, classes - 1), st.just(classes)), min_size=n, max_size=n)),
            "loss": draw(mostly(st.sampled_from(["cross_entropy", "nll"]), st.just("mse"))),
            "mode": draw(st.sampled_from(["train", "eval"]))}


@given(body=conv_body(), path=st.sampled_from(["trace", "train"]))
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_conv_body_gets_a_server_error(client, body, path):
    if path == "train":
        body = {"network": body["network"], "data": {"x": body["x"], "y": body["y"]}, "loss": body["loss"],
                "optimizer": {"name": "sgd", "lr": 0.1}, "batch_size": 1, "epochs": 2}
    r = client.post(f"/api/v1/{path}", json=body)
    assert r.status_code in (200, 422), r.text[:500]
    out = strict_json(r.text)
    if r.status_code == 422:
        assert all(e["loc"][0] == "body" and e["msg"] for e in out["detail"]), out
