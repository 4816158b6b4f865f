"""Reading one cell of an imported sheet into a Python value, or a message saying why it cannot be used.

A cell comes from openpyxl (str, int, float, bool, datetime or None) or from csv (always str). Every
cleaner takes either and returns the value the model stores; a blank cell is "" for text and None for
the rest. Values that need the row's country (region, registration number) are cleaned with the row.
Numbers and years are then checked by the model field's own validators (`members.rules`), so a cell is
refused for the reason, and with the message, the admin gives.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_slug
from django.utils.translation import gettext as _

from ..models import HeadcountReport
from ..text import fold

SECTOR_SEPARATOR = ";"
TRUE_WORDS = {"1", "true", "yes", "y", "да", "x", "+", "истина"}
FALSE_WORDS = {"0", "false", "no", "n", "нет", "-", "ложь"}
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_url = URLValidator()


class CellError(ValueError):
    """The value of a cell cannot be used; the message tells the person who typed it why."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value, max_length: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if max_length and len(text) > max_length:
        raise CellError(
            _("At most %(limit)d characters are allowed; this has %(length)d.")
            % {"limit": max_length, "length": len(text)}
        )
    return text


def clean_slug(value, max_length: int | None = None) -> str:
    slug = clean_text(value, max_length)
    if slug:
        try:
            validate_slug(slug)
        except ValidationError as error:
            raise CellError(_("Use only Latin letters, digits, hyphens and underscores.")) from error
    return slug


def clean_url(value, max_length: int | None = None) -> str:
    url = clean_text(value, max_length)
    if url and "://" not in url:
        url = f"https://{url}"
    if url:
        try:
            _url(url)
        except ValidationError as error:
            raise CellError(_("This is not a valid web address.")) from error
    return url


def clean_email(value, max_length: int | None = None) -> str:
    email = clean_text(value, max_length)
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise CellError(_("This is not a valid email address.")) from error
    return email


def clean_bool(value) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = fold(clean_text(value))
    if word in TRUE_WORDS or word == fold(_("yes")):
        return True
    if word in FALSE_WORDS or word == fold(_("no")):
        return False
    raise CellError(_("Write yes or no."))


def _whole_number(value) -> int:
    if isinstance(value, bool | datetime.date):
        raise CellError(_("This is not a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(_("This is not a whole number."))
    text = "".join(clean_text(value).replace("\u00a0", " ").split())
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    if re.fullmatch(r"[-+]?\d+[.,]0+", text):
        return int(re.split(r"[.,]", text)[0])
    raise CellError(_("This is not a whole number."))


def validated(field, value):
    """`value` if the model field's validators accept it; their messages otherwise."""
    try:
        field.run_validators(value)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from error
    return value


def clean_count(value) -> int | None:
    """A number of employees: a whole number that a headcount report accepts."""
    if is_blank(value):
        return None
    return validated(HeadcountReport._meta.get_field("employees"), _whole_number(value))


def clean_year(value, field) -> int | None:
    """A year, checked by the validators of the model field it goes into."""
    if is_blank(value):
        return None
    return validated(field, _whole_number(value))


def clean_date(value) -> datetime.date | None:
    """A date cell, or text as 2017-12-31 or 31.12.2017; an impossible date is refused, not guessed."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = clean_text(value)
    iso, dotted = ISO_DATE.match(text), DAY_MONTH_YEAR.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif dotted:
        day, month, year = (int(part) for part in dotted.groups())
    else:
        raise CellError(_("Write the date as YYYY-MM-DD or DD.MM.YYYY."))
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise CellError(_("There is no such date.")) from error


def clean_choice(value, names: dict[str, str], choices) -> str | None:
    """A choice by its code or its label in Russian or English; refused with the labels in the active language."""
    if is_blank(value):
        return names.get("")  # None: not given (a choice with no blank option keeps its value)
    folded = fold(clean_text(value))
    if folded not in names:
        allowed = "; ".join(f"«{label}»" for code, label in choices.choices if code)
        raise CellError(_("Unknown value; use one of: %(allowed)s.") % {"allowed": allowed})
    return names[folded]


def clean_named(value, names: dict[str, int], unknown_message: str) -> int | None:
    if is_blank(value):
        return None
    pk = names.get(fold(clean_text(value)))
    if pk is None:
        raise CellError(unknown_message % {"value": clean_text(value)})
    return pk


def clean_sectors(value, names: dict[str, int]) -> frozenset[int]:
    if is_blank(value):
        return frozenset()
    sectors, unknown = set(), []
    for part in clean_text(value).split(SECTOR_SEPARATOR):
        if part.strip():
            pk = names.get(fold(part).strip())
            sectors.add(pk) if pk else unknown.append(part.strip())
    if unknown:
        raise CellError(_("Unknown sector: %(names)s.") % {"names": "; ".join(unknown)})
    return frozenset(sectors)
