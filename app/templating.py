"""Jinja2 set-up: templates/ at the repo root, the translator, and filters for numbers and formulas."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import StrictUndefined, pass_context
from latex2mathml.converter import convert
from markupsafe import Markup

from app import formatting
from app.i18n import LANG_NAMES, LANGS, translate, translator
from app.lessons import LESSONS, neighbours

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
            "request_url": url}


def lang_href(url: str, lang: str) -> str:
    """The same path and query with lang=<lang> (replacing any lang already there)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return parts.path + "?" + urlencode([*query, ("lang", lang)])


@lru_cache(maxsize=4096)
def math(latex: str, display: str = "inline") -> Markup:
    """LaTeX -> MathML (rendered natively by the browser).

    Marked safe because every LaTeX string is built by our own code from fixed text and numbers we format;
    nothing a user typed ever reaches this function, so there is nothing to escape.
    """
    return Markup(convert(latex, display=display))


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
    env.filters["num"] = number_filter
    env.filters["fieldvalue"] = formatting.field_value
    env.filters["texnum"] = formatting.latex_number
    # A template that names an undefined variable is a bug: fail loudly instead of printing nothing.
    env.undefined = StrictUndefined
    return templates


templates = make_templates()
