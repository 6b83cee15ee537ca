"""Runs without HTTP: determinism, exact export/import, mid-run changes, divergence, the store's bounds."""

from __future__ import annotations

import json

import numpy as np
import pytest
from pydantic import ValidationError

from app.runs import export, service, views
from app.runs.experiment import Experiment
from app.runs.run import Run, finite, finite_rows
from app.runs.store import MemoryRunStore


def frame_of(maker: service.FrameMaker) -> dict:
    """The next frame as a stream sends it: the chunk's slices run to the end (no training), the event decoded."""
    slices = maker.chunk(0)
    while True:
        try:
            next(slices)
        except StopIteration as done:
            event = done.value
            break
    assert event.startswith("event: frame\ndata: ")
    return json.loads(event.split("data: ", 1)[1])


def weights(run: Run) -> list[np.ndarray]:
    return [p.data.copy() for p in run.model.parameters()]


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize("dataset", ["circle", "xor", "gauss", "spiral", "moons", "blobs", "fruit", "iris"])
def test_same_experiment_and_seed_train_identically(dataset):
    exp = Experiment(dataset=dataset, batch_size=5, dropout=0.2, batchnorm=True)
    a, b = Run(exp), Run(exp)
    a.train(37)
    b.train(20)
    b.train(17)
    assert same(weights(a), weights(b))
    # Validation points follow the chunks; the training curve does not.
    assert (a.history()["step"], a.history()["loss"]) == (b.history()["step"], b.history()["loss"])


def test_different_seed_gives_different_weights():
    a, b = Run(Experiment(seed=1)), Run(Experiment(seed=2))
    assert not same(weights(a), weights(b))


def test_export_import_round_trip_continues_identically():
    exp = Experiment(dataset="moons", optimizer={"name": "adam", "lr": 0.01}, batch_size=7, dropout=0.3)
    a = Run(exp)
    a.train(53)  # mid-epoch, with adam state and a used generator
    doc = json.loads(json.dumps(export.export(a)))
    b = export.from_export(doc)
    assert same(weights(a), weights(b))
    a.train(100)
    b.train(100)
    assert same(weights(a), weights(b))
    assert a.history() == b.history()


def test_export_floats_round_trip_bit_for_bit():
    a = Run(Experiment())
    a.train(5)
    doc = json.loads(json.dumps(export.export(a)))
    b = export.from_export(doc)
    for p, q in zip(a.model.parameters(), b.model.parameters()):
        assert p.data.tobytes() == q.data.tobytes()


@pytest.mark.parametrize("tamper, field", [
    (lambda d: d["state"]["parameters"].pop(), "parameters"),
    (lambda d: d["state"]["parameters"][0].append([1.0]), "parameters[0]"),
    (lambda d: d["state"].update(pos=10**6), "pos"),
    (lambda d: d["state"].update(order=[0, 0, 1]), "order"),
    (lambda d: d["experiment"].update(n=5), "experiment.n"),
    (lambda d: d.update(format="other"), "format"),
    (lambda d: d["curve"].update(loss=[1.0]), "curve"),
])
def test_tampered_export_is_rejected_naming_the_part(tamper, field):
    a = Run(Experiment())
    a.train(3)
    doc = json.loads(json.dumps(export.export(a)))
    tamper(doc)
    with pytest.raises(service.RunError) as err:
        service.import_run(MemoryRunStore(10, 60), "s", doc)
    assert err.value.status == 422
    assert field in err.value.message


def test_patch_keeps_weights_and_changes_the_learning_rate():
    run = Run(Experiment())
    run.train(10)
    before = weights(run)
    service.patch(run, {"optimizer": {"name": "sgd", "lr": 0.5}})
    assert same(before, weights(run))
    assert run.trainer.optimizer.lr == 0.5
    assert run.lr == 0.5
    run.train(1)
    assert not same(before, weights(run))


@pytest.mark.parametrize("change", [{"dataset": "xor"}, {"hidden": [{"units": 3}]}, {"seed": 9},
                                    {"init": "he_normal"}, {"batchnorm": True}])
