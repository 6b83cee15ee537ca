"""/api/v1/runs over HTTP (in-process client): status codes, ownership, changes, export and import."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

SMALL = {"dataset": "circle", "n": 60, "batch_size": 6, "hidden": [{"units": 3, "activation": "tanh"}]}


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture
def alice(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture
def bob(app):
    with TestClient(app) as c:
        yield c


def test_create_sets_a_private_session_cookie_and_answers_201(alice):
    r = alice.post("/api/v1/runs", json=SMALL)
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "ready" and body["step"] == 0 and body["epoch"] == 0
    assert body["network"]["inputs"] == 2
    cookie = r.headers["set-cookie"]
    assert "nnlab_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    token = alice.cookies["nnlab_session"]
    assert len(token) * 6 >= 128  # urlsafe base64: 6 bits a character


def test_another_session_gets_404(alice, bob):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    bob.post("/api/v1/runs", json=SMALL)  # bob has a session of his own
    for method, path in (("get", ""), ("post", "/step"), ("get", "/export"), ("delete", "")):
        kw = {"json": {"updates": 1}} if path == "/step" else {}
        assert getattr(bob, method)(f"/api/v1/runs/{run_id}{path}", **kw).status_code == 404
    assert alice.get(f"/api/v1/runs/{run_id}").status_code == 200


def test_step_advances_and_history_grows(alice):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    body = alice.post(f"/api/v1/runs/{run_id}/step", json={"updates": 25}).json()
    assert body["step"] == 25
    assert body["epoch"] == 25 * 6 // 36  # 60 samples, 60% training = 36, batch 6 -> 6 updates an epoch
    assert body["history"]["step"] == list(range(1, 26))


@pytest.mark.parametrize("updates", [0, 10_001, "many"])
def test_step_rejects_out_of_bounds_updates(alice, updates):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    r = alice.post(f"/api/v1/runs/{run_id}/step", json={"updates": updates})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "updates"


def test_patch_changes_lr_without_resetting_weights(alice):
    run = alice.post("/api/v1/runs", json=SMALL).json()
    alice.post(f"/api/v1/runs/{run['id']}/step", json={"updates": 5})
    before = alice.get(f"/api/v1/runs/{run['id']}").json()["network"]
    r = alice.patch(f"/api/v1/runs/{run['id']}", json={"optimizer": {"name": "sgd", "lr": 0.3}})
    assert r.status_code == 200
    assert r.json()["lr"] == 0.3 and r.json()["step"] == 5
    assert r.json()["network"] == before


@pytest.mark.parametrize("change", [{"dataset": "xor"}, {"seed": 3}, {"init": "he_uniform"},
                                    {"hidden": [{"units": 8}]}])
def test_patch_needing_a_reset_is_409(alice, change):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    r = alice.patch(f"/api/v1/runs/{run_id}", json=change)
    assert r.status_code == 409
    assert "reset" in r.json()["detail"]


@pytest.mark.parametrize("body, field", [
    ({"optimizer": {"name": "sgd", "lr": 100}}, "lr"),
    ({"optimizer": {"name": "sgd", "lr": 0}}, "lr"),
    ({"hidden": [{"units": 65}]}, "units"),
    ({"hidden": [{"units": 2}] * 21}, "hidden"),
    ({"n": 100_000}, "n"),
    ({"dataset": "mnist"}, "dataset"),
    ({"batch_size": 0}, "batch_size"),
    ({"dropout": 0.95}, "dropout"),
    ({"features": ["x1", "x3"]}, "features"),
])
def test_create_rejects_bad_experiments_naming_the_field(alice, body, field):
    r = alice.post("/api/v1/runs", json={**SMALL, **body})
    assert r.status_code == 422
    assert field in json.dumps(r.json()["detail"])


@pytest.mark.parametrize("raw", ['{"noise": 1e400}', '{"optimizer": {"name": "sgd", "lr": NaN}}',
                                 '{"optimizer": {"name": "sgd", "lr": -Infinity}}'])
def test_non_finite_numbers_are_422_not_500(alice, raw):
    r = alice.post("/api/v1/runs", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] in ("noise", "lr")


@pytest.mark.parametrize("field, value", [("n", "60"), ("n", True), ("n", 60.5), ("shuffle", "yes"),
                                          ("shuffle", 1), ("noise", True), ("noise", "0.1")])
def test_create_takes_only_what_the_schema_says(alice, field, value):
    # Pydantic's lax mode would take "60" for an integer or "yes" for a boolean; the schema does not.
    r = alice.post("/api/v1/runs", json={**SMALL, field: value})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", field]


def test_whole_numbers_are_integers_however_written(alice):
    # JSON has one number type: 60.0 is the integer 60, as JSON Schema's "integer" says.
    raw = '{"dataset": "circle", "n": 60.0, "batch_size": 6e0, "hidden": [{"units": 3.0}]}'
    r = alice.post("/api/v1/runs", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    run_id = r.json()["id"]
    assert alice.post(f"/api/v1/runs/{run_id}/step", json={"updates": 2.0}).json()["step"] == 2
    assert alice.post(f"/api/v1/runs/{run_id}/step", json={"updates": "2"}).status_code == 422


@pytest.mark.parametrize("change, loc", [({"epochs": 3}, ["body", "epochs"]), ({"n": None}, ["body", "n"]),
                                         ({"batch_size": "6"}, ["body", "batch_size"])])
def test_patch_takes_only_experiment_fields(alice, change, loc):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    r = alice.patch(f"/api/v1/runs/{run_id}", json=change)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == loc


def test_batch_larger_than_training_set_is_422_naming_batch_size(alice):
    r = alice.post("/api/v1/runs", json={**SMALL, "batch_size": 50})
    assert r.status_code == 422
    assert "batch_size" in r.json()["detail"][0]["loc"]


def test_export_import_continue_identically(alice, tmp_path):
    run_id = alice.post("/api/v1/runs", json={**SMALL, "optimizer": {"name": "adam", "lr": 0.01}}).json()["id"]
    alice.post(f"/api/v1/runs/{run_id}/step", json={"updates": 13})
    exported = alice.get(f"/api/v1/runs/{run_id}/export")
    assert "attachment" in exported.headers["content-disposition"]
    path = tmp_path / "run.json"
    path.write_bytes(exported.content)  # a real file, read back as a learner's upload would be
    r = alice.post("/api/v1/runs/import", json=json.loads(path.read_text()))
    assert r.status_code == 201
    copy_id = r.json()["id"]
    assert copy_id != run_id
    a = alice.post(f"/api/v1/runs/{run_id}/step", json={"updates": 40}).json()
    b = alice.post(f"/api/v1/runs/{copy_id}/step", json={"updates": 40}).json()
    assert a["network"] == b["network"]
    assert a["history"]["loss"] == b["history"]["loss"]


def test_import_of_a_tampered_document_is_422(alice):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    doc = alice.get(f"/api/v1/runs/{run_id}/export").json()
    doc["state"]["parameters"][0] = [[1.0, 2.0, 3.0]]
    r = alice.post("/api/v1/runs/import", json=doc)
    assert r.status_code == 422
    assert "parameters" in r.json()["detail"][0]["msg"]
    assert alice.post("/api/v1/runs/import", json={"hello": 1}).status_code == 422


def test_import_errors_name_the_kind_of_error(alice):
    # A field that breaks the export's schema keeps pydantic's error type; a rule beyond it is a value_error.
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    doc = alice.get(f"/api/v1/runs/{run_id}/export").json()
    typed = alice.post("/api/v1/runs/import", json={**doc, "state": {**doc["state"], "step": "one"}})
    assert typed.json()["detail"] == [{"loc": ["body", "state", "step"], "msg": "state.step: Input should be a "
                                       "valid integer", "type": "int_type"}]
    rule = alice.post("/api/v1/runs/import", json={**doc, "state": {**doc["state"], "pos": 10_000}})
    assert rule.json()["detail"][0]["type"] == "value_error" and rule.json()["detail"][0]["loc"] == ["body", "state", "pos"]


def test_delete_forgets_the_run(alice):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    assert alice.delete(f"/api/v1/runs/{run_id}").status_code == 204
    assert alice.get(f"/api/v1/runs/{run_id}").status_code == 404


def test_set_weight_changes_one_weight_and_rejects_out_of_range(alice):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    r = alice.put(f"/api/v1/runs/{run_id}/weight", json={"layer": 0, "row": 2, "col": 1, "value": 0.75})
    assert r.status_code == 200
    assert r.json()["network"]["layers"][0]["weight"][2][1] == 0.75
    r = alice.put(f"/api/v1/runs/{run_id}/weight", json={"layer": 1, "row": 0, "value": -0.5})
    assert r.json()["network"]["layers"][-1]["bias"] == [-0.5]
    bad = alice.put(f"/api/v1/runs/{run_id}/weight", json={"layer": 0, "row": 5, "col": 0, "value": 1})
    assert bad.status_code == 422 and "row" in bad.json()["detail"][0]["loc"]
    big = alice.put(f"/api/v1/runs/{run_id}/weight", json={"layer": 0, "row": 0, "col": 0, "value": 1e4})
    assert big.status_code == 422


def test_history_csv_has_one_row_per_update(alice, tmp_path):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    state = alice.post(f"/api/v1/runs/{run_id}/step", json={"updates": 9}).json()
    r = alice.get(f"/api/v1/runs/{run_id}/history.csv")
    assert r.headers["content-type"].startswith("text/csv")
    path = tmp_path / "loss.csv"
    path.write_bytes(r.content)
    import csv
    rows = list(csv.DictReader(path.open()))
    assert [int(row["step"]) for row in rows] == list(range(1, 10))
    assert [float(row["train_loss"]) for row in rows] == state["history"]["loss"]
    assert rows[-1]["val_loss"] != ""  # the validation loss after the last update


def test_docs_page_serves_the_vendored_swagger_ui_for_our_schema(alice):
    from bs4 import BeautifulSoup

    r = alice.get("/docs?lang=en")
    assert r.status_code == 200
    soup = BeautifulSoup(r.text, "html.parser")
    ui = soup.find(id="swagger-ui")
    assert alice.get(ui["data-schema-url"]).json()["paths"]["/api/v1/runs"]
    scripts = [s["src"] for s in soup.find_all("script", src=True)]
    assert "/static/vendor/swagger-ui-bundle-5.35.0.min.js" in [src.split("?")[0] for src in scripts]
    assert all(alice.get(src).status_code == 200 for src in scripts)


def test_test_endpoint_evaluates_the_test_set_once_recorded(alice):
    run_id = alice.post("/api/v1/runs", json=SMALL).json()["id"]
    alice.post(f"/api/v1/runs/{run_id}/step", json={"updates": 12})
    r = alice.post(f"/api/v1/runs/{run_id}/test")
    assert r.status_code == 200 and r.json()["step"] == 12
    assert alice.get(f"/api/v1/runs/{run_id}").json()["tested"] == r.json()
    no_test = alice.post("/api/v1/runs", json={**SMALL, "test": 0}).json()["id"]
    bad = alice.post(f"/api/v1/runs/{no_test}/test")
    assert bad.status_code == 422 and "test" in bad.json()["detail"][0]["msg"]


def test_the_first_page_load_gives_the_session_so_parallel_runs_share_it(app):
    with TestClient(app) as browser:
        page = browser.get("/?lang=en")
        assert "nnlab_session=" in page.headers["set-cookie"] and "HttpOnly" in page.headers["set-cookie"]
        ids = [browser.post("/api/v1/runs", json=SMALL).json()["id"] for _ in range(3)]
        assert all(browser.get(f"/api/v1/runs/{i}").status_code == 200 for i in ids)
        # A static file does not start a session.
        with TestClient(app) as fresh:
            assert "set-cookie" not in fresh.get("/static/css/nnlab.css").headers
