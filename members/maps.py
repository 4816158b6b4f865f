"""The member maps: countries, and Russia's federal subjects, shaded by the number of members.

Drawn on the server as inline SVG from the outlines in `members/mapdata/` (built by `manage.py
build_map_data` from two LGPL packages; see the README), so the maps need no script, no tile server and
no inline style: shapes carry `map-shade-N` classes that the stylesheet colours. The numbers come from
counts the pages already have (the home page's `figures()`, the directory's facets): drawing a map adds
no query on the home page and one (the regions' codes) on the directory.
"""

import functools
import json
from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries as country_names

from .models import Region
from .text import in_language

MAPDATA = Path(__file__).resolve().parent / "mapdata"
# Shade steps of a map, the lightest for the fewest members; the stylesheet has one colour for each.
SHADES = 5


@functools.cache
def outlines(name: str) -> dict:
    """`countries` (keyed by ISO 3166-1 alpha-2) or `russia` (keyed by ISO 3166-2): width, height, shapes."""
    return json.loads((MAPDATA / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def land_paths(name: str) -> dict[str, str]:
    """{code: '<path d="…"/>'} of an outline's shapes, escaped once (the outlines are our own data files)."""
    return {code: format_html('<path d="{}"/>', path) for code, path in outlines(name)["shapes"].items()}


def steps(top: int) -> list[tuple[int, int]]:
    """The (lowest, highest) number of members of each shade step, on a logarithmic scale up to `top`.

    Logarithmic, since one country often has ten times the members of the next; steps that would hold
    no whole number are left out, so a map of one to three members has fewer steps.
    """
    bounds, low = [], 1
    for k in range(1, SHADES + 1):
        high = max(1, int(top ** (k / SHADES) + 1e-9)) if k < SHADES else max(top, 1)
        if high >= low:
            bounds.append((low, high))
            low = high + 1
    return bounds


def shade(count: int, bounds: list[tuple[int, int]]) -> int:
    """The step (1 to SHADES, scaled to the steps in use) of `count`; 0 for none."""
    for k, (_low, high) in enumerate(bounds, start=1):
        if count <= high:
            return round(k * SHADES / len(bounds))
    return 0


def directory_link(params: dict, name: str, value) -> str:
    """The directory's URL for `params` with filter `name` set to `value` alone (and no page number)."""
    query = {key: values for key, values in params.items() if key not in (name, "page")}
    query[name] = [str(value)]
    return f"{reverse('members:member-list')}?{urlencode(query, doseq=True)}"


def draw(*, map_id: str, title: str, outline: str, areas: list[dict], label_header: str) -> dict:
    """One map: `areas` are {code, label, members, href}; shapes for those with members and an outline."""
    data = outlines(outline)
    bounds = steps(max((area["members"] for area in areas), default=0))
    shapes, listed = [], []
    for area in sorted(areas, key=lambda area: (-area["members"], str(area["label"]))):
        if not area["members"]:
            continue
        described = {**area, "shade": shade(area["members"], bounds), "text": members_label(area)}
        listed.append(described)
        if area["code"] in data["shapes"]:
            shapes.append({**described, "path": data["shapes"][area["code"]], "dot": data["dots"].get(area["code"])})
    drawn = {shape["code"] for shape in shapes}
    return {
        "id": map_id,
        "title": title,
        "label_header": label_header,
        "width": data["width"],
        "height": data["height"],
        # The land without members as one piece of SVG: drawn once per process (`land_paths`), not per page.
        "land": mark_safe("".join(path for code, path in land_paths(outline).items() if code not in drawn)),  # noqa: S308
        "shapes": shapes,
        "rows": listed,
        "legend": [{"shade": shade(high, bounds), "low": low, "high": high} for low, high in bounds],
    }


def members_label(area: dict) -> str:
    return ngettext("%(name)s: %(count)s member", "%(name)s: %(count)s members", area["members"]) % {
        "name": area["label"],
        "count": area["members"],
    }


def member_maps(countries: dict[str, int], regions: list[dict], params: dict | None = None) -> list[dict]:
    """The two maps for members counted per country ({code: n}) and per region ([{pk, country, code,
    name_ru, name_en, members}]); each area links to the directory under `params` (a query's lists)
    narrowed to it. Areas without a shape (a region with no code, a country off the map) are in the
    table only."""
    params = params or {}
    country_areas = [
        {
            "code": code,
            "label": country_names.name(code) or code,
            "members": n,
            "href": directory_link(params, "country", code),
        }
        for code, n in countries.items()
    ]
    region_areas = [
        {
            "code": region["code"],
            "label": in_language(region["name_ru"], region["name_en"]),
            "members": region["members"],
            "href": directory_link(params, "region", region["pk"]),
        }
        for region in regions
        if region["country"] == "RU"
    ]
    return [
        draw(
            map_id="map-countries",
            title=_("Members by country"),
            outline="countries",
            areas=country_areas,
            label_header=_("Country"),
        ),
        draw(
            map_id="map-russia",
            title=_("Members by region of Russia"),
            outline="russia",
            areas=region_areas,
            label_header=_("Region"),
        ),
    ]


def figures_maps(figures: dict) -> list[dict]:
    """The maps of a `MemberQuerySet.figures()` result (its `by_country` and `by_region`): no query."""
    regions = [
        {
            "pk": row["region"],
            "country": row["country"],
            "code": row["region__code"],
            "name_ru": row["region__name_ru"],
            "name_en": row["region__name_en"],
            "members": row["members"],
        }
        for row in figures["by_region"]
    ]
    return member_maps({row["country"]: row["members"] for row in figures["by_country"]}, regions)


def facet_maps(counts: dict, params) -> list[dict]:
    """The maps of the directory's facet counts (`MemberFilter.facets()`), linking under the query
    `params` (a QueryDict): one query, for the codes and names of the counted regions."""
    rows = Region.objects.filter(pk__in=list(counts["region"]), country="RU").values(
        "pk", "country", "code", "name_ru", "name_en"
    )
    regions = [{**row, "members": counts["region"][row["pk"]]} for row in rows]
    return member_maps(counts["country"], regions, {key: params.getlist(key) for key in params})
