"""Image networks through nnlib.spec (inputs [C, H, W], conv2d / pooling / flatten layers), nnlib.trace and the
Trainer; kernel initializers' fans."""

import json

import numpy as np
import pytest

from nnlib.conv import AvgPool2d, Conv2d, Flatten, MaxPool2d
from nnlib.initializers import fans
from nnlib.layers import Dense
from nnlib.losses import LOSSES
from nnlib.optimizers import OPTIMIZERS
from nnlib.regularizers import REGULARIZERS
from nnlib.spec import build, to_spec
from nnlib.trace import trace
from nnlib.training import Trainer

CONV_SPEC = {"inputs": [1, 8, 8], "layers": [
    {"type": "conv2d", "out_channels": 3, "kernel_size": 3, "padding": 1, "activation": "prelu"},
    {"type": "maxpool2d", "kernel_size": 2},
    {"type": "conv2d", "out_channels": 4, "kernel_size": [3, 2], "stride": [1, 2], "activation": "leaky_relu",
     "alpha": 0.2},
    {"type": "avgpool2d", "kernel_size": 2, "stride": 1},
    {"type": "dropout", "p": 0.0},
    {"type": "flatten"},
    {"units": 5, "activation": "tanh"},
    {"units": 3},
]}


def test_conv_spec_builds_the_layers_with_their_shapes():
    model = build(CONV_SPEC, np.random.default_rng(0))
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Conv2d", "MaxPool2d", "Conv2d", "AvgPool2d", "Dropout", "Flatten", "Dense", "Dense"]
    assert model[0].weight.data.shape == (3, 1, 3, 3) and model[2].weight.data.shape == (4, 3, 3, 2)
    # 8x8 -> conv pad 1: 8x8 -> pool 2: 4x4 -> conv (3, 2) stride (1, 2): 2x2 -> avgpool 2 stride 1: 1x1.
    assert model[6].in_features == 4 * 1 * 1
    out = model.forward(np.random.default_rng(1).normal(size=(2, 1, 8, 8)))
    assert out.shape == (2, 3)


def test_conv_spec_round_trips_bit_for_bit_through_json():
    model = build(CONV_SPEC, np.random.default_rng(2))
    model[0].activation.alpha.data[...] = 0.37  # a learned PReLU alpha survives too
    first = to_spec(model, (1, 8, 8))
    assert first["inputs"] == [1, 8, 8]
    conv = first["layers"][2]
    assert (conv["type"], conv["out_channels"], conv["kernel_size"], conv["stride"], conv["padding"],
            conv["activation"], conv["alpha"]) == ("conv2d", 4, [3, 2], [1, 2], 0, "leaky_relu", 0.2)
    assert first["layers"][1] == {"type": "maxpool2d", "kernel_size": 2, "stride": 2}
    assert first["layers"][3] == {"type": "avgpool2d", "kernel_size": 2, "stride": 1}
    assert first["layers"][5] == {"type": "flatten"}
    rebuilt = build(json.loads(json.dumps(first)), np.random.default_rng(3))
    assert to_spec(rebuilt, [1, 8, 8]) == first
    for p, q in zip(model.parameters(), rebuilt.parameters(), strict=True):
        assert p.data.tobytes() == q.data.tobytes()
    x = np.random.default_rng(4).normal(size=(3, 1, 8, 8))
    assert model.eval().forward(x).tobytes() == rebuilt.eval().forward(x).tobytes()


def test_missing_conv_weights_use_fan_in_of_the_kernel():
    spec = {"inputs": [4, 10, 10], "layers": [{"type": "conv2d", "out_channels": 300, "kernel_size": 5}]}
    w = build(spec, np.random.default_rng(5), init="he_normal")[0].weight.data
    # fan_in = 4 * 5 * 5 = 100: std sqrt(2/100); 30,000 draws give the std to about 0.4 %.
    assert abs(w.std() / np.sqrt(2 / 100) - 1) < 0.03
    w = build(spec, np.random.default_rng(5), init="xavier_uniform")[0].weight.data
    bound = np.sqrt(6 / (100 + 300 * 25))
    assert np.max(np.abs(w)) <= bound and np.max(np.abs(w)) > 0.99 * bound
    assert np.all(build(spec, np.random.default_rng(5))[0].bias.data == 0)


