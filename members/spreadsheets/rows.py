"""Reading a row of an import and finding the member it is about.

A member is matched by its country and registration number; a row without a number is matched by the
slug. A row that matches nobody is a new member. The same member, registration number or slug twice in
one file is an error on the later row, naming the earlier one.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..english import has_cyrillic
from ..models import Member
from ..registration import normalise_registration_number
from ..text import in_language
from . import cells
from .columns import BY_KEY, CHOICES, Column
from .lookups import Lookups

SLUG_MAX = Member._meta.get_field("slug").max_length


def unknown_country_message() -> str:
    return _("Unknown country. Write its name in Russian or English, or its two-letter ISO code (FI, NO, RU).")


@dataclass(slots=True)
class Row:
    number: int
    values: dict[str, Any]
    errors: list[tuple[str, str]] = field(default_factory=list)
    country: str = ""
    registration_number: str = ""
    slug: str = ""
    member_id: int | None = None
    refused: dict[str, Any] = field(default_factory=dict)  # a cell refused as it was read: the bad value itself

    def error(self, key: str, message: str) -> None:
        self.errors.append((key, str(message)))

    def bad_value(self, key: str):
        """The value an error on `key` is about: as typed when the cell itself was refused."""
        return self.refused[key] if key in self.refused else self.values.get(key)

    def name(self) -> str:
        return in_language(self.values.get("name_ru") or "", self.values.get("name_en") or "") or self.slug


class RowReader:
    """Cleans the cells of each row (step one: no database)."""

    def __init__(self, layout: list[Column | None], lookups: Lookups):
        self.layout = layout
        self.lookups = lookups
        self.cleaners = {
            "text": lambda value, column: cells.clean_text(value, column.max_length),
            "slug": lambda value, column: cells.clean_slug(value, SLUG_MAX),
            "url": lambda value, column: cells.clean_url(value, column.max_length),
            "email": lambda value, column: cells.clean_email(value, column.max_length),
            "bool": lambda value, column: cells.clean_bool(value),
            "count": lambda value, column: cells.clean_count(value),
            "year": lambda value, column: cells.clean_year(value, Member._meta.get_field(column.key)),
            "date": lambda value, column: cells.clean_date(value),
            "choice": lambda value, column: cells.clean_choice(value, lookups.choices[column.key], CHOICES[column.key]),
            "sectors": lambda value, column: cells.clean_sectors(value, lookups.sectors),
            "incubator": lambda value, column: cells.clean_named(
                value, lookups.incubators, _("Unknown business incubator “%(value)s”.")
            ),
            # Cleaned with the row, once its country is known.
            "country": lambda value, column: cells.clean_text(value),
            "region": lambda value, column: cells.clean_text(value),
            "regno": lambda value, column: cells.clean_text(value),
            "city": lambda value, column: cells.clean_text(value, BY_KEY["city_ru"].max_length),
        }

    def read(self, number: int, values) -> Row | None:
        """The row's cleaned values, or None for an empty row."""
        if all(cells.is_blank(value) for value in values):
            return None
        row = Row(number=number, values={})
        for index, value in enumerate(values):
            column = self.layout[index] if index < len(self.layout) else None
            if not isinstance(column, Column):  # no header, or an unknown one (reported with the header)
                if column is None and not cells.is_blank(value):
                    row.error(f"#{index + 1}", _("A value in a column without a header."))
                continue
            try:
                row.values[column.key] = self.cleaners[column.kind](value, column)
            except cells.CellError as error:
                row.error(column.key, str(error))
                row.refused[column.key] = value
        self._clean_country(row)
        _split_legacy_city(row)
        return row

    def _clean_country(self, row: Row) -> None:
        """The row's country from its name (Russian or English) or its ISO code; given both, they must agree."""
        given = {key: row.values[key] for key in ("country", "country_code") if key in row.values}
        if given and not any(given.values()):
            row.error(next(iter(given)), _("Give the member's country."))
        found = set()
        for key, text in given.items():
            if text:
                code = self.lookups.country(text)
                if not code:
                    row.error(key, unknown_country_message())
                found.add(code)
        if len(found - {""}) > 1:
            row.error("country_code", _("The country and the country code name different countries; correct one."))
        elif found and "" not in found:
            row.country = found.pop()
        if row.country and row.values.get("registration_number"):
            try:
                row.registration_number = normalise_registration_number(row.country, row.values["registration_number"])
            except ValidationError as error:
                row.error("registration_number", " ".join(error.messages))
        row.slug = row.values.get("slug", "")


