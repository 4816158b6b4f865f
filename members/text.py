"""Text helpers shared by the models, the search and the import.

Bilingual fields are kept as pairs of columns, `<name>_ru` and `<name>_en`. A model names the pair
once with `name = bilingual()`: `obj.name` is then the text in the active language, or the other
language's text where the first is empty, and it says which it is (`obj.name.language`,
`obj.name.is_fallback`), so a page can mark fallback text with a `lang` attribute.
"""

import unicodedata

from django.utils.translation import get_language

LANGUAGES = ("ru", "en")


def fold(text: str) -> str:
    """Fold text for case-insensitive matching in any alphabet, the same way on every database.

    SQLite's LIKE folds only ASCII letters, so the search compares folded text with folded text.
    `ё` is read as `е`, as Russian readers do.
    """
    return unicodedata.normalize("NFKC", text or "").casefold().replace("ё", "е")


class BilingualText(str):
    """Text of a bilingual field as shown: it knows the language it is written in and whether it is a fallback."""

    language: str  # "ru" or "en"; "" when neither language has text
    is_fallback: bool  # written in the other language than the active one

    def __new__(cls, text: str, language: str = "", is_fallback: bool = False):
        value = super().__new__(cls, text)
        value.language = language
        value.is_fallback = is_fallback
        return value

    def __reduce__(self):
        return (BilingualText, (str(self), self.language, self.is_fallback))


def pick_language(ru: str, en: str, language: str | None = None) -> BilingualText:
    """The text in `language` (default: the active one), falling back to the other language's text."""
    wanted = "en" if (language or get_language() or "ru")[:2] == "en" else "ru"
    texts = {"ru": ru or "", "en": en or ""}
    if texts[wanted]:
        return BilingualText(texts[wanted], wanted)
    other = "ru" if wanted == "en" else "en"
    if texts[other]:
        return BilingualText(texts[other], other, is_fallback=True)
    return BilingualText("")


def in_language(ru: str, en: str, language: str | None = None) -> str:
    """As `pick_language`, as plain text (for rows read with `values()`, exports and the like)."""
    return str(pick_language(ru, en, language))


class bilingual:  # noqa: N801 -- used like `property`
    """A model attribute reading the pair of fields `<attribute>_ru` and `<attribute>_en`.

    `title = bilingual()` makes `obj.title` the `BilingualText` of `title_ru`/`title_en` in the
    active language with fallback to the other.
    """

    def __set_name__(self, owner, name):
        self.name = name
        self.fields = (f"{name}_ru", f"{name}_en")

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        ru, en = (getattr(instance, field) for field in self.fields)
        return pick_language(ru, en)
