"""English renderings of Russian text on English pages: glosses of legal forms, document numbers.

The original is always kept (it is the organisation's legal name); English pages add a gloss where
one exists («ООО» → LLC) and write document numbers in Latin letters («10-рп» → "No. 10-rp"), so a
reader who cannot read Cyrillic can still cite them. Transliteration follows the simple
passport-style table (ГОСТ Р 52535.1-2006), the one Russian documents use for names.
"""

import re

CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Russian legal forms and their usual English equivalents; the longest form first when matching.
LEGAL_FORM_GLOSSES = {
    "ООО": "LLC",
    "АО": "JSC",
    "ЗАО": "CJSC",
    "ОАО": "OJSC",
    "ПАО": "PJSC",
    "НАО": "non-public JSC",
    "ИП": "sole proprietor",
    "НП": "non-profit partnership",
    "АНО": "autonomous non-profit organisation",
    "ФГУП": "federal state unitary enterprise",
    "ГУП": "state unitary enterprise",
    "СПб ГУП": "St. Petersburg state unitary enterprise",
    "ГБУ": "state budgetary institution",
    "СПб ГБУ": "St. Petersburg state budgetary institution",
    "ФГБУ": "federal state budgetary institution",
    "ФГАОУ ВО": "federal state autonomous educational institution of higher education",
    "ФГБОУ ВО": "federal state budgetary educational institution of higher education",
    "ФГБУН": "federal state budgetary institution of science",
}

# One Latin spelling per letter; the hard sign becomes "ie" and the soft sign is dropped.
LATIN = (
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
)  # fmt: skip
TRANSLITERATION = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", LATIN, strict=True))


def has_cyrillic(text: str) -> bool:
    return bool(CYRILLIC.search(text or ""))


def by_script(text: str) -> tuple[str, str]:
    """(Russian, English): `text` on the side of its script (a name with any Cyrillic letter is Russian)."""
    text = (text or "").strip()
    return (text, "") if has_cyrillic(text) else ("", text)


def legal_form_gloss(legal_form: str) -> str:
    """The English equivalent of a Russian legal form, or "" where there is none (or it is not Russian)."""
    return LEGAL_FORM_GLOSSES.get(" ".join((legal_form or "").split()), "")


def transliterate(text: str) -> str:
    """Cyrillic letters in Latin ones, case kept; everything else as it is."""
    letters = []
    for char in text or "":
        latin = TRANSLITERATION.get(char.lower())
        if latin is None:
            letters.append(char)
        else:
            letters.append(latin.capitalize() if char.isupper() and latin else latin)
    return "".join(letters)