def test_fans_of_matrices_and_kernels():
    assert fans((7, 3)) == (3, 7)
    assert fans((8, 2, 3, 5)) == (2 * 15, 8 * 15)
    with pytest.raises(ValueError, match="initializers expect"):
        fans((4,))


@pytest.mark.parametrize(("spec", "message"), [
    ({"inputs": 4, "layers": [{"type": "conv2d", "out_channels": 2, "kernel_size": 3}]},
     r"layers\[0\]: a conv2d layer needs images \(C, H, W\)"),
    ({"inputs": [1, 8, 8], "layers": [{"units": 3}]}, r"layers\[0\]: a dense layer needs flat features"),
    ({"inputs": [1, 8, 8], "layers": [{"type": "batchnorm"}]}, "a batchnorm layer needs flat features"),
    ({"inputs": 8, "layers": [{"type": "flatten"}]}, "a flatten layer needs images"),
    ({"inputs": [1, 4, 4], "layers": [{"type": "conv2d", "out_channels": 2, "kernel_size": 5}]},
     "output size 0 < 1"),
    ({"inputs": [1, 4, 4], "layers": [{"type": "maxpool2d", "kernel_size": 2},
                                      {"type": "maxpool2d", "kernel_size": 3}]}, "output size 0 < 1"),
    ({"inputs": [1, 8, 8], "layers": [{"type": "conv2d", "out_channels": 2, "kernel_size": 3,
                                       "weight": np.zeros((2, 1, 3, 2)).tolist()}]},
     r"layers\[0\]\.weight: expected shape \(2, 1, 3, 3\)"),
    ({"inputs": [1, 8, 8], "layers": [{"type": "conv2d", "out_channels": 2, "kernel_size": 3, "bias": [0.0]}]},
     r"layers\[0\]\.bias: expected shape \(2,\)"),
    ({"inputs": [1, 8], "layers": []}, r"inputs: expected a number of features or \[C, H, W\]"),
    ({"inputs": [1, 0, 8], "layers": []}, r"inputs: expected"),
    ({"inputs": [1, 8, 8], "layers": [{"type": "conv2d", "out_channels": 2, "kernel_size": 3,
                                       "activation": "softmax"}]}, "softmax"),
])
def test_build_rejects_bad_image_specs(spec, message):
    with pytest.raises(ValueError, match=message):
        build(spec, np.random.default_rng(0))


def test_trace_of_a_conv_network_returns_each_conv_and_dense_layer():
    model = build(CONV_SPEC, np.random.default_rng(6))
    rng = np.random.default_rng(7)
    x = rng.uniform(size=(4, 1, 8, 8))
    y = rng.integers(0, 3, size=4)
    t = trace(model, x, y, LOSSES["cross_entropy"](), REGULARIZERS["l2"](0.01))
    layers = t["layers"]
    assert [d.get("type") for d in layers] == ["conv2d", "conv2d", None, None]
    conv, dense = layers[0], layers[2]
    assert set(conv) == set(dense) | {"type"}
    for key, shape in (("z", (4, 3, 8, 8)), ("a", (4, 3, 8, 8)), ("grad_a", (4, 3, 8, 8)),
                       ("grad_z", (4, 3, 8, 8)), ("grad_weight", (3, 1, 3, 3)), ("grad_bias", (3,))):
        assert conv[key].shape == shape, key
    assert layers[1]["z"].shape == (4, 4, 2, 2)
    assert t["output"].shape == (4, 3)
    assert t["penalty"] > 0 and t["loss"] == t["data_loss"] + t["penalty"]
    # The trace's gradients are the model's (the L2 term included): 2 lambda w on top of the data gradient.
    model.zero_grad()
    loss = LOSSES["cross_entropy"]()
    loss.forward(model.forward(x), y)
    model.backward(loss.backward())
    np.testing.assert_allclose(conv["grad_weight"], model[0].weight.grad + 0.02 * model[0].weight.data,
                               rtol=1e-12, atol=1e-15)
    # dL/dz = dL/da * prelu'(z).
    alpha = model[0].activation.alpha.data[0]
    np.testing.assert_allclose(conv["grad_z"], conv["grad_a"] * np.where(conv["z"] > 0, 1.0, alpha), rtol=1e-14)