def test_patch_of_data_architecture_init_or_seed_needs_a_reset(change):
    run = Run(Experiment())
    with pytest.raises(service.RunError) as err:
        service.patch(run, change)
    assert err.value.status == 409
    assert next(iter(change)) in err.value.message


def test_patch_rejects_out_of_bounds_values():
    run = Run(Experiment())
    with pytest.raises(ValidationError):
        service.patch(run, {"optimizer": {"name": "sgd", "lr": 11}})
    assert run.trainer.optimizer.lr == Experiment().optimizer.lr


def test_patch_batch_size_larger_than_training_set_is_422():
    run = Run(Experiment(n=50))
    with pytest.raises(service.RunError) as err:
        service.patch(run, {"batch_size": 40})
    assert err.value.status == 422 and "batch_size" in err.value.field


def test_divergence_stops_the_run_with_the_update_and_no_nan_anywhere():
    run = Run(Experiment(dataset="fruit", hidden=[], optimizer={"name": "sgd", "lr": 10}, batch_size=4))
    done = run.train(1000)
    assert run.status == "diverged"
    assert run.diverged_at == done + 1
    assert run.train(10) == 0
    payload = json.dumps(service.state(run), allow_nan=False)  # raises on NaN/inf
    frame = json.dumps(frame_of(service.FrameMaker(run)), allow_nan=False)
    assert "diverged" in payload and "diverged" in frame


def test_non_finite_numbers_go_out_as_null_in_lists_grids_and_frames():
    assert finite([1, 2.5, float("nan"), -np.inf]) == [1.0, 2.5, None, None]
    assert finite(x for x in (0.5, np.float64(np.inf))) == [0.5, None]
    assert finite(np.array([0.1, 0.2])) == [0.1, 0.2] and type(finite(np.array([3]))[0]) is float
    grid = np.arange(6.0).reshape(2, 3)
    assert finite_rows(grid) == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    grid[1, 2] = np.nan
    assert finite_rows(grid) == [[0.0, 1.0, 2.0], [3.0, 4.0, None]]
    assert finite_rows(np.full((2, 1, 2), np.inf)) == [[[None, None]], [[None, None]]]
    event = service.sse("frame", {"loss": float("nan"), "z": np.array([1.5, -np.inf]), "step": np.int64(3)})
    assert event.startswith("event: frame\ndata: ") and event.endswith("\n\n")
    assert json.loads(event.split("data: ", 1)[1]) == {"loss": None, "z": [1.5, None], "step": 3}


def test_frames_carry_only_new_loss_points():
    run = Run(Experiment(batch_size=10))
    maker = service.FrameMaker(run)
    first = frame_of(maker)
    assert first["loss"] == [] and first["step"] == 0 and "grid" in first
    run.train(7)
    second = frame_of(maker)
    assert second["loss_step"] == list(range(1, 8))
    assert len(second["loss"]) == 7
    run.train(3)
    assert frame_of(maker)["loss_step"] == [8, 9, 10]


def test_store_evicts_least_recently_used_and_hides_other_sessions():
    store = MemoryRunStore(max_runs=2, idle_seconds=60)
    runs = [Run(Experiment(n=20, batch_size=2)) for _ in range(3)]
    store.add("a", runs[0])
    store.add("a", runs[1])
    assert store.get("a", runs[0].id) is runs[0]  # now runs[1] is the least recently used
    store.add("a", runs[2])
    assert store.get("a", runs[1].id) is None
    assert store.get("a", runs[0].id) is runs[0]
    assert store.get("b", runs[0].id) is None


def test_store_expires_idle_runs():
    now = [0.0]
    store = MemoryRunStore(max_runs=10, idle_seconds=30, clock=lambda: now[0])
    run = Run(Experiment(n=20, batch_size=2))
    store.add("a", run)
    now[0] = 29.0
    assert store.get("a", run.id) is run
    now[0] = 60.0
    assert store.get("a", run.id) is None
    assert len(store) == 0


