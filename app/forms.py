"""Bounded numeric form fields of the lesson pages, and the messages shown beside a bad one.

Every lesson validates its controls the same way: a missing field takes its default, a comma is a decimal point
(as Polish keyboards write it), and a bad field keeps the user's text, gets a catalog message and falls back to
its default, so the page shows the message and keeps its last good state. Only the message keys differ between
lessons; a field names its own (`range_key`, `integer_key`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from app.formatting import field_value, limit_text

MAX_RAW = 40  # longest input text that counts as a number (and is echoed back in a message)


@dataclass(frozen=True)
class Message:
    """A message to show (a field's error, a notice): catalog key + its parameters."""

    key: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NumberField:
    """One numeric input: its default and bounds [lo, hi] (open ends if `lo_open` / `hi_open`), integers only if
    `integer`. `range_key` is the message for a value out of bounds, `integer_key` (default: `range_key`) for a
    fraction within them; both take {min} and {max}. `max_len` is the longest text read as a number (longer is
    "not a number"). `label` is a message key for pages that want one."""

    name: str
    default: float
    lo: float
    hi: float
    integer: bool = False
    lo_open: bool = False
    hi_open: bool = False
    range_key: str = "error.field.range"
    integer_key: str | None = None
    max_len: int = MAX_RAW
    label: str = ""

    def in_range(self, v: float) -> bool:
        above = v > self.lo if self.lo_open else v >= self.lo
        below = v < self.hi if self.hi_open else v <= self.hi
        return above and below

    def range_message(self, key: str | None = None) -> Message:
        return Message(key or self.range_key, {"min": limit_text(self.lo), "max": limit_text(self.hi)})

    def query_int(self, text: str | None) -> int | None:
        """An integer field's value read from a query parameter the page sets itself (not a text box):
        `query_int` within the field's bounds."""
        return query_int(text, math.ceil(self.lo), math.floor(self.hi))

    def check(self, text: str) -> tuple[float | int | None, Message | None]:
        """(value, None) for good text (stripped already), else (None, the message to show)."""
        if text == "":
            return None, Message("error.field.empty")
        try:
            v = float(text.replace(",", ".")) if len(text) <= self.max_len else math.nan
        except ValueError:
            v = math.nan
        if not math.isfinite(v):
            shown = text if len(text) <= MAX_RAW else text[:MAX_RAW] + "\u2026"
            return None, Message("error.field.not_number", {"value": shown})
        if not self.in_range(v):
            return None, self.range_message()
        if self.integer and not v.is_integer():
            return None, self.range_message(self.integer_key)
        return (int(v) if self.integer else v), None


def parse_fields(fields: Iterable[NumberField], raw: Mapping[str, str]
                 ) -> tuple[dict[str, float], dict[str, str], dict[str, Message]]:
    """Validate each field's text in `raw` (a query: name -> text).

    Returns (the value of every field, its default where the text was missing or bad; the text each field shows,
    the user's own where it was bad; errors by field name).
    """
    values: dict[str, float] = {}
    texts: dict[str, str] = {}
    errors: dict[str, Message] = {}
    for f in fields:
        values[f.name] = f.default
        texts[f.name] = field_value(f.default)
        if f.name not in raw:
            continue
        text = str(raw[f.name]).strip()
        texts[f.name] = text
        v, error = f.check(text)
        if error is None:
            values[f.name] = v
        else:
            errors[f.name] = error
    return values, texts, errors


_ASCII_INT = re.compile(r"-?[0-9]+")
MAX_INT_DIGITS = 18  # every integer a page reads is far shorter; longer text is rejected before int() sees it


def query_int(text: str | None, lo: int, hi: int) -> int | None:
    """The integer in [lo, hi] that a query parameter's text spells, else None (missing, empty, not an integer,
    out of bounds).

    The one way pages read a query integer. Only ASCII digits with an optional minus, at most MAX_INT_DIGITS of
    them: `str.isdigit()` also accepts "²" and other Unicode digits that `int()` rejects, and `int()` refuses
    strings of more than 4300 digits, so `isdigit()` + `int()` raised (a 500) on both.
    """
    if text is None:
        return None
    text = text.strip()
    if len(text.removeprefix("-")) > MAX_INT_DIGITS or not _ASCII_INT.fullmatch(text):
        return None
    value = int(text)
    return value if lo <= value <= hi else None


def query_choice(text: str | None, choices: Sequence[int]) -> int | None:
    """One of `choices` (integers, e.g. the speeds a select offers) from query text, else None."""
    value = query_int(text, min(choices), max(choices))
    return value if value in choices else None


# ---------------------------------------------------------------- lessons still on these forms (lesson 4)
LESSON_MAX_TEXT = 200  # such a lesson reads (and echoes) at most this much of a field's text, numbers included


def clipped(fields: Iterable[NumberField], query: Mapping[str, str]) -> dict[str, str]:
    """The fields' texts as such a lesson reads them: stripped, at most LESSON_MAX_TEXT characters."""
    return {f.name: str(query[f.name]).strip()[:LESSON_MAX_TEXT] for f in fields if f.name in query}


def lesson_number_field(name: str, default: float, lo: float, hi: float, integer: bool = False, **kw) -> NumberField:
    """A field of such a lesson: a fraction in an integer field has its own message; texts up to LESSON_MAX_TEXT."""
    return NumberField(name, default, lo, hi, integer, integer_key="error.field.integer", max_len=LESSON_MAX_TEXT, **kw)