def _split_legacy_city(row: Row) -> None:
    """An older file's single city column: into the column of the name's script (blank: both blank).

    Ignored when the file has the two city columns as well; they say more.
    """
    if "city" not in row.values:
        return
    text = row.values.pop("city")
    if "city_ru" in row.values or "city_en" in row.values:
        return
    if not text:
        row.values.update(city_ru="", city_en="")
    else:
        row.values["city_ru" if has_cyrillic(text) else "city_en"] = text


class Matcher:
    """Finds the member of each row and refuses the second row about the same member, number or slug."""

    def __init__(self, lookups: Lookups):
        self.lookups = lookups
        self.members: dict[int, int] = {}  # member id -> first row
        self.numbers: dict[tuple[str, str], int] = {}
        self.slugs: dict[str, int] = {}
        self.suffixes: dict[str, int] = {}  # base of a made-up slug -> the last suffix tried

    def match(self, row: Row) -> None:
        invalid_number = row.values.get("registration_number") and not row.registration_number
        if invalid_number or (row.errors and not (row.country and (row.registration_number or row.slug))):
            return  # the key itself is in error: already reported, and nothing to match by
        if row.registration_number:
            self._match_by_number(row)
        elif row.slug:
            self._match_by_slug(row)
        else:
            row.error("registration_number", _("Give the member's registration number or its slug."))
            return
        self._claim(row)

    def _match_by_number(self, row: Row) -> None:
        row.member_id = self.lookups.by_number.get((row.country, row.registration_number))
        if row.member_id is None and row.slug in self.lookups.by_slug:
            member_id, _country, number = self.lookups.by_slug[row.slug]
            if not number:  # the number is new to a member that had none
                row.member_id = member_id

    def _match_by_slug(self, row: Row) -> None:
        entry = self.lookups.by_slug.get(row.slug)
        if entry is None:
            return
        row.member_id, country, number = entry
        if number and "registration_number" in row.values:
            row.error(
                "registration_number",
                _("This member's registration number is %(number)s; an import cannot remove it.") % {"number": number},
            )
        elif number and row.country != country:
            row.error("country", _("The country of a member with a registration number is changed in the admin."))

    def _claim(self, row: Row) -> None:
        if row.member_id is not None:
            self._claim_one(row, self.members, row.member_id, "slug", _("The same member as in row %(row)d."))
        if row.registration_number:
            key = (row.country, row.registration_number)
            self._claim_one(row, self.numbers, key, "registration_number", _("The same number as in row %(row)d."))
        if not row.slug and row.member_id is None:
            row.slug = self._new_slug(row)
        if row.slug:
            self._claim_slug(row)

    @staticmethod
    def _claim_one(row: Row, claims: dict, key, column: str, message: str) -> None:
        first = claims.setdefault(key, row.number)
        if first != row.number:
            row.error(column, message % {"row": first})

    def _claim_slug(self, row: Row) -> None:
        owner = self.lookups.by_slug.get(row.slug)
        if owner is not None and owner[0] != row.member_id:
            row.error("slug", _("Another member already has this slug."))
        else:
            self._claim_one(row, self.slugs, row.slug, "slug", _("The same slug as in row %(row)d."))

    def _new_slug(self, row: Row) -> str:
        """A slug for a new member from its English or short name, else from its country and number."""
        base = slugify(row.values.get("name_en") or row.values.get("short_name") or "")[: SLUG_MAX - 10].strip("-")
        base = base or slugify(f"{row.country}-{row.registration_number}")
        # Counting on from the last suffix of this base, not from 1: 10,000 new rows of one name would
        # otherwise try 50 million slugs.
        suffix = self.suffixes.get(base, 1)
        slug = f"{base}-{suffix}" if suffix > 1 else base
        while slug in self.lookups.by_slug or slug in self.slugs:
            suffix += 1
            slug = f"{base}-{suffix}"
        self.suffixes[base] = suffix
        return slug
