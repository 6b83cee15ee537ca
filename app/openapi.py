"""The OpenAPI schema (/api/openapi.json) beyond each route's own models: error answers, links and examples.

Every status a route can answer is documented, with its media type and body, so a client (and schemathesis,
tests/test_api_schema.py) can rely on the schema:
- a route declares what it answers itself with the `responses=` pieces below (400, 404, 409, 429/503 of the
  compute pool, ...);
- what the middlewares answer, from any route they wrap, is added here, in one place as the middlewares are:
  413 for a body over the limit (app.limits) on every operation with a body, 429 for an address out of new
  sessions (app.sessions) on every operation with a session. A 429 or 503 always carries Retry-After.

Links (OpenAPI 3 `links`) say how the operations feed each other: the run a response describes is the run of every
operation on a run (the runs API's, the pages' views of a run), and an export is a body for the import.
Schemathesis' stateful tests follow them: create, step, change, export, import, delete, in any order. Examples
of the bodies that start a run (an experiment, an export) come from the code that makes runs, so they stay valid;
those of the JSON API's trace and attention are written out below (tests/test_api_conv.py and
tests/test_api_attention.py send them).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from app.api_models import Message
from app.errors import is_api_path
from app.middleware import NO_SESSION

RETRY_AFTER = {"Retry-After": {"description": "seconds to wait before trying again", "required": True,
                               "schema": {"type": "integer", "minimum": 1}}}
HTML = {"text/html": {"schema": {"type": "string"}}}


def _message(description: str, **extra: Any) -> dict:
    return {"model": Message, "description": description, **extra}


# ---------------------------------------------------------------- what routes declare
BAD_JSON = {400: _message("the body cannot be read as JSON text (not UTF-8, or nested too deeply)")}
NO_RUN = {404: _message("no such run in this session (or it was evicted or expired)")}
BUSY = {
    429: _message("this session has too many requests (or streams) at once, or its address has started too many "
                  "new sessions; see Retry-After", headers=RETRY_AFTER),
    503: _message("the server is busy (compute queue or run store full); see Retry-After", headers=RETRY_AFTER),
}


def invalid(description: str) -> dict:
    """422 in FastAPI's format, for a route whose body or check FastAPI does not document by itself."""
    return {422: {"description": description, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}}


# ---------------------------------------------------------------- what the middlewares answer
TOO_LARGE = {"description": "the body is larger than NNLAB_MAX_BODY_BYTES (NNLAB_MAX_IMPORT_BYTES for an import)",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}}
NEW_SESSIONS = "this address has started too many new sessions; see Retry-After"
BODY_METHODS = ("post", "put", "patch")  # the methods app.limits.BodyLimitMiddleware reads a body of


def _session_429(path: str) -> dict:
    if is_api_path(path):
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}
    else:
        content = HTML
    return {"description": NEW_SESSIONS, "headers": RETRY_AFTER, "content": content}


def add_middleware_answers(schema: dict) -> None:
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            if method in BODY_METHODS:
                responses.setdefault("413", TOO_LARGE)
            if not NO_SESSION.match(path):
                responses.setdefault("429", _session_429(path))
            if not is_api_path(path) and "422" in responses:
                # A page answers a malformed parameter with the error page, 400 (app.errors), not FastAPI's 422.
                del responses["422"]
                responses.setdefault("400", {"description": "a malformed parameter (the error page)",
                                             "content": HTML})


# ---------------------------------------------------------------- links
RUN = "/api/v1/runs/{run_id}"
# Responses that describe a run, and where its id is: in the answer (a run's state), or in the request's path.
RUN_SOURCES = {
    ("post", "/api/v1/runs", "201"): "$response.body#/id",
    ("post", "/api/v1/runs/import", "201"): "$response.body#/id",
    ("get", RUN, "200"): "$response.body#/id",
    ("patch", RUN, "200"): "$response.body#/id",
    ("post", RUN + "/step", "200"): "$response.body#/id",
    ("put", RUN + "/weight", "200"): "$response.body#/id",
    ("post", RUN + "/test", "200"): "$request.path.run_id",
    ("get", RUN + "/history.csv", "200"): "$request.path.run_id",
    ("get", RUN + "/export", "200"): "$request.path.run_id",
    ("get", RUN + "/export.npz", "200"): "$request.path.run_id",
    ("get", RUN + "/weights.csv", "200"): "$request.path.run_id",
    ("get", RUN + "/export.py", "200"): "$request.path.run_id",
    ("delete", RUN, "204"): "$request.path.run_id",  # after it, every operation on the run answers 404
}
# Parameters that name runs of the session: every operation with one is an operation on a run (the runs API's,
# the pages' views of a run; the stream too, which clients that cannot follow an endless answer leave out).
RUN_PARAMETERS = ("run_id", "ids")


