"""Messages shared by every page: layout, start page, errors, numbers."""

MESSAGES = {
    "site.name": {"pl": "nnlab — jak uczą się sieci neuronowe", "en": "nnlab — how neural networks learn"},
    "nav.skip": {"pl": "Przejdź do treści", "en": "Skip to content"},
    "nav.home": {"pl": "Strona główna", "en": "Start page"},
    "nav.language": {"pl": "Język", "en": "Language"},
    "nav.lessons": {"pl": "Lekcje", "en": "Lessons"},
    "lesson.nav": {"pl": "Dalej w wykładzie", "en": "On through the lecture"},
    "projector.toggle": {"pl": "Rzutnik", "en": "Projector"},
    "projector.hint": {"pl": "Tryb rzutnika: duże litery i wykresy (klawisz p)",
                       "en": "Projector mode: large text and plots (key p)"},
    "keys.title": {"pl": "Klawisze", "en": "Keys"},
    "keys.help": {"pl": "ta lista", "en": "this list"},
    "keys.projector": {"pl": "tryb rzutnika", "en": "projector mode"},
    "keys.fullscreen": {"pl": "wykres pod kursorem na cały ekran", "en": "the plot under the pointer full screen"},
    "keys.scenes": {"pl": "poprzednia i następna scena", "en": "previous and next scene"},
    "keys.close": {"pl": "Zamknij", "en": "Close"},
    "keys.space": {"pl": "Spacja", "en": "Space"},
    "lesson.open_playground": {"pl": "Otwórz na Placu zabaw", "en": "Open in the Playground"},
    "footer.text": {
        "pl": "nnlab działa w całości na tym serwerze; obliczenia wykonuje biblioteka nnlib (NumPy).",
        "en": "nnlab runs entirely on this server; the maths is done by the nnlib library (NumPy).",
    },
    "index.title": {"pl": "Jak uczą się sieci neuronowe", "en": "How neural networks learn"},
    "index.intro": {
        "pl": "Każda lekcja odpowiada części wykładu. Zmieniaj liczby i obserwuj, jak sieć liczy i jak się uczy.",
        "en": "Each lesson follows a part of the lecture. Change the numbers and watch how the network computes "
              "and how it learns.",
    },
    "index.playground": {
        "pl": "Dowolny zbiór danych, architektura i optymalizator; trening na żywo, z liczbami i porównaniem przebiegów.",
        "en": "Any data set, architecture and optimizer, trained live, with numbers and runs compared side by side.",
    },
    "index.api": {"pl": "API (JSON) dla własnych programów", "en": "The JSON API, for your own programs"},
    "index.lesson_number": {"pl": "Lekcja {number}", "en": "Lesson {number}"},
    "index.slides": {"pl": "slajdy {range}", "en": "slides {range}"},
    "number.nonfinite": {"pl": "przepełnienie (rozbieżność)", "en": "overflow (diverged)"},
    "error.title.not_found": {"pl": "Nie znaleziono strony", "en": "Page not found"},
    "error.title.bad_request": {"pl": "Nieprawidłowe zapytanie", "en": "Bad request"},
    "error.title.other": {"pl": "Błąd", "en": "Error"},
    "error.not_found": {
        "pl": "Pod tym adresem nie ma strony. Sprawdź adres albo wybierz lekcję ze strony głównej.",
        "en": "There is no page at this address. Check the address or pick a lesson from the start page.",
    },
    "error.lesson_unknown": {
        "pl": "Nie ma takiej lekcji. Lista lekcji jest na stronie głównej.",
        "en": "There is no such lesson. The list of lessons is on the start page.",
    },
    "error.method_not_allowed": {
        "pl": "Ten adres nie obsługuje takiego zapytania.",
        "en": "This address does not accept this kind of request.",
    },
    "error.bad_request": {
        "pl": "Zapytanie zawiera nieprawidłowe dane.",
        "en": "The request contains invalid data.",
    },
    "error.http": {"pl": "Błąd HTTP {status}.", "en": "HTTP error {status}."},
    "error.busy.session": {
        "pl": "Za dużo obliczeń naraz z tej przeglądarki (najwyżej {limit}). Poczekaj chwilę i spróbuj ponownie.",
        "en": "Too much computing at once from this browser (at most {limit}). Wait a moment and try again.",
    },
    "error.busy.streams": {
        "pl": "Za dużo treningów na żywo naraz z tej przeglądarki (najwyżej {limit}). Zatrzymaj któryś z nich.",
        "en": "Too many live trainings at once from this browser (at most {limit}). Stop one of them.",
    },
    "error.busy.server": {
        "pl": "Serwer ma teraz za dużo pracy. Spróbuj ponownie za kilka sekund.",
        "en": "The server has too much work right now. Try again in a few seconds.",
    },
    "error.title.too_many_requests": {"pl": "Za dużo nowych sesji", "en": "Too many new sessions"},
    "error.too_many_sessions": {
        "pl": "Z Twojej sieci otwarto właśnie bardzo wiele nowych sesji. Spróbuj ponownie za {seconds} s.",
        "en": "Very many new sessions have just been started from your network. Try again in {seconds} s.",
    },
    "error.too_many_requests": {
        "pl": "Za dużo zapytań z tej przeglądarki naraz. Spróbuj ponownie za {seconds} s.",
        "en": "Too many requests from this browser at once. Try again in {seconds} s.",
    },
    "error.back_home": {"pl": "Wróć do strony głównej", "en": "Back to the start page"},
    "error.field.empty": {"pl": "Wpisz liczbę.", "en": "Enter a number."},
    "error.field.integer": {
        "pl": "Wpisz liczbę całkowitą od {min} do {max}.", "en": "Enter a whole number from {min} to {max}.",
    },
    "error.field.choice": {"pl": "„{value}” nie jest jedną z możliwości.", "en": "“{value}” is not one of the choices."},
    "error.field.not_number": {"pl": "„{value}” nie jest liczbą.", "en": "“{value}” is not a number."},
    "error.field.range": {
        "pl": "Dozwolone wartości: od {min} do {max}.",
        "en": "Allowed values: from {min} to {max}.",
    },
    "error.field.lr_range": {
        "pl": "Współczynnik uczenia musi być większy od 0 i nie większy niż {max}.",
        "en": "The learning rate must be greater than 0 and at most {max}.",
    },
}
