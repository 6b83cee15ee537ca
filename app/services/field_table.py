"""Field tables of the lesson pages not yet on the lesson contract: {name: NumberField | Choice}, validated by
`parse_fields` (numbers by app.forms, a choice must be one of its options). Moved out of lesson 5 when that
lesson went onto the contract (app.lessons.contract), so that the pages still using it import no lesson."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from app import forms
from app.forms import Message, NumberField, limit_text

plain = limit_text  # a bound as a learner reads it


def Num(default: float, lo: float, hi: float, integer: bool = False) -> NumberField:  # noqa: N802 (reads as a type)
    """A numeric field with closed bounds; its name is its key in the field table (see `named`)."""
    return NumberField("", default, lo, hi, integer, range_key="error.field.integer" if integer else "error.field.range")


@dataclass(frozen=True)
class Choice:
    default: str
    options: tuple[str, ...]


def named(specs: dict[str, NumberField | Choice]) -> dict[str, NumberField | Choice]:
    """The field table with each number field named by its key ({"x": Num(...)} -> NumberField("x", ...))."""
    return {name: replace(s, name=name) if isinstance(s, NumberField) else s for name, s in specs.items()}


def parse_fields(specs: Mapping[str, NumberField | Choice], raw: Mapping[str, str]
                 ) -> tuple[dict[str, float | int | str], dict[str, str], dict[str, Message]]:
    """Validate each field's text (a missing field takes its default). Returns (values: every field, the default
    where the text was bad; texts: what each field shows, the user's own where it was bad; errors by field name),
    each in the order of `specs`."""
    values, texts, errors = forms.parse_fields([s for s in specs.values() if isinstance(s, NumberField)], raw)
    for name, spec in specs.items():
        if isinstance(spec, Choice):
            values[name] = texts[name] = spec.default
            if name in raw:
                text = str(raw[name]).strip()
                if text in spec.options:
                    values[name] = texts[name] = text
                else:
                    errors[name] = Message("error.field.choice", {"value": text[:forms.MAX_RAW]})
    order = list(specs)
    return ({n: values[n] for n in order}, {n: texts[n] for n in order},
            {n: errors[n] for n in order if n in errors})
