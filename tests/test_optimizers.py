"""Optimizers against hand-computed steps, learning-rate schedules, and the Trainer's minibatch semantics.

Every expected number is worked out by hand in the comments (SYLLABUS L2-L4 for the rules: w(n+1) = w(n) - gamma
dL/dw, momentum v(n) = mu v(n-1) - gamma dL/dw, w(n+1) = w(n) + v(n), annealing gamma(n) = gamma0 e^(-d n)).
"""

import math

import numpy as np
import pytest

from nnlib.layers import Dense, Sequential
from nnlib.losses import LOSSES
from nnlib.module import Module, Parameter
from nnlib.optimizers import OPTIMIZERS
from nnlib.schedules import SCHEDULES, make
from nnlib.spec import build
from nnlib.trace import trace
from nnlib.training import Diverged, Trainer

# A two-entry parameter and two gradients, lr = 0.1 throughout.
W0 = [1.0, -2.0]
G1 = [0.5, -1.0]
G2 = [0.25, 2.0]
LR = 0.1

# name -> (w after step 1, w after step 2), by hand.
HAND_STEPS = {
    # w1 = w0 - 0.1 g1 = [1 - 0.05, -2 + 0.1]; w2 = w1 - 0.1 g2 = [0.95 - 0.025, -1.9 - 0.2]
    "sgd": ([0.95, -1.9], [0.925, -2.1]),
    # mu = 0.9. v1 = -0.1 g1 = [-0.05, 0.1], w1 = [0.95, -1.9];
    # v2 = 0.9 v1 - 0.1 g2 = [-0.045 - 0.025, 0.09 - 0.2] = [-0.07, -0.11], w2 = [0.88, -2.01]
    "momentum": ([0.95, -1.9], [0.88, -2.01]),
    # G1 = g1^2 = [0.25, 1], sqrt = [0.5, 1]: w1 = [1 - 0.1*0.5/(0.5+1e-10), -2 + 0.1*1/(1+1e-10)];
    # G2 = [0.25 + 0.0625, 1 + 4] = [0.3125, 5], sqrt(0.3125) = sqrt(5)/4:
    # w2 = [w1 - 0.1*0.25/(sqrt(5)/4 + 1e-10), w1 - 0.1*2/(sqrt(5) + 1e-10)]
    "adagrad": ([1 - 0.05 / (0.5 + 1e-10), -2 + 0.1 / (1 + 1e-10)],
                [1 - 0.05 / (0.5 + 1e-10) - 0.025 / (math.sqrt(5) / 4 + 1e-10),
                 -2 + 0.1 / (1 + 1e-10) - 0.2 / (math.sqrt(5) + 1e-10)]),
    # alpha = 0.99, eps = 1e-8. S1 = 0.01 g1^2 = [0.0025, 0.01], sqrt = [0.05, 0.1]:
    # w1 = [1 - 0.05/(0.05 + 1e-8), -2 + 0.1/(0.1 + 1e-8)] (about [0, -1]);
    # S2 = 0.99 S1 + 0.01 g2^2 = [0.002475 + 0.000625, 0.0099 + 0.04] = [0.0031, 0.0499]:
    # w2 = w1 - [0.025/(sqrt(0.0031) + 1e-8), 0.2/(sqrt(0.0499) + 1e-8)]
    "rmsprop": ([1 - 0.05 / (0.05 + 1e-8), -2 + 0.1 / (0.1 + 1e-8)],
                [1 - 0.05 / (0.05 + 1e-8) - 0.025 / (math.sqrt(0.0031) + 1e-8),
                 -2 + 0.1 / (0.1 + 1e-8) - 0.2 / (math.sqrt(0.0499) + 1e-8)]),
    # beta1 = 0.9, beta2 = 0.999, eps = 1e-8.
    # t=1: m = 0.1 g1 = [0.05, -0.1], v = 0.001 g1^2 = [0.00025, 0.001]; corrected by 1 - 0.9 = 0.1 and
    #      1 - 0.999 = 0.001: m^ = [0.5, -1], v^ = [0.25, 1], sqrt = [0.5, 1]:
    #      w1 = [1 - 0.1*0.5/(0.5 + 1e-8), -2 + 0.1*1/(1 + 1e-8)]
    # t=2: m = 0.9 m + 0.1 g2 = [0.045 + 0.025, -0.09 + 0.2] = [0.07, 0.11];
    #      v = 0.999 v + 0.001 g2^2 = [0.00024975 + 0.0000625, 0.000999 + 0.004] = [0.00031225, 0.004999];
    #      1 - 0.9^2 = 0.19, 1 - 0.999^2 = 0.001999:
    #      w2 = w1 - 0.1 * (m / 0.19) / (sqrt(v / 0.001999) + 1e-8)
    "adam": ([1 - 0.05 / (0.5 + 1e-8), -2 + 0.1 / (1 + 1e-8)],
             [1 - 0.05 / (0.5 + 1e-8) - 0.1 * (0.07 / 0.19) / (math.sqrt(0.00031225 / 0.001999) + 1e-8),
              -2 + 0.1 / (1 + 1e-8) - 0.1 * (0.11 / 0.19) / (math.sqrt(0.004999 / 0.001999) + 1e-8)]),
}