def add_links(schema: dict) -> None:
    paths = schema["paths"]
    on_a_run = [(operation["operationId"], f"{method.upper()} {path}", parameter["name"])
                for path, operations in paths.items() for method, operation in operations.items()
                for parameter in operation.get("parameters", []) if parameter["name"] in RUN_PARAMETERS]
    for (method, path, status), run_id in RUN_SOURCES.items():
        links = {target: {"operationId": target, "parameters": {name: run_id}, "description": f"{label} of this run"}
                 for target, label, name in on_a_run}
        if (method, path) == ("get", RUN + "/export"):
            target = paths["/api/v1/runs/import"]["post"]["operationId"]
            links[target] = {"operationId": target, "requestBody": "$response.body",
                             "description": "a new run from this export, in exactly the exported state"}
        paths[path][method]["responses"][status]["links"] = links


# ---------------------------------------------------------------- examples
# A small convolutional network on two 4x4 images: conv 1 -> 2 channels (3x3, padding 1, ReLU), max-pool 2, flatten,
# dense 8 -> 2 (weights left out: drawn by he_normal from seed 0).
CONV_TRACE = {
    "network": {"inputs": [1, 4, 4], "layers": [
        {"type": "conv2d", "out_channels": 2, "kernel_size": 3, "padding": 1, "activation": "relu"},
        {"type": "maxpool2d", "kernel_size": 2}, {"type": "flatten"}, {"units": 2}]},
    "x": [[[[0, 1, 1, 0], [1, 0, 0, 1], [1, 0, 0, 1], [0, 1, 1, 0]]],
          [[[1, 1, 1, 1], [0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0]]]],
    "y": [0, 1], "loss": "cross_entropy",
}
# Three positions of d_k = d_v = 2, causal: query 0 sees key 0 only, query 2 all three.
ATTENTION = {"q": [[1, 0], [0, 1], [1, 1]], "k": [[1, 0], [0, 1], [1, 1]], "v": [[1, 0], [0, 1], [0.5, 0.5]],
             "scale": True, "causal": True}
API_EXAMPLES = {
    "/api/v1/trace": {"conv": ("a small convolutional network on two 4x4 images", CONV_TRACE)},
    "/api/v1/attention": {"causal": ("three positions, causal", ATTENTION)},
}


def add_examples(schema: dict) -> None:
    """A small experiment (for POST /api/v1/runs) and a run's export (for the import), made by the code that makes
    and exports runs, so they are always valid; the JSON API's examples above."""
    from app.runs import export
    from app.runs.experiment import Experiment
    from app.runs.run import Run

    experiment = Experiment(n=20, hidden=[{"units": 3}], batch_size=4)
    document = export.export(Run(experiment))
    bodies = {"/api/v1/runs": ("a small experiment", experiment.model_dump(mode="json")),
              "/api/v1/runs/import": ("the export of a new run of that experiment", document)}
    for path, (summary, value) in bodies.items():
        media = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        media["examples"] = {"small": {"summary": summary, "value": value}}
    for path, examples in API_EXAMPLES.items():
        media = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        media["examples"] = {name: {"summary": summary, "value": value} for name, (summary, value) in examples.items()}


def install(app: FastAPI) -> None:
    """app.openapi() is FastAPI's schema with the middlewares' answers, the links and the examples added."""
    build = app.openapi
    done: list[dict] = []

    def openapi() -> dict:
        schema = build()  # FastAPI's, built once (again when routes are added)
        if not done or done[-1] is not schema:
            add_middleware_answers(schema)
            add_links(schema)
            add_examples(schema)
            done[:] = [schema]
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