L1_WEIGHTS = [{"weight": [[20.0], [40.0]], "bias": [-10.0, -200.0]}, {"weight": [[1.0, -1.0]], "bias": [0.0]}]


def test_exact_initial_weights_give_the_lecture_network_on_the_fruit_set():
    exp = Experiment(dataset="fruit", hidden=[{"units": 2, "activation": "relu"}], output_activation="relu",
                     weights=L1_WEIGHTS, val=0, test=0, batch_size=12, scaling="none")
    run = Run(exp)
    assert views.network(run)["layers"][0]["weight"] == [[20.0], [40.0]]
    x = run.parts["train"][0]
    out = run.predict(np.array([[4.0]]))
    assert out[0, 0] == 70.0  # SYLLABUS L1: y21 = 70 at x = 4
    assert len(x) == 12 and len(run.val_loss) == 0


def test_initial_weights_of_the_wrong_shape_are_rejected_naming_weights():
    bad = [{"weight": [[20.0]], "bias": [-10.0, -200.0]}, {"weight": [[1.0, -1.0]], "bias": [0.0]}]
    with pytest.raises(ValueError, match="weights"):
        Run(Experiment(dataset="fruit", hidden=[{"units": 2, "activation": "relu"}], weights=bad, val=0, test=0,
                       batch_size=12))
    with pytest.raises(ValidationError, match="weights"):
        Experiment(hidden=[{"units": 2}], weights=L1_WEIGHTS[:1])


def test_noise_augmentation_multiplies_the_training_part_only():
    plain = Run(Experiment(dataset="moons", n=100))
    aug = Run(Experiment(dataset="moons", n=100, augment_copies=3, augment_sigma=0.2))
    assert len(aug.trainer.x) == 4 * len(plain.parts["train"][0])
    assert np.array_equal(aug.trainer.x[:60], plain.parts["train"][0])  # originals first, then the copies
    assert np.array_equal(aug.parts["train"][0], plain.parts["train"][0])  # training loss is measured on these
    assert not np.array_equal(aug.trainer.x[60:120], plain.parts["train"][0])
    assert np.array_equal(aug.parts["val"][0], plain.parts["val"][0])
    assert np.array_equal(aug.parts["test"][0], plain.parts["test"][0])


def test_two_class_cross_entropy_has_two_outputs_and_the_curve_is_a_probability():
    run = Run(Experiment(dataset="fruit_good", loss="cross_entropy", hidden=[{"units": 3}], val=0, test=0,
                         batch_size=4))
    assert views.network(run)["layers"][-1]["units"] == 2
    curve = views.grid(run)
    assert curve["kind"] == "curve" and all(0 < p < 1 for p in curve["y"])


def test_frames_report_the_last_batch_timing_and_layer_statistics():
    run = Run(Experiment(n=100, batch_size=10, shuffle=False, batchnorm=True))
    maker = service.FrameMaker(run)
    frame_of(maker)
    run.train(3)
    frame = frame_of(maker)
    assert frame["batch"] == list(range(20, 30))  # in data order, the third batch
    assert frame["seconds_per_update"] > 0
    first = run.model.dense_layers()[0]
    w, b = first.weight.data.copy(), first.bias.data.copy()  # the weights the fourth batch meets
    run.train(1)
    details = frame_of(service.FrameMaker(run))
    stats = details["layer_stats"]
    assert len(stats) == len(run.model.dense_layers())
    assert sum(stats[0]["hist"]["counts"]) == len(run.parts["train"][0]) * run.model.dense_layers()[0].out_features
    bn = details["batchnorm"][0]
    a = np.tanh(run.parts["train"][0][30:40] @ w.T + b)  # BatchNorm sees the first layer's tanh outputs
    assert np.allclose(bn["mu_b"], a.mean(axis=0))  # mu_B of the last batch, computed here independently
    assert np.allclose(bn["sigma_b"], np.sqrt(a.var(axis=0) + 1e-5))


