"""Schemathesis over the app's OpenAPI schema: requests generated from the schema never get a 5xx, and the
responses' content types and bodies conform to the schema; the JSON API v1 also documents every status it
answers with.

The live-run stream (text/event-stream, endless by design) is left out: an in-process client would wait on it
forever; tests/test_runs_stream.py covers it against a real server.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app

app = create_app()
schema = schemathesis.openapi.from_asgi(app.openapi_url, app).exclude(path_regex=r"/stream$")
api_v1 = schema.include(path_regex=r"^/api/v1/(trace|train)$")

EVERYWHERE = [not_a_server_error, content_type_conformance, response_schema_conformance]
ALL = EVERYWHERE + [status_code_conformance, response_headers_conformance]
# Hypothesis: a fixed budget per operation keeps the file well under a minute; derandomize makes runs repeatable.
BUDGET = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@schema.parametrize()
@BUDGET
def test_generated_requests_get_no_5xx_and_conforming_bodies(case):
    case.call_and_validate(checks=EVERYWHERE)


@api_v1.parametrize()
@BUDGET
def test_api_v1_answers_only_documented_statuses(case):
    case.call_and_validate(checks=ALL)
