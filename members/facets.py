"""The directory's choice filters as checkbox groups, each choice with its number of members.

Regions are grouped under their country (Pirkanmaa under Finland, Kaliningrad Oblast under Russia):
one flat list mixed four countries' regions.
"""

from django.core.validators import slug_re
from django_countries import countries

from .filters import MemberFilter
from .limits import is_row_id
from .models import Member, Region, Sector


def facet_groups(filterset: MemberFilter, data, counts: dict | None = None) -> list[dict]:
    """[{name, label, options: [{value, label, count, checked, key}], subgroups}] in the page's order.

    A choice appears when some member would match it under the other filters, or when it is chosen
    (so it can be unchosen). `subgroups` (regions only; else empty) holds the same options as
    [{label, options}], one per country. Two queries for the names of regions and sectors;
    `MemberFilter.facets()` counts.
    """
    counts = counts if counts is not None else filterset.facets()
    chosen = {name: set(data.getlist(name)) for name in MemberFilter.FACETS}
    chosen["country"] = {code.upper() for code in chosen["country"]}
    regions = _rows(Region, "pk", counts["region"], chosen["region"])
    sectors = _rows(Sector, "slug", counts["sector"], chosen["sector"], count_key="pk")
    labels = {
        "country": {code: countries.name(code) or code for code in {*counts["country"], *chosen["country"]}},
        "type": dict(Member.Type.choices),
        "incubator": dict(Member.IncubatorStatus.choices),
        "region": {value: (row.name, row.pk) for value, row in regions.items()},
        "sector": {value: (row.name, row.pk) for value, row in sectors.items()},
    }
    groups = []
    for name in ("country", "region", "type", "sector", "incubator"):
        options = _options(labels[name], counts[name], chosen[name])
        groups.append({"name": name, "label": filterset.filters[name].label, "options": options, "subgroups": []})
    groups[1]["subgroups"] = _by_country(groups[1]["options"], regions)
    return groups


def _rows(model, value_field: str, counted: dict, chosen: set, count_key: str | None = None) -> dict:
    """{value: row} for the counted and chosen rows of `model`, in one query."""
    key = count_key or value_field
    rows = model.objects.filter(**{f"{key}__in": list(counted)}) | model.objects.filter(
        **{f"{value_field}__in": [value for value in chosen if _could_name_a_row(value_field, value)]}
    )
    return {str(getattr(row, value_field)): row for row in rows}


def _could_name_a_row(value_field: str, value: str) -> bool:
    """Nonsense is left out before the database sees it (a 30-digit id overflows SQLite, a NUL fails PostgreSQL)."""
    if value_field == "pk":
        return is_row_id(value)
    return slug_re.fullmatch(value) is not None


def _options(labels: dict, counts: dict, chosen: set) -> list[dict]:
    options = []
    for value, label in labels.items():
        label, count_key = label if isinstance(label, tuple) else (label, value)
        count = counts.get(count_key, 0)
        if value and (count or str(value) in chosen):
            checked = str(value) in chosen
            options.append({"value": str(value), "label": label, "count": count, "checked": checked, "key": count_key})
    return sorted(options, key=lambda option: (-option["count"], str(option["label"])))


def _by_country(options: list[dict], regions: dict) -> list[dict]:
    """The region options under their countries: the country with most members first, as the options."""
    groups: dict[str, list[dict]] = {}
    for option in options:
        groups.setdefault(str(regions[option["value"]].country), []).append(option)
    totals = {code: sum(option["count"] for option in group) for code, group in groups.items()}
    order = sorted(groups, key=lambda code: (-totals[code], str(countries.name(code))))
    return [{"code": code, "label": countries.name(code) or code, "options": groups[code]} for code in order]


def sector_names(groups: list[dict]) -> dict[int, str]:
    """{sector id: name} of the sectors the sector facet offers (every sector of a listed member)."""
    sector = next(group for group in groups if group["name"] == "sector")
    return {option["key"]: option["label"] for option in sector["options"]}