def test_trace_of_a_conv_network_rejects_flat_input():
    model = build(CONV_SPEC, np.random.default_rng(8))
    with pytest.raises(ValueError, match=r"expected x of shape \(n, C, H, W\)"):
        trace(model, np.zeros((2, 64)), [0, 1], LOSSES["cross_entropy"]())
    with pytest.raises(ValueError, match="expected x with 1 channels"):
        trace(model, np.zeros((2, 3, 8, 8)), [0, 1], LOSSES["cross_entropy"]())


def test_trainer_takes_image_batches_and_lowers_the_loss():
    rng = np.random.default_rng(9)
    model = build(CONV_SPEC, rng)
    # Two classes of 8x8 images told apart by where the bright square is.
    x = rng.uniform(0.0, 0.2, size=(64, 1, 8, 8))
    y = np.arange(64) % 3
    for i, c in enumerate(y):
        x[i, 0, 2 * c:2 * c + 3, 2 * c:2 * c + 3] += 1.0
    trainer = Trainer(model, LOSSES["cross_entropy"](), OPTIMIZERS["adam"](model.parameters(), lr=0.01), x, y,
                      batch_size=16, shuffle=True, rng=rng)
    assert trainer.x.shape == (64, 1, 8, 8) and trainer.updates_per_epoch == 4
    history = trainer.fit(30)
    assert history["epoch_loss"][-1] < 0.2 * history["epoch_loss"][0]
    assert np.mean(np.argmax(model.eval().forward(x), axis=1) == y) == 1.0


def test_trainer_and_to_spec_keep_dense_networks_as_before():
    spec = {"inputs": 2, "layers": [{"units": 3, "activation": "relu"}, {"units": 1}]}
    model = build(spec, np.random.default_rng(10))
    out = to_spec(model, 2)
    assert out["inputs"] == 2 and list(out["layers"][0]) == ["type", "units", "activation", "weight", "bias"]
    trainer = Trainer(model, LOSSES["mse"](), OPTIMIZERS["sgd"](model.parameters(), lr=0.1), [1.0, 2.0], [3.0],
                      batch_size=1, shuffle=False, rng=np.random.default_rng(0))
    assert trainer.x.shape == (1, 2)  # a 1-D x is still one sample


def test_layer_reprs_name_their_settings():
    assert repr(Conv2d(1, 6, 3, padding=1, activation="relu")) == (
        "Conv2d(1, 6, kernel_size=3, stride=(1, 1), padding=(1, 1), activation='relu')")
    assert repr(MaxPool2d(2)) == "MaxPool2d(kernel_size=(2, 2), stride=(2, 2))"
    assert repr(AvgPool2d(3, 1)) == "AvgPool2d(kernel_size=(3, 3), stride=(1, 1))"
    assert repr(Flatten()) == "Flatten()" and "Dense" in repr(Dense(2, 3))


def test_checkpoint_of_a_conv_trainer_continues_exactly():
    import json as _json

    from nnlib import checkpoint

    def make():
        rng = np.random.default_rng(11)
        model = build(CONV_SPEC, rng)
        data_rng = np.random.default_rng(12)
        x, y = data_rng.uniform(size=(24, 1, 8, 8)), data_rng.integers(0, 3, size=24)
        return Trainer(model, LOSSES["cross_entropy"](), OPTIMIZERS["adam"](model.parameters(), lr=0.01), x, y,
                       batch_size=8, shuffle=True, rng=rng)

    a, b = make(), make()
    for _ in range(5):
        a.update()
    checkpoint.load(b, _json.loads(_json.dumps(checkpoint.save(a))))
    for _ in range(4):
        assert a.update() == b.update()
    for p, q in zip(a.model.parameters(), b.model.parameters(), strict=True):
        assert p.data.tobytes() == q.data.tobytes()
