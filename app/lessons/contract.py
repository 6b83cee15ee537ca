"""The lesson contract: what every lesson implements, and what the generic router (app.lessons.router) serves.

A lesson is
- a **state model** (`LessonState` subclass): its inputs as bounded pydantic fields (bounds from app.bounds or the
  lesson's own constants), which round-trips URL query <-> state <-> JSON document (the scene format);
- a **page** (`LessonPage` subclass): from a parsed state to the view its templates show (`context`), its actions
  (buttons such as step, reset, preset), its htmx parts, its JSON data endpoints and its views of live runs.

Bad input never raises: each field is validated on its own, and a bad one keeps the user's text, gets a
`FieldError` {field, key, params} (a catalog key, rendered in the reader's language by the side that shows it) and
takes its default in the state, so a page shows the message beside the field and keeps its last good state.
"""

from __future__ import annotations

import enum
import math
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, Literal, TypeVar
from urllib.parse import parse_qsl, urlencode

import annotated_types as at
from pydantic import BaseModel, ConfigDict, ValidationError

from app.formatting import field_value, limit_text

MAX_TEXT = 40  # longest field text read as a value (and echoed back in a message)


@dataclass(frozen=True)
class FieldError:
    """A problem with one field: a catalog key and its parameters. `field` is the field's name."""

    field: str
    key: str
    params: dict = field(default_factory=dict)

    def text(self, t) -> str:
        return t(self.key, **self.params)

    def as_json(self) -> dict:
        return {"field": self.field, "key": self.key, "params": self.params}


@dataclass(frozen=True)
class Notice:
    """Something to tell the reader that is not about a field (why a step was not applied): key + parameters."""

    key: str
    params: dict = field(default_factory=dict)


S = TypeVar("S", bound="LessonState")


@dataclass
class Parsed(Generic[S]):
    """A request's state: every field valid (the default where the text was bad), the text each field shows
    (the user's own where it was bad) and the errors by field."""

    state: S
    texts: dict[str, str]
    errors: dict[str, FieldError]
    notice: Notice | None = None
    action: str | None = None
    before: S | None = None  # the state an action was applied to

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------- reading one field from text

