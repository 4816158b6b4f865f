"""What a directory card shows beyond the member's own fields: its monogram and sectors (the place line
is `members_text.place`).

The directory's page is pinned at a fixed number of queries, so the cards' sectors come with the
page's rows (their ids as one string, `with_sector_ids`) and their names from the sector facet,
which has already read every sector a listed member is in.
"""

import re

from django.db.models import Aggregate, CharField, OuterRef, QuerySet, Subquery

# Legal forms and quotes are not the name: «ООО «ЭкоТерм»» is monogrammed ЭТ, not ОЭ.
_QUOTES = "«»\"“”„'’"
_WORD = re.compile(r"[^\W\d_][\w-]*")
_CAPITAL_INSIDE = re.compile(r"(?<=[a-zа-яё])[A-ZА-ЯЁ]")
# Little words are no initials: "Association of Energy-Efficient Homes" is AE, not AO.
_LITTLE_WORDS = {"a", "an", "and", "for", "in", "of", "on", "the", "to", "в", "и", "для", "на", "по", "при"}


def monogram(name: str, legal_form: str = "") -> str:
    """Up to two initials of `name` for a card without a logo: "Institute of Urban Energy" is IU."""
    text = "".join(" " if char in _QUOTES else char for char in name or "")
    skip = {*_LITTLE_WORDS, (legal_form or "").casefold()}
    words = [word for word in _WORD.findall(text) if word.casefold() not in skip]
    if not words:
        return ""
    if len(words) == 1:
        # One word written in camel case ("EcoTherm", «ЭкоТерм») has two parts to its name.
        inner = _CAPITAL_INSIDE.search(words[0])
        return (words[0][0] + (inner.group() if inner else "")).upper()
    return (words[0][0] + words[1][0]).upper()


class _SectorIds(Aggregate):
    """The ids of a member's sectors as one comma-separated string (GROUP_CONCAT, STRING_AGG)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="STRING_AGG(%(expressions)s::text, ',')", **extra)


def with_sector_ids(queryset: QuerySet) -> QuerySet:
    """Annotate `sector_ids`, "3,7" (or None), without a query of its own (a prefetch costs one)."""
    through = queryset.model.sectors.through.objects.filter(member_id=OuterRef("pk")).order_by()
    ids = through.values("member_id").annotate(ids=_SectorIds("sector_id")).values("ids")
    return queryset.annotate(sector_ids=Subquery(ids, output_field=CharField()))


def card_sectors(members, sector_names: dict[int, str]) -> None:
    """Set `card_sectors` on each member: its sectors' names, in alphabetical order."""
    for member in members:
        ids = [int(value) for value in (getattr(member, "sector_ids", None) or "").split(",") if value]
        names = [sector_names[pk] for pk in ids if pk in sector_names]
        member.card_sectors = sorted(names, key=str.casefold)
