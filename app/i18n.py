"""Messages in Polish and English, and the choice of language for a request.

The catalog lives in app/messages/ as one dict per topic, each key holding both languages side by side
({"pl": ..., "en": ...}), so a missing translation is visible where the text is written. Placeholders use
str.format syntax ("{limit}"); tests/test_i18n.py checks that both languages have the same keys and the same
placeholders, and that every key a template or the app uses exists.
"""

from __future__ import annotations

import string
from collections.abc import Callable

from app.messages import CATALOG

LANGS: tuple[str, ...] = ("pl", "en")
LANG_NAMES = {"pl": "Polski", "en": "English"}
COOKIE = "nnlab_lang"

# The same catalog per language: MESSAGES["en"]["nav.home"].
MESSAGES: dict[str, dict[str, str]] = {
    lang: {key: texts[lang] for key, texts in CATALOG.items() if lang in texts} for lang in LANGS
}


def translate(lang: str, key: str, **params) -> str:
    """The message `key` in `lang`, with `params` filled in. An unknown key raises KeyError (a bug, not input)."""
    try:
        text = MESSAGES[lang][key]
    except KeyError:
        raise KeyError(f"no message {key!r} in language {lang!r}") from None
    return text.format(**params) if params else text


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **params)` bound to one language, as templates use it."""

    def t(key: str, **params) -> str:
        return translate(lang, key, **params)

    return t


def placeholders(text: str) -> set[str]:
    """The names of the {placeholders} in a message."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def parse_accept_language(header: str | None) -> list[str]:
    """Primary language tags of an Accept-Language header, best first: "en-GB,pl;q=0.8" -> ["en", "pl"]."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and q > 0:
            ranked.append((-q, position, tag.split("-")[0].lower()))
    return [tag for _, _, tag in sorted(ranked)]


def choose_lang(query: str | None, cookie: str | None, accept_language: str | None, default: str) -> str:
    """?lang= first, then the cookie, then Accept-Language, then the configured default."""
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate
    for tag in parse_accept_language(accept_language):
        if tag in LANGS:
            return tag
    return default
