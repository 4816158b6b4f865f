"""Everything an import looks up, loaded once before the first row: a handful of queries, whatever the file.

Regions, sectors and incubators are small tables; the members are loaded as keys only (id, country,
registration number, slug), so matching 100,000 rows costs one query and a few dictionaries.
"""

from django.core.exceptions import ValidationError
from django.utils import translation
from django_countries import countries

from ..models import Incubator, Member, Region, Sector
from ..registration import normalise_registration_number
from ..text import fold
from .columns import CHOICES


def canonical_number(country: str, number: str) -> str:
    """The number as the import writes it (normalise_registration_number), or as stored when invalid."""
    try:
        return normalise_registration_number(country, number)
    except ValidationError:
        return number


class Lookups:
    def __init__(self):
        self.regions: dict[tuple[str, str], int] = {}
        self.regions_anywhere: dict[str, int] = {}  # a region named in another country: refused by the rule
        self.region_country: dict[int, str] = {}
        self.region_names: dict[str, list[tuple[str, str]]] = {}  # a country's regions (ru, en), for messages
        for pk, country, name_ru, name_en, code in Region.objects.values_list(
            "pk", "country", "name_ru", "name_en", "code"
        ).order_by("country", "name_ru"):
            self.region_country[pk] = country
            self.region_names.setdefault(country, []).append((name_ru, name_en))
            for name in (name_ru, name_en, code):
                if name:
                    self.regions.setdefault((country, fold(name)), pk)
                    self.regions_anywhere.setdefault(fold(name), pk)
        self.sectors = self._by_names(Sector.objects.values_list("pk", "slug", "name_ru", "name_en"))
        self.incubators = self._by_names(Incubator.objects.values_list("pk", "slug", "name_ru", "name_en"))
        self.default_incubator = Incubator.objects.filter(is_default=True).values_list("pk", flat=True).first()
        self.choices = {key: self._choice_names(choices) for key, choices in CHOICES.items()}
        self._countries: dict[str, str] = {}
        self.by_number: dict[tuple[str, str], int] = {}
        self.by_slug: dict[str, tuple[int, str, str]] = {}
        keys = Member.objects.order_by().values_list("pk", "country", "registration_number", "slug")
        for pk, country, number, slug in keys.iterator(chunk_size=5000):
            if number:
                self.by_number[(country, number)] = pk
                if not number.isdigit():  # perhaps stored as typed ("6851263-5"): find it by its canonical form too
                    self.by_number.setdefault((country, canonical_number(country, number)), pk)
            self.by_slug[slug] = (pk, country, number)

    @staticmethod
    def _by_names(rows) -> dict[str, int]:
        names = {}
        for pk, *spellings in rows:
            for name in spellings:
                if name:
                    names.setdefault(fold(name).strip(), pk)
        return names

    @staticmethod
    def _choice_names(choices) -> dict[str, str]:
        names = {}
        for value, label in choices.choices:
            names[fold(value)] = value
            for language in ("en", "ru"):
                with translation.override(language):
                    names.setdefault(fold(str(label)), value)
        return names

    def country(self, text: str) -> str:
        """The ISO code for a code (FI, FIN) or a name in English or Russian; "" when there is none."""
        folded = fold(text).strip()
        if folded not in self._countries:
            code = countries.alpha2(folded) if len(folded) in (2, 3) else ""
            for language in ("en", "ru"):
                code = code or countries.by_name(text.strip(), language=language) or ""
            self._countries[folded] = code
        return self._countries[folded]

    def regions_of(self, country: str) -> list[str]:
        """The names of a country's regions in the active language (the other where it has none)."""
        russian = translation.get_language() == "ru"
        return [(ru if russian else en) or ru or en for ru, en in self.region_names.get(country, [])]

    def region(self, country: str, text: str) -> int | None:
        folded = fold(text).strip()
        return self.regions.get((country, folded)) or self.regions_anywhere.get(folded)
