"""Messages of scenes, decks and the presenter (app.scenes, app.presenter, app/routers/present.py)."""

MESSAGES = {
    "present.title": {"pl": "Prezentacje", "en": "Presentations"},
    "present.intro": {
        "pl": "Talia to kolejne sceny wykładu: strona w ustalonym stanie. Strzałki ← i → przechodzą między scenami.",
        "en": "A deck is the lecture's scenes in order: each a page in a given state. The ← and → keys move "
              "between them.",
    },
    "present.count": {"pl": "{n} {n|scena|sceny|scen}", "en": "{n} {n|scene|scenes}"},
    "present.problems": {"pl": "Talie, których nie da się odczytać", "en": "Decks that cannot be read"},
    "present.bar": {"pl": "Prezentacja", "en": "Presentation"},
    "present.prev": {"pl": "Poprzednia", "en": "Previous"},
    "present.next": {"pl": "Następna", "en": "Next"},
    "present.scene": {"pl": "Scena {n} z {total}", "en": "Scene {n} of {total}"},
    "present.slides": {"pl": "slajdy {slides}", "en": "slides {slides}"},
    "present.qr": {"pl": "Kod QR tej sceny", "en": "QR code of this scene"},
    "present.qr_alt": {"pl": "Kod QR z linkiem do tej sceny", "en": "QR code with the link to this scene"},
    "error.scene_unknown": {
        "pl": "Nie ma takiej sceny (mogła zostać usunięta: serwer przechowuje najnowsze).",
        "en": "There is no such scene (it may have been dropped: the server keeps the newest).",
    },
    "error.scene_page": {"pl": "Scena wskazuje stronę, której nie ma.", "en": "The scene names a page that does not exist."},
    "error.deck_unknown": {"pl": "Nie ma takiej talii.", "en": "There is no such deck."},
    "error.deck_scene": {"pl": "Ta talia ma {total} {total|scenę|sceny|scen}.", "en": "This deck has {total} {total|scene|scenes}."},
    "scene.heading": {"pl": "Udostępnij ten stan", "en": "Share this state"},
    "scene.lead": {
        "pl": "Scena to ta strona w obecnym stanie, z wytrenowanymi wagami, jeśli są: krótki link i kod QR otwierają ją na każdym urządzeniu.",
        "en": "A scene is this page in its current state, trained weights included where there are some: a short link and a QR code open it on any device."},
    "scene.save": {"pl": "Zapisz jako scenę", "en": "Save as scene"},
    "scene.saving": {"pl": "Zapisuję scenę…", "en": "Saving the scene…"},
    "scene.saved": {"pl": "Scena zapisana: link i kod QR poniżej.", "en": "Scene saved: its link and QR code are below."},
    "scene.failed": {"pl": "Nie udało się zapisać sceny. Spróbuj ponownie.", "en": "The scene could not be saved. Try again."},
    "scene.file": {"pl": "Pobierz plik sceny (JSON)", "en": "Download the scene file (JSON)"},
}
