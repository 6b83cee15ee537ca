"""The texts of a run's loss curves (app/runs/curves.py), shared by the lessons that train live runs."""

MESSAGES = {
    "curves.title": {"pl": "Błąd treningowy i walidacyjny", "en": "Training and validation loss"},
    "curves.train": {"pl": "treningowy", "en": "training"},
    "curves.val": {"pl": "walidacyjny", "en": "validation"},
    "curves.prev_train": {"pl": "poprzedni: treningowy", "en": "previous: training"},
    "curves.prev_val": {"pl": "poprzedni: walidacyjny", "en": "previous: validation"},
    "curves.best": {"pl": "najlepsza epoka", "en": "best epoch"},
    "curves.axis.epoch": {"pl": "epoka", "en": "epoch"},
    "curves.axis.loss": {"pl": "błąd (binarna entropia krzyżowa)", "en": "loss (binary cross-entropy)"},
}
