"""One vocabulary, plural forms, display names, no raw identifiers on screen.

- every page uses the glossary's term for each concept, never an avoided synonym (app/messages/glossary.py);
- every registry entry (activations, optimizers, losses, initializers, schedules, data sets) has a display name in
  both languages, and no page shows an identifier such as `leaky_relu` or `y_true` as text;
- plural forms follow the CLDR rules (po 1 kroku, po 2 krokach, 5 kroków, 22 kroki, 1000 kroków).
The page checks cover every lesson that follows the lesson contract, the Playground and the start page.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from app.i18n import MESSAGES, plural, translate
from app.lessons import LESSONS
from app.messages.glossary import GLOSSARY
from nnlib import activations, data, initializers, losses, optimizers, schedules

PAGES = ["/", "/playground"] + [lesson.path for lesson in LESSONS if lesson.has_folder]
RAW_IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "math", "template", "title"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_use_the_glossary_terms_and_no_raw_identifiers(client, path, lang):
    text = visible_text(client.get(path, params={"lang": lang}).text)
    lower = text.lower()
    used = [(concept, word) for concept, entry in GLOSSARY.items() for word in entry[f"avoid_{lang}"]
            if re.search(r"(?<!\w)" + re.escape(word.lower()), lower)]
    assert used == [], f"{path} ({lang}) uses synonyms the glossary avoids: {used}"
    assert RAW_IDENTIFIER.findall(text) == [], f"{path} ({lang}) shows identifiers as text"


def test_the_glossary_check_catches_a_synonym():
    assert re.search(r"(?<!\w)" + re.escape("strata"), "funkcja: strata maleje")
    assert RAW_IDENTIFIER.findall("Optymalizator = leaky_relu") == ["leaky_relu"]


REGISTRIES = {"activation": activations.ACTIVATIONS, "optimizer": optimizers.OPTIMIZERS, "loss": losses.LOSSES,
              "init": initializers.INITIALIZERS, "schedule": schedules.SCHEDULES, "dataset": data.DATASETS}


@pytest.mark.parametrize("kind", sorted(REGISTRIES))
def test_every_registry_entry_has_a_display_name_in_both_languages(kind):
    for key in REGISTRIES[kind]:
        for lang in ("pl", "en"):
            name = MESSAGES[lang][f"name.{kind}.{key}"]
            assert name and not RAW_IDENTIFIER.fullmatch(name), (kind, key, lang, name)


@pytest.mark.parametrize(("n", "pl_many", "pl_after", "en"), [
    (1, "krok", "kroku", "step"), (2, "kroki", "krokach", "steps"), (5, "kroków", "krokach", "steps"),
    (12, "kroków", "krokach", "steps"), (22, "kroki", "krokach", "steps"), (1000, "kroków", "krokach", "steps"),
    (21, "kroków", "krokach", "steps"), (104, "kroki", "krokach", "steps"),
])
def test_plural_forms_follow_cldr(n, pl_many, pl_after, en):
    assert plural("pl", n, "krok|kroki|kroków") == pl_many
    assert plural("pl", n, "kroku|krokach|krokach") == pl_after
    assert plural("en", n, "step|steps") == en


def test_plural_forms_in_a_message(monkeypatch):
    monkeypatch.setitem(MESSAGES["pl"], "x.steps", "po {n} {n|kroku|krokach|krokach}")
    monkeypatch.setitem(MESSAGES["en"], "x.steps", "after {n} {n|update|updates}")
    assert [translate("pl", "x.steps", n=k) for k in (1, 2, 5)] == ["po 1 kroku", "po 2 krokach", "po 5 krokach"]
    assert translate("en", "x.steps", n=1) == "after 1 update" and translate("en", "x.steps", n=3) == "after 3 updates"