def _kind(annotation) -> tuple[str, tuple]:
    """("float" | "int" | "bool" | "choice" | "str", choices) of a field's annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    if origin is Literal:
        return "choice", tuple(typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _kind(args[0])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "choice", tuple(m.value for m in annotation)
    if annotation is bool:
        return "bool", ()
    if annotation is int:
        return "int", ()
    if annotation is float:
        return "float", ()
    return "str", ()


def _bounds(info) -> tuple[float | None, float | None]:
    lo = hi = None
    for m in info.metadata:
        if isinstance(m, (at.Ge, at.Gt)):
            lo = m.ge if isinstance(m, at.Ge) else m.gt
        elif isinstance(m, (at.Le, at.Lt)):
            hi = m.le if isinstance(m, at.Le) else m.lt
    return lo, hi


def read_number(text: str) -> float | None:
    """A number as a learner types it: "0,05" and "0.05" alike, a true minus, spaces between thousands;
    None when it is not a number (inf and 1e400 are numbers, out of any range)."""
    text = text.strip().replace("\u2212", "-").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not text or len(text) > MAX_TEXT or not all(c in "0123456789+-.eEinftyaINFTYA" for c in text):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _shown(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "\u2026"


class LessonState(BaseModel):
    """Base of every lesson's state. Fields need defaults (a missing parameter takes its default); their bounds
    are the pydantic constraints (ge/le/gt/lt). A field's json_schema_extra may name `range_key`, the catalog key
    of its out-of-range message (default "error.field.range", with {min} and {max})."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # ------------------------------------------------------------ URL query <-> state
    @classmethod
    def parse(cls: type[S], query: Mapping[str, str]) -> Parsed[S]:
        good: dict[str, Any] = {}
        texts: dict[str, str] = {}
        errors: dict[str, FieldError] = {}
        for name, info in cls.model_fields.items():
            if name not in query:
                continue
            text = str(query[name]).strip()
            texts[name] = text
            value, error = cls._read(name, text)
            if error is None:
                good[name] = value
            else:
                errors[name] = error
        state = cls.model_validate(good)
        for error in state.check():
            errors.setdefault(error.field, error)
        if errors:
            state = cls.model_validate({k: v for k, v in good.items() if k not in errors})
        shown = {name: state.text(name) for name in cls.model_fields}
        shown.update({name: _shown(texts[name]) for name in errors if name in texts})
        return Parsed(state, shown, errors)

    @classmethod
    def _read(cls, name: str, text: str) -> tuple[Any, FieldError | None]:
        info = cls.model_fields[name]
        kind, choices = _kind(info.annotation)
        if kind in ("float", "int"):
            if text == "":
                return None, FieldError(name, "error.field.empty")
            v = read_number(text)
            if v is None:
                return None, FieldError(name, "error.field.not_number", {"value": _shown(text)})
            if not math.isfinite(v):
                return None, cls._range(name)
            if kind == "int":
                if not v.is_integer():
                    return None, cls._range(name, "error.field.integer")
                v = int(v)
            value: Any = v
        elif kind == "bool":
            if text.lower() not in ("1", "true", "on", "0", "false", "off", ""):
                return None, FieldError(name, "error.field.choice", {"value": _shown(text)})
            value = text.lower() in ("1", "true", "on")
        elif kind == "choice":
            match = [c for c in choices if str(getattr(c, "value", c)) == text]
            if not match:
                return None, FieldError(name, "error.field.choice", {"value": _shown(text)})
            value = match[0]
        else:
            value = text
        try:
            cls.model_validate({name: value})
        except ValidationError:
            return None, cls._range(name)
        return value, None

    @classmethod
    def _range(cls, name: str, key: str | None = None) -> FieldError:
        info = cls.model_fields[name]
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        lo, hi = _bounds(info)
        params = {"min": "\u2212\u221e" if lo is None else limit_text(lo), "max": "\u221e" if hi is None else limit_text(hi)}
        return FieldError(name, key or extra.get("range_key", "error.field.range"), params)

    def check(self) -> list[FieldError]:
        """Rules across fields (override): the errors, each naming the field to show it beside."""
        return []

    def text(self, name: str) -> str:
        """A field's value as its input shows it and the URL carries it."""
        value = getattr(self, name)
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, enum.Enum):
            return str(value.value)
        if isinstance(value, (int, float)):
            return field_value(value)
        return str(value)

    def query(self) -> list[tuple[str, str]]:
        """The URL query that reopens this state (every field, so a link reads on its own)."""
        return [(name, self.text(name)) for name in type(self).model_fields]

    # ------------------------------------------------------------ state <-> JSON document
    def document(self, slug: str) -> dict:
        """The state as a JSON document: the scene format."""
        return {"format": "nnlab-lesson-state", "version": 1, "lesson": slug, "state": self.model_dump(mode="json")}

    @classmethod
    def from_document(cls: type[S], doc: Mapping, slug: str) -> S:
        """The state a document describes; ValueError naming what is wrong (a scene file is not trusted)."""
        if not isinstance(doc, Mapping) or doc.get("format") != "nnlab-lesson-state" or doc.get("version") != 1:
            raise ValueError("format: not an nnlab lesson state (version 1)")
        if doc.get("lesson") != slug:
            raise ValueError(f"lesson: the document is for {doc.get('lesson')!r}, not {slug!r}")
        try:
            state = cls.model_validate(doc.get("state"), strict=False)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            raise ValueError(f"state.{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
        problems = state.check()
        if problems:
            raise ValueError(f"state.{problems[0].field}: {problems[0].key}")
        return state


Action = Callable[[Any], "Any | tuple[Any, Notice | None]"]


@dataclass(frozen=True)
class RunView:
    """A view of one of the session's runs, at GET /lessons/{slug}/runs/{run_id}/{name}: `build(run, request
    context)` with the run's lock held, in the compute pool (no training happens here). `accepts(run)` says
    whether the run is one this view is for (else 409)."""

    build: Callable[..., dict]
    accepts: Callable[[Any], bool] = lambda run: True
    compare: bool = False  # takes ?compare=<another run of the session>, drawn faded behind


class LessonPage(ABC):
    """A lesson's page. Subclasses set `State` and implement `context`; the rest is optional.

    actions: ?action=<name> applies actions[name](state) -> state, or (state, notice); the fields are then
    redrawn with the new values. parts: extra htmx answers at /lessons/{slug}/{part}: part -> template (the
    lesson's own folder). data: JSON answers at /lessons/{slug}/data/{name}: name -> fn(parsed, t, request).
    run_views: name -> RunView, at /lessons/{slug}/runs/{run_id}/{name}.
    """

    State: ClassVar[type[LessonState]]
    actions: ClassVar[Mapping[str, Action]] = {}
    parts: ClassVar[Mapping[str, str]] = {}
    data: ClassVar[Mapping[str, Callable[..., dict]]] = {}
    run_views: ClassVar[Mapping[str, RunView]] = {}

    def __init__(self, slug: str):
        from app.lessons import BY_SLUG

        self.lesson = BY_SLUG[slug]
        self.slug = slug
        self.path = f"/lessons/{slug}"
        self.template = f"lessons/{slug}/page.html"
        self.swap_template = f"lessons/{slug}/_swap.html"

    def handle(self, query: Mapping[str, str]) -> Parsed:
        """Parse the query, then apply ?action= (an action needs every field good; a reset forgets bad ones)."""
        action = query.get("action")
        if action == "reset" and "reset" not in self.actions:
            return Parsed(self.State(), {n: self.State().text(n) for n in self.State.model_fields}, {}, None, action)
        parsed = self.State.parse(query)
        parsed.action = action if action in self.actions else None
        if parsed.action == "reset":  # a reset forgets bad fields too
            parsed.errors = {}
        if parsed.action and parsed.ok:
            out = self.actions[parsed.action](parsed.state)
            state, notice = out if isinstance(out, tuple) else (out, None)
            parsed.before, parsed.state, parsed.notice = parsed.state, state, notice
            parsed.texts = {n: state.text(n) for n in self.State.model_fields}
        return parsed

    def url(self, state: LessonState) -> str:
        return self.path + "?" + urlencode(state.query())

    @abstractmethod
    def context(self, parsed: Parsed, t) -> dict:
        """What the templates show for this state (numbers, texts, plots)."""

    def playground_url(self, state: LessonState) -> str | None:
        """The lesson's setup in the Playground, if it has one."""
        return None


# ---------------------------------------------------------------- what the page shows now

SHOWN = "shown"  # a form's hidden field: the query of the state the page shows now (every answer updates it)


def shown_state(State: type[S], query: Mapping[str, str]) -> S | None:
    """The state the page showed before this request, read from the form's hidden field SHOWN (None when the
    request has none, or it does not parse cleanly): an htmx answer compares it with the new state and swaps
    only the regions whose inputs changed."""
    text = query.get(SHOWN)
    if not text or len(text) > 4000:
        return None
    parsed = State.parse(dict(parse_qsl(str(text), keep_blank_values=True)))
    return parsed.state if parsed.ok else None


def shown_value(state: LessonState) -> str:
    """The SHOWN field's value for a state: its URL query."""
    return urlencode(state.query())


class Invalid(Exception):
    """A lesson's data function found a bad field its state model does not hold (e.g. run ids): the router answers
    422 with the FieldError, in the same {"detail": [...]} form as a bad state field."""

    def __init__(self, error: FieldError) -> None:
        super().__init__(error.key)
        self.error = error
