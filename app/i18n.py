"""Messages in Polish and English, and the choice of language for a request.

The catalog lives in app/messages/ as one dict per topic, each key holding both languages side by side
({"pl": ..., "en": ...}), so a missing translation is visible where the text is written. Placeholders use
str.format syntax ("{limit}"); tests/test_i18n.py checks that both languages have the same keys and the same
placeholders, and that every key a template or the app uses exists.
"""

from __future__ import annotations

import re
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


# Plural forms in a message: {n|one|few|many} in Polish ("po {n} {n|kroku|krokach|krokach}") and {n|one|other}
# in English ("after {n} {n|update|updates}"), chosen by the CLDR rules of the language for the number n.
PLURAL = re.compile(r"\{(\w+)\|([^{}]*)\}")


def plural_form(lang: str, n) -> int:
    """Which plural form a number takes (CLDR): Polish one 0, few 1, many 2 (and a fraction: the last form);
    English one 0, other 1."""
    try:
        value = float(str(n).replace("\u2212", "-").replace("\u202f", "").replace(",", "."))
    except ValueError:
        return 1 if lang == "en" else 2
    if not value.is_integer():
        return 1 if lang == "en" else 3
    i = abs(int(value))
    if lang == "pl":
        if i == 1:
            return 0
        if 2 <= i % 10 <= 4 and not 12 <= i % 100 <= 14:
            return 1
        return 2
    return 0 if i == 1 else 1


def plural(lang: str, n, forms: str) -> str:
    """The form of "one|few|many" (pl; an optional fourth form for fractions) or "one|other" (en) for n."""
    options = forms.split("|")
    return options[min(plural_form(lang, n), len(options) - 1)]


def translate(lang: str, key: str, **params) -> str:
    """The message `key` in `lang`, with `params` filled in (plural forms chosen by the numbers). An unknown key
    raises KeyError (a bug, not input)."""
    try:
        text = MESSAGES[lang][key]
    except KeyError:
        raise KeyError(f"no message {key!r} in language {lang!r}") from None
    if not params:
        return text
    if "|" in text:
        text = PLURAL.sub(lambda m: plural(lang, params[m.group(1)], m.group(2)).replace("{", "{{").replace("}", "}}")
                          if m.group(1) in params else m.group(0), text)
    return text.format(**params)


def translator(lang: str) -> Callable[..., str]:
    """`t(key, **params)` bound to one language, as templates use it."""

    def t(key: str, **params) -> str:
        return translate(lang, key, **params)

    return t


def placeholders(text: str) -> set[str]:
    """The names of the {placeholders} in a message ({n|...} plural forms name n)."""
    text = PLURAL.sub(lambda m: "{" + m.group(1) + "}", text)
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
