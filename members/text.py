"""Text helpers shared by the models, the search and the import."""

import unicodedata

from django.utils.translation import get_language


def fold(text: str) -> str:
    """Fold text for case-insensitive matching in any alphabet, the same way on every database.

    SQLite's LIKE folds only ASCII letters, so the search compares folded text with folded text.
    `ё` is read as `е`, as Russian readers do.
    """
    return unicodedata.normalize("NFKC", text or "").casefold().replace("ё", "е")


def in_language(ru: str, en: str, language: str | None = None) -> str:
    """The text in the active language, falling back to the other language's text."""
    language = (language or get_language() or "ru")[:2]
    first, second = (en, ru) if language == "en" else (ru, en)
    return first or second or ""