def test_every_optimizer_has_a_hand_computed_case():
    assert set(HAND_STEPS) == set(OPTIMIZERS)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_two_steps_match_hand_computation(name):
    p = Parameter(W0, "w")
    opt = OPTIMIZERS[name]([p], lr=LR)
    for g, expected in zip((G1, G2), HAND_STEPS[name], strict=True):
        opt.zero_grad()
        p.grad += np.array(g)
        opt.step()
        np.testing.assert_allclose(p.data, expected, rtol=0, atol=1e-14)


def test_adam_first_step_moves_each_weight_by_about_lr():
    # Bias correction makes the first Adam step lr * g/|g|, whatever the gradient's scale.
    p = Parameter([0.0, 0.0], "w")
    opt = OPTIMIZERS["adam"]([p], lr=0.01)
    p.grad = np.array([1e-3, -50.0])
    opt.step()
    np.testing.assert_allclose(p.data, [-0.01, 0.01], rtol=1e-4)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_state_dict_resumes_identically(name):
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(4, 3))
    a = Parameter([0.5, -1.0, 2.0], "w")
    opt_a = OPTIMIZERS[name]([a], lr=0.05)
    for g in grads:
        a.grad = g.copy()
        opt_a.step()
    b = Parameter([0.5, -1.0, 2.0], "w")
    opt_b = OPTIMIZERS[name]([b], lr=0.05)
    for g in grads[:2]:
        b.grad = g.copy()
        opt_b.step()
    saved = opt_b.state_dict()
    c = Parameter(b.data, "w")
    opt_c = OPTIMIZERS[name]([c], lr=1.0)
    opt_c.load_state_dict(saved)
    for g in grads[2:]:
        c.grad = g.copy()
        opt_c.step()
    assert c.data.tobytes() == a.data.tobytes()


@pytest.mark.parametrize("lr", [0.0, -0.1, float("nan"), float("inf")])
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_rejects_bad_learning_rate(name, lr):
    with pytest.raises(ValueError, match="learning rate"):
        OPTIMIZERS[name]([Parameter([1.0], "w")], lr=lr)


# ---------- schedules ----------

def test_every_schedule_is_tested():
    assert set(SCHEDULES) == {"constant", "exponential", "step"}


def test_constant_schedule():
    s = make("constant", 0.05)
    assert [s(n) for n in (0, 1, 10, 1000)] == [0.05] * 4


def test_exponential_schedule_is_the_lectures_annealing():
    # gamma(n) = gamma0 e^(-d n), gamma0 = 0.1, d = 0.05: e^-0.05 = 0.951229424500714, e^-0.5 = 0.6065306597126334.
    s = make("exponential", 0.1, decay=0.05)
    assert s(0) == 0.1
    assert s(1) == pytest.approx(0.0951229424500714, rel=1e-15)
    assert s(10) == pytest.approx(0.06065306597126334, rel=1e-15)


def test_step_schedule_halves_every_step_size_updates():
    s = make("step", 0.1, step_size=3, gamma=0.5)
    assert [s(n) for n in range(7)] == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025], rel=1e-15)


def test_schedule_rejects_bad_arguments():
    with pytest.raises(ValueError, match="decay"):
        make("exponential", 0.1, decay=-1.0)
    with pytest.raises(ValueError, match="step_size"):
        make("step", 0.1, step_size=0)
    with pytest.raises(ValueError, match="unknown schedule"):
        make("cosine", 0.1)