def test_history_keeps_the_data_loss_apart_from_the_penalty():
    run = Run(Experiment(n=100, batch_size=10, regularization={"kind": "l2", "lam": 0.1}))
    run.train(5)
    h = run.history()
    penalty = 0.1 * sum(float(np.sum(p.data ** 2)) for p in run.model.parameters() if p.regularize)
    assert all(total > data for total, data in zip(h["loss"], h["data_loss"]))
    run.train(1)  # the newest point's penalty is that of the weights before its update
    h = run.history()
    assert h["loss"][-1] - h["data_loss"][-1] == pytest.approx(penalty)


def test_batch_bytes_counts_one_batch_of_activations():
    run = Run(Experiment(n=100, batch_size=10, hidden=[{"units": 4}, {"units": 2}]))
    assert service.state(run)["batch_bytes"] == 10 * (2 + 4 + 2 + 1) * 8


def test_test_set_is_evaluated_and_remembered():
    run = Run(Experiment(dataset="moons", n=100))
    run.train(20)
    result = run.evaluate_test()
    assert result["step"] == 20 and 0 <= result["test_acc"] <= 1
    assert service.state(run)["tested"] == result
    with pytest.raises(ValueError, match="test"):
        Run(Experiment(dataset="moons", n=100, test=0)).evaluate_test()


def test_export_writes_the_generator_state_as_text_so_any_json_reader_keeps_it():
    run = Run(Experiment())
    run.train(3)
    rng = export.export(run)["state"]["rng"]
    numbers = [rng["state"]["state"], rng["state"]["inc"]]
    assert all(isinstance(v, str) and v.isdigit() for v in numbers)
    assert any(int(v) > 2**53 for v in numbers)  # beyond what a double holds exactly


def test_import_rejects_a_broken_generator_state():
    run = Run(Experiment())
    doc = json.loads(json.dumps(export.export(run)))
    doc["state"]["rng"]["bit_generator"] = "Mersenne"
    with pytest.raises(service.RunError) as err:
        service.import_run(MemoryRunStore(10, 60), "s", doc)
    assert err.value.status == 422 and "rng" in err.value.message


def test_heavy_frame_parts_are_paced_by_frames_and_time(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(service.time, "monotonic", lambda: clock[0])
    maker = service.FrameMaker(Run(Experiment(n=50, batch_size=5)))
    assert "grid" in frame_of(maker)  # the first frame has everything
    quick = [frame_of(maker) for _ in range(6)]  # six frames within the same instant: none is due yet
    assert not any("grid" in f for f in quick)
    clock[0] += service.DETAIL_SECONDS
    assert "grid" in frame_of(maker)  # five frames and half a second since the last details
    clock[0] += service.DETAIL_MAX_SECONDS
    assert "grid" in frame_of(maker)  # a slow stream still gets them every DETAIL_MAX_SECONDS


def test_hidden_layers_take_their_own_alpha():
    run = Run(Experiment(n=40, batch_size=4, hidden=[{"units": 3, "activation": "leaky_relu", "alpha": 0.2},
                                                     {"units": 2, "activation": "elu"}]))
    first, second = run.model.dense_layers()[:2]
    assert first.activation.alpha == 0.2 and second.activation.alpha == 1.0  # ELU's default
    assert views.network(run)["layers"][0]["alpha"] == 0.2
    with pytest.raises(ValidationError, match="alpha"):
        Experiment(hidden=[{"units": 3, "activation": "tanh", "alpha": 0.2}])


def test_inactive_units_are_counted_for_any_activation():
    run = Run(Experiment(n=40, batch_size=4, hidden=[{"units": 4, "activation": "leaky_relu"}]))
    dense = run.model.dense_layers()[0]
    dense.bias.data[:] = [-1e3, -1e3, 1e3, 0.0]  # two units below zero for every sample, one always on
    dense.weight.data[:] = 0.0
    assert views.inactive_fraction(run) == [0.75]  # z = 0 counts as not active (the ReLU convention)
    assert views.dead_relu_fraction(run) == [None]  # "dead" is a ReLU word; leaky units still pass a gradient
    assert frame_of(service.FrameMaker(run))["inactive"] == [0.75]
