"""The lessons, one per section of the lecture, in lecture order: the registry.

The index page, the routes and the tests are generated from `LESSONS`. A lesson lives in one folder in each of
app/lessons/<package>/, templates/lessons/<slug>/, static/lessons/<slug>/ and tests/lessons/<package>/ (package:
the slug with "_" for "-"); app/lessons/<package>/__init__.py defines PAGE, the lesson's app.lessons.contract.
LessonPage, and app.lessons.router serves it. Adding a lesson is those four folders and its line below.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

APP_LESSONS = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Lesson:
    number: int  # L1..L12 of the syllabus
    slug: str  # URL: /lessons/{slug}
    slides: tuple[int, int]  # first and last slide of the lecture this lesson covers
    title: dict[str, str]  # {"pl": ..., "en": ...}

    @property
    def package(self) -> str:
        """The lesson's Python package under app/lessons/ (and tests/lessons/): the slug with underscores."""
        return self.slug.replace("-", "_")

    @property
    def has_folder(self) -> bool:
        """Whether the lesson lives in its own folders (app/lessons/<package>/ with its PAGE)."""
        return (APP_LESSONS / self.package / "__init__.py").is_file()

    @property
    def has_page(self) -> bool:
        """Whether /lessons/{slug} exists yet."""
        return self.has_folder

    @property
    def path(self) -> str:
        return f"/lessons/{self.slug}"

    @property
    def slide_range(self) -> str:
        """"6–8": the slides as the index shows them (en dash)."""
        first, last = self.slides
        return f"{first}\u2013{last}"


LESSONS: tuple[Lesson, ...] = (
    Lesson(1, "backprop", (6, 8),
           {"pl": "Przejście w przód i wsteczna propagacja błędu",
            "en": "Forward pass and backpropagation"}),
    Lesson(2, "gradient-descent", (9, 13),
           {"pl": "Metoda gradientu prostego: batch, stochastyczna, minibatch; epoki",
            "en": "Gradient descent: batch, stochastic, minibatch; epochs"}),
    Lesson(3, "learning-rate", (14, 23),
           {"pl": "Współczynnik uczenia, krzywe błędu, optymalizatory",
            "en": "Learning rate, loss curves, optimizers"}),
    Lesson(4, "batch-size", (24, 26),
           {"pl": "Rozmiar batcha", "en": "Batch size"}),
    Lesson(5, "initialization", (27, 29),
           {"pl": "Wartości gradientów, przygotowanie danych, inicjalizacja wag",
            "en": "Gradient values, data preparation, weight initialization"}),
    Lesson(6, "regularization", (30, 32),
           {"pl": "Regularyzacja: dropout, normalizacja batcha, L1 i L2",
            "en": "Regularization: dropout, batch normalization, L1 and L2"}),
    Lesson(7, "overfitting", (33, 38),
           {"pl": "Zbiory: uczący, walidacyjny, testowy; przeuczenie i augmentacja",
            "en": "Training, validation and test sets; overfitting and augmentation"}),
    Lesson(8, "softmax", (48, 51),
           {"pl": "Softmax i klasyfikacja", "en": "Softmax and classification"}),
    Lesson(9, "activations", (52, 55),
           {"pl": "Funkcje aktywacji i martwe neurony", "en": "Activation functions and dead neurons"}),
    Lesson(10, "losses", (56, 57),
           {"pl": "Funkcje błędu", "en": "Loss functions"}),
    Lesson(11, "convolutional", (58, 64),
           {"pl": "Sieci konwolucyjne", "en": "Convolutional networks"}),
    Lesson(12, "transformers", (65, 70),
           {"pl": "Transformery i mechanizm uwagi", "en": "Transformers and attention"}),
)

BY_SLUG: dict[str, Lesson] = {lesson.slug: lesson for lesson in LESSONS}


def get(slug: str) -> Lesson | None:
    return BY_SLUG.get(slug)


def neighbours(slug: str) -> tuple[Lesson | None, Lesson | None]:
    """The previous and next lessons that have pages, in lecture order."""
    pages = [lesson for lesson in LESSONS if lesson.has_page or lesson.slug == slug]
    i = [lesson.slug for lesson in pages].index(slug)
    return (pages[i - 1] if i > 0 else None), (pages[i + 1] if i + 1 < len(pages) else None)
