"""The API documentation page (/docs)."""

MESSAGES = {
    "docs.title": {"pl": "API nnlab (v1): dokumentacja", "en": "nnlab API (v1): documentation"},
    "docs.intro": {
        "pl": "Te same obliczenia, których używają strony, dostępne jako JSON. Poniżej interaktywny opis schematu "
              "OpenAPI (narzędzie Swagger UI, w języku angielskim); sam schemat: {url}.",
        "en": "The same maths the pages use, as JSON. Below is the interactive description of the OpenAPI schema "
              "(the Swagger UI tool, in English); the schema itself: {url}.",
    },
}