# ---------- Trainer ----------

class Recorder(Module):
    """Identity that remembers every batch it sees (to observe the Trainer's batching)."""

    def __init__(self):
        self.batches = []

    def forward(self, x):
        self.batches.append(x[:, 0].copy())
        return x

    def backward(self, grad):
        return grad


def line_data(m):
    x = np.arange(m, dtype=np.float64)[:, None]
    return x, 2.0 * x[:, 0] + 1.0


def make_trainer(m=12, batch_size=4, shuffle=False, seed=0, lr=0.01, schedule=None):
    x, y = line_data(m)
    rec = Recorder()
    model = Sequential(rec, Dense(1, 1))
    opt = OPTIMIZERS["sgd"](model.parameters(), lr=lr)
    t = Trainer(model, LOSSES["mse"](), opt, x, y, batch_size=batch_size, shuffle=shuffle,
                rng=np.random.default_rng(seed), schedule=schedule)
    return t, rec


@pytest.mark.parametrize(("batch_size", "updates"), [(1, 12), (4, 3), (12, 1)])
def test_updates_per_epoch_on_twelve_samples(batch_size, updates):
    t, rec = make_trainer(m=12, batch_size=batch_size, shuffle=True)
    t.run_epoch()
    assert t.step == updates and t.epoch == 1
    assert len(t.history["loss"]) == updates and len(t.history["epoch_loss"]) == 1
    assert len(rec.batches) == updates
    t.run_epoch()
    assert t.step == 2 * updates and t.epoch == 2


def test_without_shuffle_batches_are_consecutive_slices_and_the_last_is_smaller():
    t, rec = make_trainer(m=10, batch_size=4, shuffle=False)
    t.fit(2)
    expected = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert [b.tolist() for b in rec.batches] == expected * 2


def test_with_shuffle_each_epoch_sees_every_sample_once():
    t, rec = make_trainer(m=10, batch_size=4, shuffle=True)
    t.fit(3)
    assert [len(b) for b in rec.batches] == [4, 4, 2] * 3
    orders = [np.concatenate(rec.batches[i:i + 3]) for i in range(0, 9, 3)]
    for order in orders:
        assert sorted(order.tolist()) == list(range(10))
    assert any(order.tolist() != list(range(10)) for order in orders), "shuffle=True never shuffled"


def test_epoch_loss_is_the_sample_weighted_mean_of_batch_losses():
    t, _ = make_trainer(m=10, batch_size=4)
    t.run_epoch()
    l1, l2, l3 = t.history["loss"]
    assert t.history["epoch_loss"][0] == pytest.approx((4 * l1 + 4 * l2 + 2 * l3) / 10, rel=1e-15)


def test_full_batch_update_is_one_gradient_descent_step():
    # Linear model a = w x + b on x = 0..3, y = 2x + 1, mse: dL/dw = 2/m sum (a - y) x, dL/db = 2/m sum (a - y).
    # From w = 0.5, b = 0: a = [0, 0.5, 1, 1.5], a - y = [-1, -2.5, -4, -5.5];
    # dL/dw = 2/4 (0 - 2.5 - 8 - 16.5) = -13.5, dL/db = 2/4 (-13) = -6.5, loss = (1 + 6.25 + 16 + 30.25)/4 = 13.375.
    # The model is the Dense layer alone, so the Trainer's "first layer needs no dL/dx" path is the one taken.
    x, y = line_data(4)
    dense = Dense(1, 1)
    dense.weight.data[...] = 0.5
    model = Sequential(dense)
    t = Trainer(model, LOSSES["mse"](), OPTIMIZERS["sgd"](model.parameters(), lr=0.01), x, y, batch_size=4,
                shuffle=False, rng=np.random.default_rng(0))
    loss = t.update()
    assert loss == 13.375
    assert dense.weight.data[0, 0] == pytest.approx(0.5 + 0.135, abs=1e-15)
    assert dense.bias.data[0] == pytest.approx(0.065, abs=1e-15)


