"""Schemathesis hooks of this project, loaded by schemathesis.toml (`hooks`) in pytest and in `st run` alike.

schemathesis.toml lets valid data get a 422 where fields must fit together (weights and images against the
network, targets against the loss, q, k and v of one attention head, val + test <= 0.6, an import's counters, ...),
which JSON Schema cannot express. The check below
keeps that allowance narrow: such a 422 may name only rules beyond the schema (type value_error), never a field
alone (a type, a bound, a key the schema describes).
"""

from __future__ import annotations

import schemathesis
from schemathesis.core.failures import Failure


class ValidFieldRejected(Failure):
    """Valid data (by the schema) rejected for a single field: the schema and the server disagree about it."""

    code = "ST901"


@schemathesis.check
def positive_rejections_name_only_cross_field_rules(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    alone = [error for error in response.json()["detail"] if error.get("type") != "value_error"]
    if alone:
        raise ValidFieldRejected(operation=case.operation.label, title="Valid field rejected",
                                 message=f"valid data rejected for single fields: {alone}")
    return None
