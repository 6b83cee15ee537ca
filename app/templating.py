"""Jinja2 set-up: templates/ at the repo root, the translator, and filters for numbers and formulas."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import StrictUndefined, pass_context
from latex2mathml.converter import convert
from markupsafe import Markup

from app import formatting, presenter
from app.i18n import LANG_NAMES, LANGS, translate, translator
from app.lessons import LESSONS, neighbours
from app.static import assets_for

# Paths from the repo root (app/..), never from the working directory.
ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"


def request_lang(request: Request) -> str:
    """The language the LanguageMiddleware chose for this request."""
    return getattr(request.state, "lang", LANGS[0])


def page_context(request: Request) -> dict:
    """What every template sees. (Starlette applies this after the route's context, so the names here are
    ones routes never pass; a page that knows a better URL for the language links passes `page_url`.)"""
    lang = request_lang(request)
    url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return {"lang": lang, "t": translator(lang), "langs": LANGS, "lang_names": LANG_NAMES, "lessons": LESSONS,
            "request_url": url, "presenter": presenter.context(request)}


@pass_context
def lang_href(context, url: str, lang: str) -> str:
    """The same path and query with lang=<lang> (replacing any lang already there); a page shown from a deck
    keeps its place in the deck (present, n), so the presenter switches language without losing the scene."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("lang", "present", "n")]
    presenter = context.get("presenter")
    if presenter:
        query += [("present", presenter["deck"]), ("n", str(presenter["n"]))]
    return parts.path + "?" + urlencode([*query, ("lang", lang)])


# A number as latex2mathml's tokenizer reads one (its `number` token), except digits it reads otherwise: one digit
# right after _ or ^ (x^2), the digits of a ".5", and the rest of a digit run after those.
_NUMBER = re.compile(r"(?<![\d._^])\d+(?:\.\d+)?")
# Where latex2mathml reads a digit's value or re-reads text (\frac12, \skew3, macros and their #1, \hbox{$..$}):
# such formulas are converted directly.
_VALUE_READ = re.compile(r"[#$]|\\(?:skew|[cdt]?frac\s*[.\d]|(?:re)?newcommand|def(?![a-zA-Z]))")
_SLOT = "9{:09d}9"  # placeholder number i: 11 digits, each distinct, none a part of another


@lru_cache(maxsize=1024)
def _shape(shape: str, count: int, display: str) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    """The MathML of a formula whose numbers are the placeholders _SLOT(0..count-1), cut at the placeholders:
    (text around them, which number goes in each cut). None if a placeholder does not come out exactly once
    (then the formula is converted directly)."""
    out = convert(shape, display=display)
    where = []
    for i in range(count):
        slot = _SLOT.format(i)
        if out.count(slot) != 1:
            return None
        where.append((out.index(slot), i))
    where.sort()
    parts, start = [], 0
    for pos, _ in where:
        parts.append(out[start:pos])
        start = pos + len(_SLOT.format(0))
    parts.append(out[start:])
    return tuple(parts), tuple(i for _, i in where)


@lru_cache(maxsize=4096)
def math(latex: str, display: str = "inline") -> Markup:
    """LaTeX -> MathML (rendered natively by the browser).

    latex2mathml writes a number as <mn>digits</mn> whatever its value, so a formula is converted once per
    *shape* (its numbers replaced by placeholder numbers) and the numbers are put back into that MathML: the
    result is the same text as `convert(latex)` (tests/test_math_render.py), but formulas whose numbers change
    with every request (lesson 1's recompute) no longer pay for a conversion each.

    Marked safe because every LaTeX string is built by our own code from fixed text and numbers we format;
    nothing a user typed ever reaches this function, so there is nothing to escape (the numbers put back are
    digits and a point only).
    """
    if not _VALUE_READ.search(latex):
        numbers = _NUMBER.findall(latex)
        if numbers:
            slots = iter(range(len(numbers)))
            shape = _NUMBER.sub(lambda _: _SLOT.format(next(slots)), latex)
            cut = _shape(shape, len(numbers), display)
            if cut is not None:
                parts, order = cut
                out = [parts[0]]
                for part, i in zip(parts[1:], order):
                    out += (numbers[i], part)
                return Markup("".join(out))
    return Markup(convert(latex, display=display))


@pass_context
def display_name(context, kind: str, key: str) -> str:
    """{{ name("activation", "leaky_relu") }}: what a page shows for a registry entry ("Leaky ReLU"), never its
    identifier (app/messages/names.py)."""
    return translate(context["lang"], f"name.{kind}.{getattr(key, 'value', key)}")


@pass_context
def number_filter(context, value) -> str:
    """{{ x|num }}: display form of a number; a nan/inf shows the "diverged" message instead."""
    text = formatting.number(value)
    if text is None:
        return translate(context["lang"], "number.nonfinite")
    return text


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR), context_processors=[page_context])
    env = templates.env
    env.globals["math"] = math
    env.globals["lang_href"] = lang_href
    env.globals["lesson_neighbours"] = neighbours
    env.globals["name"] = display_name
    env.globals["static_url"] = assets_for(STATIC_DIR).url  # "/static/js/x.js?v=<hash>": cached for good
    env.filters["num"] = number_filter
    env.filters["fieldvalue"] = formatting.field_value
    env.filters["texnum"] = formatting.latex_number
    # A template that names an undefined variable is a bug: fail loudly instead of printing nothing.
    env.undefined = StrictUndefined
    return templates


templates = make_templates()
