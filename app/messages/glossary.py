"""One vocabulary: one Polish and one English term for each concept the pages name, the lecture's own where it
has one (../shared/lecture/SYLLABUS.md), and the synonyms no page may use for it.

tests/test_glossary.py reads every page's visible text in both languages and fails on an avoided synonym, so a
page says "błąd" wherever the lecture does, never "strata" on one page and "błąd" on the next. The terms are also
catalog messages ("glossary.<concept>") for pages that name the concept alone.
"""

# concept -> the term in each language, and the words (lower case, matched as whole words or word beginnings)
# that must not stand for it.
GLOSSARY: dict[str, dict] = {
    "loss": {"pl": "błąd", "en": "loss", "avoid_pl": ["strata", "straty", "stratę", "funkcja straty"], "avoid_en": []},
    "accuracy": {"pl": "dokładność", "en": "accuracy", "avoid_pl": ["trafność", "trafności"], "avoid_en": []},
    "learning_rate": {"pl": "współczynnik uczenia", "en": "learning rate",
                      "avoid_pl": ["szybkość uczenia", "krok uczenia", "tempo uczenia"], "avoid_en": ["step size"]},
    "momentum": {"pl": "pęd", "en": "momentum", "avoid_pl": ["sgd z momentum"], "avoid_en": []},
    "batch": {"pl": "batch", "en": "batch", "avoid_pl": ["wsad", "wsadowa", "wsadowej", "paczka", "partia"],
              "avoid_en": []},
    "batch_normalization": {"pl": "normalizacja batcha", "en": "batch normalization",
                            "avoid_pl": ["normalizacja wsadowa", "normalizacji wsadowej"], "avoid_en": ["batchnorm"]},
    "epoch": {"pl": "epoka", "en": "epoch", "avoid_pl": [], "avoid_en": []},
    "training_set": {"pl": "zbiór treningowy", "en": "training set",
                     "avoid_pl": ["zbiór uczący", "zbioru uczącego", "zbiorze uczącym"], "avoid_en": ["train set"]},
    "validation_set": {"pl": "zbiór walidacyjny", "en": "validation set", "avoid_pl": [], "avoid_en": ["dev set"]},
    "test_set": {"pl": "zbiór testowy", "en": "test set", "avoid_pl": [], "avoid_en": []},
    "overfitting": {"pl": "przeuczenie", "en": "overfitting", "avoid_pl": ["nadmierne dopasowanie"], "avoid_en": []},
    "playground": {"pl": "Plac zabaw", "en": "Playground", "avoid_pl": ["playground"], "avoid_en": []},
    "circle": {"pl": "koło", "en": "circle", "avoid_pl": ["okrąg"], "avoid_en": []},
    "dead_neuron": {"pl": "martwy neuron", "en": "dead neuron", "avoid_pl": [], "avoid_en": []},
    "convolution": {"pl": "konwolucja", "en": "convolution", "avoid_pl": ["splot"], "avoid_en": []},
    "feature_map": {"pl": "mapa cech", "en": "feature map", "avoid_pl": ["mapa aktywacji", "mapy aktywacji"],
                    "avoid_en": ["activation map"]},
    "padding": {"pl": "uzupełnienie zerami", "en": "padding", "avoid_pl": ["dopełnienie"], "avoid_en": []},
    "stride": {"pl": "skok", "en": "stride", "avoid_pl": [], "avoid_en": []},
    "residual_connection": {"pl": "połączenie rezydualne", "en": "residual connection",
                            "avoid_pl": ["połączenie resztkowe", "połączenia resztkowe"],
                            "avoid_en": ["shortcut connection"]},
    "attention": {"pl": "mechanizm uwagi", "en": "attention", "avoid_pl": ["atencja", "atencji"],
                  "avoid_en": []},
    "attention_weight": {"pl": "waga uwagi", "en": "attention weight", "avoid_pl": [],
                         "avoid_en": ["attention score"]},
}

MESSAGES = {f"glossary.{concept}": {"pl": entry["pl"], "en": entry["en"]} for concept, entry in GLOSSARY.items()}
