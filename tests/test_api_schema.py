"""Schemathesis over the app's whole OpenAPI schema, with every check it has (schemathesis.checks, all enabled).

- Every operation, with the examples, coverage and fuzzing phases, valid and invalid data: no 5xx; only
  documented statuses, media types, headers and bodies; invalid data rejected, valid data accepted; undeclared
  methods answered 405 with an Allow that names exactly the path's methods.
- The stateful phase: sequences along the schema's links (app.openapi) as one browser (one session cookie): create
  or import a run, then read, step, change, set a weight, test, export, history.csv, delete, import the export, in
  any order; a run is there until it is deleted, and gone after.

schemathesis.toml (read by `st run` too, see README) tunes two checks where JSON Schema cannot say what the server
rightly does (a body's size in bytes, rules over several fields), and loads tests/schemathesis_hooks.py, whose
check keeps the second tuning honest.

The live-run stream (text/event-stream, endless by design) is left out in schemathesis.toml: an in-process client
would wait on it forever; tests/test_runs_stream.py covers it against a real server.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    CHECKS,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from schemathesis.python.asgi import ASGIClient

from app.errors import is_api_path
from app.main import create_app
from app.settings import Settings

CONFIG = SchemathesisConfig.from_path(str(Path(__file__).resolve().parents[1] / "schemathesis.toml"))
app = create_app()
schema = schemathesis.openapi.from_asgi(app.openapi_url, app, config=CONFIG)

# Hypothesis: a fixed budget keeps the file well under a minute; derandomize makes runs repeatable.
BUDGET = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def test_every_check_runs_ours_included():
    names = set(CHECKS.get_all_names())
    assert {"not_a_server_error", "status_code_conformance", "negative_data_rejection", "positive_data_acceptance",
            "unsupported_method", "allow_header_conformance", "use_after_free", "ensure_resource_availability",
            "positive_rejections_name_only_cross_field_rules"} <= names
    assert all(CONFIG.projects.default.checks.get_by_name(name=name).enabled for name in names)


@schema.parametrize()
@BUDGET
def test_every_operation_passes_every_check(case):
    case.call_and_validate()  # no `checks=`: every check enabled, i.e. all of them


class Browser(schema.as_state_machine()):
    """One browser: its own cookie jar for a whole scenario. Runs belong to the session that made them, and a call
    of schemathesis' own carries no cookie (a new session each time), so a run made in one step would be a 404 in
    the next."""

    def setup(self) -> None:
        self.client = ASGIClient(app)

    def teardown(self) -> None:
        self.client.close()

    def get_call_kwargs(self, case) -> dict:
        return {"session": self.client}


# 50 scenarios of up to 10 steps (about 10 s): enough to import exports and to get a 2xx from every operation on
# a run; test_the_links_take_a_run_through_every_operation_on_it below walks that path for certain.
TestRunsWorkflows = Browser.TestCase
TestRunsWorkflows.settings = settings(max_examples=50, stateful_step_count=10, deadline=None,
                                      suppress_health_check=list(HealthCheck), derandomize=True)

RUN = "/api/v1/runs/{run_id}"
# Bodies for the operations on a run that take one, in a walk along the links.
BODIES = {("post", RUN + "/step"): {"updates": 3}, ("put", RUN + "/weight"): {"layer": 0, "row": 0, "value": 0.5},
          ("patch", RUN): {"optimizer": {"name": "sgd", "lr": 0.05}}}


def test_the_links_take_a_run_through_every_operation_on_it():
    """What the stateful phase explores at random, walked for certain: from a new run (the schema's example
    experiment) every link reaches its operation and gets a 2xx (or the 409 of a lesson's view of another lesson's
    run); the export's link imports it as the same run; after the delete, every link gets a 404. Every answer
    passes every check."""
    spec = app.openapi()
    operations = {op["operationId"]: (method, path) for path, ops in spec["paths"].items()
                  for method, op in ops.items()}
    client = ASGIClient(app)

    def call(method: str, path: str, **kwargs):
        case = schema[path][method.upper()].Case(**kwargs)
        response = case.call(session=client)
        case.validate_response(response)
        return case, response

    def follow(link: dict, case, response, expected: set[int]):
        method, path = operations[link["operationId"]]
        if path.endswith("/stream"):
            return None  # endless: covered against a real server (tests/test_runs_stream.py)
        values = {"$response.body#/id": lambda: response.json()["id"], "$response.body": response.json,
                  "$request.path.run_id": lambda: case.path_parameters["run_id"]}
        kwargs = {}
        for name, expression in link.get("parameters", {}).items():
            where = "query" if name == "ids" else "path_parameters"
            kwargs.setdefault(where, {})[name] = values[expression]()
        if "requestBody" in link:
            kwargs.update(body=values[link["requestBody"]](), media_type="application/json")
        elif (method, path) in BODIES:
            kwargs.update(body=BODIES[method, path], media_type="application/json")
        target, answer = call(method, path, **kwargs)
        assert answer.status_code in expected, (method, path, answer.status_code, answer.text[:200])
        return target, answer

    def links(method: str, path: str, status: str) -> dict:
        return spec["paths"][path][method]["responses"][status]["links"]

    def link_to(method: str, path: str, source: dict) -> dict:
        return next(link for link in source.values() if operations[link["operationId"]] == (method, path))

    example = spec["paths"]["/api/v1/runs"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    created, made = call("post", "/api/v1/runs", body=example["small"]["value"], media_type="application/json")
    assert made.status_code == 201
    from_created = links("post", "/api/v1/runs", "201")
    reached = {}
    for link in from_created.values():
        method, path = operations[link["operationId"]]
        if method != "delete":  # last
            reached[method, path] = follow(link, created, made, {200} if path.startswith("/api/") else {200, 409})
    assert reached[("post", RUN + "/step")][1].json()["step"] == 3

    export_case, exported = reached[("get", RUN + "/export")]
    to_import = link_to("post", "/api/v1/runs/import", links("get", RUN + "/export", "200"))
    _, imported = follow(to_import, export_case, exported, {201})
    _, original = call("get", RUN, path_parameters={"run_id": made.json()["id"]})
    assert imported.json()["id"] != original.json()["id"]
    assert {k: v for k, v in imported.json().items() if k != "id"} == {k: v for k, v in original.json().items()
                                                                        if k != "id"}

    delete_case, deleted = follow(link_to("delete", RUN, from_created), created, made, {204})
    for link in links("delete", RUN, "204").values():
        follow(link, delete_case, deleted, {404})


def test_the_import_body_schema_is_the_export_document():
    # The import declares its body by reference (openapi_extra): the reference must resolve to the export's model.
    spec = app.openapi()
    body = spec["paths"]["/api/v1/runs/import"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    export = spec["paths"]["/api/v1/runs/{run_id}/export"]["get"]["responses"]["200"]["content"]["application/json"]
    assert body == export["schema"] == {"$ref": "#/components/schemas/RunDocument"}
    assert spec["components"]["schemas"]["RunDocument"]["additionalProperties"] is False


@pytest.mark.parametrize("path", sorted(app.openapi()["paths"]))
def test_errors_come_as_the_route_answers(path):
    # An HTML page's errors are pages, a JSON route's are JSON (app.errors.is_api_path), and the schema says so
    # (also for routes that answer a redirect or an image: their errors are pages).
    html = not is_api_path(path)
    for operation in app.openapi()["paths"][path].values():
        for status, response in operation["responses"].items():
            if status.startswith("4") and "content" in response:
                assert ("text/html" in response["content"]) == html, (path, status)


CONFORMANCE = [status_code_conformance, content_type_conformance, response_headers_conformance,
               response_schema_conformance]


def test_the_middlewares_answers_are_documented_on_every_operation():
    # 413 (app.limits) and 429 (app.sessions) come from middlewares, before any route; schemathesis never meets
    # them above (small bodies, NNLAB_SESSION_BURST is huge in tests). Each is checked on every operation here.
    small = create_app(Settings(max_body_bytes=1024, max_import_bytes=1024, session_burst=1, session_rate=0.001))
    known, newcomer = ASGIClient(small), ASGIClient(small)
    assert known.get("http://testserver/").status_code == 200  # the address's one new session
    seen = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        parameters = {p.name: "x" for p in operation.path_parameters}
        query = {p.name: "x" for p in operation.query if p.is_required}
        if operation.method in ("post", "put", "patch"):
            case = operation.Case(path_parameters=parameters, query=query, body="x" * 2000,
                                  media_type="application/json")
            response = case.call(session=known)
            assert response.status_code == 413, operation.label
            case.validate_response(response, checks=CONFORMANCE)
            seen.add(413)
        if operation.path != "/healthz":
            case = operation.Case(path_parameters=parameters, query=query)
            response = case.call(session=newcomer)
            assert response.status_code == 429, operation.label
            case.validate_response(response, checks=CONFORMANCE)  # Retry-After included: a required header
            seen.add(429)
    assert seen == {413, 429}
