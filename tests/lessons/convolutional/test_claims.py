"""Lesson 11's claims as tests: each sentence of app/lessons/convolutional/messages.py that states an outcome,
checked on the lesson's own code (the workbench's `bench`, the live runs' Experiments as the page sends them),
with a margin, over several seeds where randomness is involved. Each docstring quotes the claim's catalog key."""

from __future__ import annotations

import math

import numpy as np
import pytest

from app.lessons.convolutional import live
from app.lessons.convolutional.maths import bench
from app.lessons.convolutional.state import ConvState, with_kernel
from app.runs.run import Run

SEEDS = (1, 2, 3)


def feature(image: str, kernel: str, **kw) -> np.ndarray:
    return bench(with_kernel(ConvState(image=image, **kw), kernel)).feature


def interior(z: np.ndarray) -> np.ndarray:
    return z[1:-1, 1:-1]


def test_sobel_x_answers_to_vertical_edges_and_not_to_horizontal_ones():
    """conv.bench.kernels: Sobel x answers to vertical edges and gives 0 on horizontal ones (away from the
    border); Sobel y the other way round. The page's default padding p = 1."""
    assert np.abs(interior(feature("vertical", "sobel_x"))).max() >= 3.9  # 4: the whole edge under the window
    assert np.abs(interior(feature("horizontal", "sobel_x"))).max() == 0
    assert np.abs(interior(feature("horizontal", "sobel_y"))).max() >= 3.9
    assert np.abs(interior(feature("vertical", "sobel_y"))).max() == 0
    # with p = 0 there is no border of zeros: 0 everywhere
    assert np.abs(feature("horizontal", "sobel_x", padding=0)).max() == 0


def test_the_border_of_zeros_makes_edges_of_its_own():
    """conv.bench.kernels: "where the padding's zeros make edges of their own"."""
    z = feature("horizontal", "sobel_x")
    assert np.abs(z[:, 0]).max() >= 1 and np.abs(z[:, -1]).max() >= 1


@pytest.mark.parametrize("image", ["3", "8", "square"])
def test_identity_with_padding_1_returns_the_image(image):
    """conv.bench.kernels: Identity with p = 1 returns the image unchanged."""
    b = bench(with_kernel(ConvState(image=image, padding=1, stride=1), "identity"))
    assert np.array_equal(b.feature, b.x)


def test_blur_keeps_a_flat_region_and_the_edge_kernel_gives_0_on_it():
    """conv.bench.kernels: The blur's weights add up to 1, so a flat region keeps its brightness, and the edge
    kernel gives 0 on it."""
    from app.lessons.convolutional.maths import KERNELS

    assert sum(map(sum, KERNELS["blur"])) == 1
    flat_bright = (slice(3, 5), slice(3, 5))  # the square is rows and columns 2..5: these windows lie inside it
    flat_dark = (slice(0, 1), slice(0, 8))  # windows over the padding's zeros and the image's dark top rows
    blur, edge = feature("square", "blur", padding=1), feature("square", "edge", padding=1)
    assert np.allclose(blur[flat_bright], 1) and np.allclose(edge[flat_bright], 0)
    assert np.allclose(blur[flat_dark], 0) and np.allclose(edge[flat_dark], 0)


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 2])
def test_pooling_with_q_2_halves_each_side_rounded_down(stride, padding):
    """conv.bench.pool: With q = 2 each side of the map is halved (rounded down when odd)."""
    b = bench(ConvState(stride=stride, padding=padding, pool=2))
    assert b.pooled.shape == (b.out // 2, b.out // 2)


def test_the_same_feature_is_found_wherever_it_is():
    """conv.lead: a filter slid over the whole image finds the same feature wherever it is: shifting the image
    shifts the feature map by as much (away from the border)."""
    from app.lessons.convolutional import maths
    from nnlib.conv import Conv2d

    original = bench(with_kernel(ConvState(image="square"), "edge")).feature
    shifted = np.roll(maths.image("square"), (1, -1), axis=(0, 1))  # the square one pixel down and one left
    conv = Conv2d(1, 1, 3, padding=1)
    conv.weight.data[...] = np.array(maths.KERNELS["edge"], dtype=float)
    moved = conv.forward(shifted[None, None])[0, 0]
    assert np.abs(original).max() > 0
    assert np.allclose(moved[2:7, 0:5], original[1:6, 1:6])


@pytest.mark.parametrize("seed", SEEDS)
def test_lenet_is_above_90_percent_on_the_test_set_after_the_page_s_updates(seed):
    """conv.live.claim: After 300 updates the accuracy on the test set is above 90 %."""
    run = Run(live.lenet_experiment(seed))
    run.train(live.LENET_UPDATES)
    _, acc = live.confusion(run)
    assert acc >= 0.92  # 90 % and a margin


@pytest.fixture(scope="module")
def deep_runs():
    """The page's plain and residual networks, trained for the page's number of updates, per seed."""
    out = {}
    for seed in SEEDS:
        for residual in (False, True):
            run = Run(live.deep_experiment(residual, seed))
            run.train(live.DEEP_UPDATES)
            out[seed, residual] = run
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_the_plain_network_stays_at_the_loss_of_guessing(deep_runs, seed):
    """conv.res.claim: the plain network stays at the loss of guessing (about 0.69)."""
    loss, acc = deep_runs[seed, False].evaluate("train")
    assert abs(loss - math.log(2)) < 0.01 and acc < 0.65


@pytest.mark.parametrize("seed", SEEDS)
def test_the_residual_network_learns_the_circle(deep_runs, seed):
    """conv.res.claim: the residual network learns the circle."""
    run = deep_runs[seed, True]
    assert run.evaluate("train")[0] < 0.2 and run.evaluate("val")[1] >= 0.9


@pytest.mark.parametrize("seed", SEEDS)
def test_the_plain_network_s_first_layer_gradient_is_over_a_thousand_times_smaller(deep_runs, seed):
    """conv.res.claim: the gradient of its first layer is over a thousand times smaller than in the residual
    network; through the residual connections the gradient reaches the first layers."""
    first = {res: float(np.linalg.norm(deep_runs[seed, res].model.dense_layers()[0].weight.grad))
             for res in (False, True)}
    assert first[True] > 1e4 * first[False]  # a thousand, and a margin
    last = float(np.linalg.norm(deep_runs[seed, True].model.dense_layers()[-1].weight.grad))
    assert first[True] > 0.01 * last  # in the residual network the first layer's gradient is not lost
