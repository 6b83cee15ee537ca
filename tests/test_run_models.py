"""Runs of every model kind (app.runs.build.MODELS): dense networks (with and without residual blocks), the
LeNet-style convolutional network on the 8x8 digits, and one self-attention head on a toy sequence task. Each
trains through the runs API and the compute pool like any run, exports and imports bit for bit, and streams."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app.runs import export, service
from app.runs.build import MODELS
from app.runs.experiment import Experiment
from app.runs.run import Run

KINDS = {
    "mlp": {"dataset": "spiral", "hidden": [{"units": 8, "activation": "tanh"}] * 3, "residual": True},
    "lenet": {"model": "lenet", "n": 600, "hidden": [], "batch_size": 32, "optimizer": {"name": "adam", "lr": 0.01}},
    "attention": {"model": "attention", "n": 600, "hidden": [], "batch_size": 32,
                  "optimizer": {"name": "adam", "lr": 0.02}},
}


def test_every_model_kind_has_a_case():
    assert set(KINDS) == set(MODELS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_run_of_each_kind_trains_exports_and_continues_identically(kind):
    a = Run(Experiment.model_validate(KINDS[kind]))
    a.train(20)
    b = export.from_export(json.loads(json.dumps(export.export(a))))
    a.train(15)
    b.train(15)
    assert all(np.array_equal(p.data, q.data) for p, q in zip(a.model.parameters(), b.model.parameters()))
    assert a.history() == b.history()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_answers_its_state_and_streams_frames_through_the_api(client, kind):
    r = client.post("/api/v1/runs", json=KINDS[kind])
    assert r.status_code == 201, r.text
    run_id = r.json()["id"]
    step = client.post(f"/api/v1/runs/{run_id}/step", json={"updates": 10})
    assert step.status_code == 200 and step.json()["step"] == 10
    if kind != "mlp":
        assert step.json()["points"] is None  # images and sequences have no 2-D view
    run = service.get(client.app.state.runs, client.cookies.get("nnlab_session").split(".")[0], run_id)
    # A chunk trains at most 5 updates, fewer when 5 would take more than a slice by what the run measured (a
    # loaded machine measures LeNet's updates slower): the frame reports exactly the updates it trained.
    updates = service.chunk_updates(run, 5)
    assert 1 <= updates <= 5
    slices = service.FrameMaker(run).chunk(5)
    while True:
        try:
            next(slices)
        except StopIteration as done:
            frame = json.loads(done.value.split("data: ", 1)[1])
            break
    assert frame["step"] == 10 + updates and frame["loss_step"][-1] == 10 + updates


def test_residual_blocks_are_where_a_layer_is_as_wide_as_the_one_before():
    run = Run(Experiment(hidden=[{"units": 8}, {"units": 8}, {"units": 4}, {"units": 4}], residual=True))
    kinds = [type(layer).__name__ for layer in run.model.layers]
    assert kinds == ["Dense", "Dropout", "Residual", "Dropout", "Dense", "Dropout", "Residual", "Dropout", "Dense"]
    assert len(run.model.dense_layers()) == 5  # the ones inside the blocks count too


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_lenet_reaches_90_percent_on_the_digits(seed):
    run = Run(Experiment.model_validate({**KINDS["lenet"], "n": 1797, "seed": seed}))
    run.train(400)
    assert run.val_acc[-1] >= 0.9


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_attention_head_learns_the_previous_token_task(seed):
    run = Run(Experiment.model_validate({**KINDS["attention"], "n": 2000, "seed": seed}))
    run.train(400)
    assert run.val_acc[-1] >= 0.95


def test_the_other_kinds_take_no_tabular_options():
    with pytest.raises(ValueError, match="augment_copies"):
        Experiment(model="lenet", augment_copies=2)
