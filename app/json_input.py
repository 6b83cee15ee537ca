"""Request bodies read as JSON and JSON Schema (the OpenAPI schema) read them: no more, no less.

- JSON has one number type, and JSON Schema's "integer" is any number without a fractional part: 3.0 is the
  integer 3 (a client may well write it so), 3.5 is not. `loads` reads a whole number as an int, whatever its
  spelling; a float field takes an int as it is.
- Pydantic's lax mode takes more than the schema says: "3" or true for an integer, "yes" or 1 for a boolean,
  true for a number. `Int`, `Float`, `Bool` take only what the schema says, also in a model that is lax
  elsewhere (an enum field still takes its value's text).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Strict


def _number(text: str) -> int | float:
    # Only numbers written with a fraction or an exponent come here ("3.0", "1e3", "0.5"); plain "3" is an int.
    value = float(text)
    return int(value) if value.is_integer() else value


def loads(body: bytes | str) -> Any:
    """json.loads, whole numbers as ints. Raises what json.loads raises (ValueError, RecursionError)."""
    return json.loads(body, parse_float=_number)


Int = Annotated[int, Strict()]
Float = Annotated[float, Strict()]  # an int is a number too: 3 -> 3.0
Bool = Annotated[bool, Strict()]