def test_trainer_update_equals_a_step_along_the_traced_gradient():
    # A deeper network: the Trainer's backward (which skips dL/dx at the first layer) must give the same
    # parameter gradients as a full trace, which the gradient checks verify.
    spec = {"inputs": 2, "layers": [{"units": 4, "activation": "tanh"}, {"units": 3, "activation": "elu"},
                                    {"units": 1}]}
    rng = np.random.default_rng(3)
    x = rng.normal(size=(5, 2))
    y = rng.normal(size=5)
    traced = build(spec, np.random.default_rng(9))
    trace(traced, x, y, LOSSES["mse"]())
    expected = [p.data - 0.1 * p.grad for p in traced.parameters()]
    model = build(spec, np.random.default_rng(9))
    t = Trainer(model, LOSSES["mse"](), OPTIMIZERS["sgd"](model.parameters(), lr=0.1), x, y, batch_size=5,
                shuffle=False, rng=np.random.default_rng(0))
    t.update()
    for p, e in zip(model.parameters(), expected, strict=True):
        np.testing.assert_allclose(p.data, e, rtol=1e-14, atol=1e-15)


def test_schedule_sets_the_learning_rate_of_each_update():
    t, _ = make_trainer(m=12, batch_size=4, schedule=make("step", 0.01, step_size=2, gamma=0.5))
    t.fit(2)
    assert t.history["lr"] == [0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025]


def fit_from_seed(seed):
    rng = np.random.default_rng(seed)
    spec = {"inputs": 2, "layers": [{"units": 6, "activation": "tanh"}, {"type": "dropout", "p": 0.3},
                                    {"type": "batchnorm"}, {"units": 1}]}
    model = build(spec, rng)
    data_rng = np.random.default_rng(1000)
    x = data_rng.normal(size=(20, 2))
    y = x[:, 0] - 2 * x[:, 1]
    opt = OPTIMIZERS["adam"](model.parameters(), lr=0.01)
    t = Trainer(model, LOSSES["mse"](), opt, x, y, batch_size=6, shuffle=True, rng=rng)
    t.fit(3)
    return t.history, [p.data.copy() for p in model.parameters()]


def test_same_seed_gives_identical_history_and_weights():
    h1, w1 = fit_from_seed(7)
    h2, w2 = fit_from_seed(7)
    assert h1 == h2
    assert all(a.tobytes() == b.tobytes() for a, b in zip(w1, w2, strict=True))
    h3, _ = fit_from_seed(8)
    assert h3["loss"] != h1["loss"], "a different seed must give a different run"


@pytest.mark.parametrize(("lr", "step"), [(1e100, 3), (1e308, 1)])
def test_huge_learning_rate_raises_diverged_with_the_step(lr, step):
    # One sample x = 1, y = 0, a = w + b from w = 1, b = 0, mse: L = s^2 with s = w + b, dL/dw = dL/db = 2s,
    # so s <- s - lr * 4s.
    # lr = 1e100: update 1 at s = 1 (L = 1) -> s = -4e100; update 2 (L = 1.6e201) -> s = 1.6e201;
    #             update 3: L = 2.56e402 overflows -> Diverged(3).
    # lr = 1e308: update 1: w = 1 - 1e308 * 2 = -inf -> Diverged(1).
    model = Sequential(Dense(1, 1))
    model[0].weight.data[...] = 1.0
    opt = OPTIMIZERS["sgd"](model.parameters(), lr=lr)
    t = Trainer(model, LOSSES["mse"](), opt, [[1.0]], [0.0], batch_size=1, shuffle=False,
                rng=np.random.default_rng(0))
    with pytest.raises(Diverged) as info:
        t.fit(10)
    assert info.value.step == step
    assert str(step) in str(info.value)
    assert len(t.history["loss"]) == step - 1
    for key, values in t.history.items():
        assert all(math.isfinite(v) for v in values), key
    with pytest.raises(Diverged):
        t.update()  # stays diverged
    assert len(t.history["loss"]) == step - 1


def test_trainer_rejects_bad_batch_size():
    x, y = line_data(5)
    model = Sequential(Dense(1, 1))
    opt = OPTIMIZERS["sgd"](model.parameters(), lr=0.1)
    for bad in (0, 6):
        with pytest.raises(ValueError, match="batch_size"):
            Trainer(model, LOSSES["mse"](), opt, x, y, bad, False, np.random.default_rng(0))
