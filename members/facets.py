"""The directory's choice filters as checkbox groups, each choice with its number of members."""

from django_countries import countries

from .filters import MemberFilter
from .models import Member, Region, Sector


def facet_groups(filterset: MemberFilter, data, counts: dict | None = None) -> list[dict]:
    """[{name, label, options: [{value, label, count, checked}]}] in the order the page shows them.

    A choice appears when some member would match it under the other filters, or when it is chosen
    (so it can be unchosen). Two queries for the names of regions and sectors; `MemberFilter.facets()` counts.
    """
    counts = counts if counts is not None else filterset.facets()
    chosen = {name: set(data.getlist(name)) for name in MemberFilter.FACETS}
    chosen["country"] = {code.upper() for code in chosen["country"]}
    labels = {
        "country": {code: countries.name(code) or code for code in {*counts["country"], *chosen["country"]}},
        "type": dict(Member.Type.choices),
        "incubator": dict(Member.IncubatorStatus.choices),
        "region": _names(Region, "pk", counts["region"], chosen["region"]),
        "sector": _names(Sector, "slug", counts["sector"], chosen["sector"], count_key="pk"),
    }
    groups = []
    for name in ("country", "region", "type", "sector", "incubator"):
        options = _options(labels[name], counts[name], chosen[name])
        groups.append({"name": name, "label": filterset.filters[name].label, "options": options})
    return groups


def _names(model, value_field: str, counted: dict, chosen: set, count_key: str | None = None) -> dict:
    """{value: (label, count key)} for the counted and chosen rows of `model`, in one query."""
    key = count_key or value_field
    # PostgreSQL refuses a NUL in a text parameter (a 500); no slug or id has one.
    chosen = {v for v in chosen if "\x00" not in v and (value_field != "pk" or (v.isdigit() and len(v) <= 18))}
    rows = model.objects.filter(**{f"{key}__in": list(counted)}) | model.objects.filter(
        **{f"{value_field}__in": list(chosen)}
    )
    return {str(getattr(row, value_field)): (row.name, getattr(row, key)) for row in rows}


def _options(labels: dict, counts: dict, chosen: set) -> list[dict]:
    options = []
    for value, label in labels.items():
        label, count_key = label if isinstance(label, tuple) else (label, value)
        count = counts.get(count_key, 0)
        if value and (count or str(value) in chosen):
            options.append({"value": str(value), "label": label, "count": count, "checked": str(value) in chosen})
    return sorted(options, key=lambda option: (-option["count"], str(option["label"])))
