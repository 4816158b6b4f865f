"""The member maps on the home page and the directory: shapes, links, numbers, as-of date, no inline style."""

import datetime
import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from members import maps
from members.filters import MemberFilter
from members.models import Member
from members.services import member_join, member_leave

from .factories import MemberFactory, RegionFactory

URL = reverse("members:member-list")
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
AREA = re.compile(r'<a href="([^"]*)" class="map-area" data-code="([^"]*)" data-members="(\d+)"><title>([^<]*)</title>')
ROW = re.compile(r'<tr data-code="([^"]*)"><th scope="row"><a href="([^"]*)">([^<]*)</a></th><td>(\d+)</td></tr>')


def figure(page: str, map_id: str) -> str:
    return re.search(rf'<figure class="member-map" id="{map_id}">(.*?)</figure>', page, re.S).group(1)


def shapes(page: str, map_id: str) -> dict[str, tuple[str, int]]:
    """{code: (href, members)} of the map's linked shapes; each code once."""
    found = AREA.findall(figure(page, map_id))
    codes = [code for _href, code, _n, _label in found]
    assert len(codes) == len(set(codes)), "one shape per area"
    return {code: (html.unescape(href), int(n)) for href, code, n, _label in found}


def table(page: str, map_id: str) -> dict[str, tuple[str, int]]:
    return {code: (html.unescape(href), int(n)) for code, href, _label, n in ROW.findall(figure(page, map_id))}


def query_of(href: str) -> dict[str, list[str]]:
    parts = urlsplit(href)
    assert parts.path == URL
    return parse_qs(parts.query)


def registry():
    """Russia in three regions (one without an ISO code), Finland, Norway and Denmark."""
    spb = RegionFactory()
    tatarstan = RegionFactory(name_en="Republic of Tatarstan", name_ru="Республика Татарстан", code="RU-TA")
    uncoded = RegionFactory(name_en="Nowhere", name_ru="Нигде", code="")
    for n in range(5):
        MemberFactory(region=spb, member_type=Member.Type.RESEARCH if n < 2 else Member.Type.COMPANY)
    MemberFactory(region=tatarstan)
    MemberFactory(region=uncoded)
    for country, count in (("FI", 3), ("NO", 2), ("DK", 1)):
        for _ in range(count):
            MemberFactory(country=country, region=None)
    MemberFactory(is_published=False, country="SE", region=None)
    return spb, tatarstan, uncoded


# The outlines committed in members/mapdata


def fixture_regions() -> list[dict]:
    rows = []
    for path in FIXTURES.glob("*.json"):
        rows += [row["fields"] for row in json.loads(path.read_text()) if row["model"] == "members.region"]
    return rows


def test_the_outlines_are_small_valid_svg_paths():
    total = 0
    for name in ("countries", "russia"):
        path = maps.MAPDATA / f"{name}.json"
        total += path.stat().st_size
        data = maps.outlines(name)
        assert data["width"] == 1000 and 100 < data["height"] < 1000
        assert data["shapes"] and "LGPL" in data["source"]
        for code, d in data["shapes"].items():
            assert re.fullmatch(r"(M-?\d+ -?\d+l(-?\d+[ -]?)+z)+", d), code
        assert set(data["dots"]) <= set(data["shapes"])
    assert total < 60_000


def test_every_fixture_region_of_russia_and_country_has_a_shape():
    regions = fixture_regions()
    russian = {row["code"] for row in regions if row["country"] == "RU"}
    assert russian == {"RU-SPE", "RU-KGD", "RU-PSK", "RU-KGN", "RU-TA"}
    assert russian <= set(maps.outlines("russia")["shapes"])
    # The members' countries, and the neighbours most likely to join next.
    countries = {row["country"] for row in regions} | {"RU", "SE", "EE", "DE", "PL", "LT", "LV"}
    assert countries <= set(maps.outlines("countries")["shapes"])


def test_the_map_of_russia_has_every_federal_subject_the_package_draws():
    shapes = maps.outlines("russia")["shapes"]
    assert len(shapes) == 85 and all(code.startswith("RU-") for code in shapes)


def test_the_committed_outlines_are_what_the_build_command_makes():
    pytest.importorskip("pygal_maps_world")
    pytest.importorskip("pygal_maps_ru")
    from members.management.commands.build_map_data import build

    for name in ("countries", "russia"):
        assert build(name) == maps.outlines(name)


# Shade steps


def test_steps_are_logarithmic_and_cover_one_to_the_top():
    assert maps.steps(40) == [(1, 2), (3, 4), (5, 9), (10, 19), (20, 40)]
    assert maps.steps(1) == [(1, 1)]
    assert maps.steps(3) == [(1, 1), (2, 2), (3, 3)]


@given(st.integers(min_value=1, max_value=100_000))
def test_every_count_up_to_the_top_has_one_step_and_more_is_never_lighter(top):
    bounds = maps.steps(top)
    assert bounds[0][0] == 1 and bounds[-1][1] == top
    assert all(high + 1 == low for (_, high), (low, _) in zip(bounds, bounds[1:], strict=False))
    shades = [maps.shade(count, bounds) for count in sorted({1, min(2, top), top // 3 or 1, top // 2 or 1, top})]
    assert shades == sorted(shades) and shades[-1] == maps.SHADES and shades[0] >= 1


# The home page


@pytest.mark.django_db
def test_home_maps_have_one_linked_shape_per_member_country_and_russian_region(client):
    spb, tatarstan, _uncoded = registry()
    page = client.get("/").content.decode()
    countries = shapes(page, "map-countries")
    assert countries == {
        "RU": (f"{URL}?country=RU", 7),
        "FI": (f"{URL}?country=FI", 3),
        "NO": (f"{URL}?country=NO", 2),
        "DK": (f"{URL}?country=DK", 1),
    }
    regions = shapes(page, "map-russia")
    assert regions == {"RU-SPE": (f"{URL}?region={spb.pk}", 5), "RU-TA": (f"{URL}?region={tatarstan.pk}", 1)}
    english = client.get("/en/").content.decode()
    assert shapes(english, "map-countries")["FI"] == ("/en/members/?country=FI", 3)
    assert "<title>Finland: 3 members</title>" in english


@pytest.mark.django_db
def test_the_table_holds_every_area_with_members_even_without_a_shape(client):
    _spb, _tatarstan, uncoded = registry()
    MemberFactory(country="BR", region=None)  # far off the map of northern Europe
    page = client.get("/").content.decode()
    assert "BR" not in shapes(page, "map-countries")
    assert table(page, "map-countries")["BR"] == (f"{URL}?country=BR", 1)
    rows = table(page, "map-russia")
    assert rows[""] == (f"{URL}?region={uncoded.pk}", 1)
    assert {code: row for code, row in rows.items() if code} == shapes(page, "map-russia")


@pytest.mark.django_db
def test_home_map_numbers_equal_the_directorys_facet_counts_and_its_links_list_them(client):
    registry()
    page = client.get("/").content.decode()
    facets = MemberFilter({}, queryset=Member.objects.public()).facets()
    countries = table(page, "map-countries")
    assert {code: n for code, (_href, n) in countries.items()} == facets["country"]
    regions = table(page, "map-russia")
    assert {int(query_of(href)["region"][0]): n for href, n in regions.values()} == facets["region"]
    for href, n in [*countries.values(), *regions.values()]:
        assert client.get(href).context["paginator"].count == n


@pytest.mark.django_db
def test_home_map_follows_the_as_of_date(client):
    spb = RegionFactory()
    early = MemberFactory(current=False, region=spb)
    member_join(member=early, joined_on=datetime.date(2014, 1, 1))
    member_leave(member=early, left_on=datetime.date(2018, 1, 1))
    later = MemberFactory(current=False, country="FI", region=None)
    member_join(member=later, joined_on=datetime.date(2019, 1, 1))
    today = client.get("/").content.decode()
    assert shapes(today, "map-countries") == {"FI": (f"{URL}?country=FI", 1)}
    assert shapes(today, "map-russia") == {}
    past = client.get("/", {"on": "2016-06-01"}).content.decode()
    assert shapes(past, "map-countries") == {"RU": (f"{URL}?country=RU", 1)}
    assert shapes(past, "map-russia") == {"RU-SPE": (f"{URL}?region={spb.pk}", 1)}


# The directory


@pytest.mark.django_db
def test_directory_maps_count_under_the_other_filters_and_link_within_them(client):
    spb, _tatarstan, _uncoded = registry()
    query = {"type": "research", "country": "FI", "ordering": "-name", "page": "1"}
    response = client.get(URL, query)
    page = response.content.decode()
    facets = MemberFilter(QueryDict("type=research&country=FI"), queryset=Member.objects.public()).facets()
    countries = shapes(page, "map-countries")
    assert {code: n for code, (_href, n) in countries.items()} == {"RU": 2} == facets["country"]
    assert query_of(countries["RU"][0]) == {"type": ["research"], "ordering": ["-name"], "country": ["RU"]}
    assert shapes(page, "map-russia") == {}  # Finland's members have no region
    response = client.get(countries["RU"][0])
    assert response.context["paginator"].count == 2
    regions = shapes(response.content.decode(), "map-russia")
    assert regions == {"RU-SPE": (f"{URL}?type=research&ordering=-name&country=RU&region={spb.pk}", 2)}


@pytest.mark.django_db
def test_directory_with_a_bad_filter_draws_no_map(client):
    registry()
    page = client.get(URL, {"region": "x"}).content.decode()
    assert "member-map" not in page


# No inline style or script, nothing from another host


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", URL, "/en/members/?country=RU"])
def test_the_maps_need_no_inline_style_or_script(client, path):
    registry()
    response = client.get(path)
    page = response.content.decode()
    assert 'class="member-map"' in page
    section = re.search(r'<section class="member-maps".*?</section>', page, re.S).group(0)
    assert "style" not in section and "<script" not in section and "http" not in section
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# The build step's geometry (members/management/commands/build_map_data.py)


def test_paths_are_read_with_relative_moves_lines_curves_and_their_offset():
    from members.management.commands.build_map_data import parse_path

    rings = parse_path("m10 10 5 0v5c0 0-1 1-5 0zM0 0L2 0 2 2H0z", offset=(1, -1))
    assert rings == [[(11, 9), (16, 9), (16, 14), (11, 14)], [(1, -1), (3, -1), (3, 1), (1, 1)]]
    assert parse_path("m0 0 1 0z") == []  # a ring of two points draws nothing


def test_simplify_drops_points_within_the_tolerance_and_keeps_corners():
    from members.management.commands.build_map_data import simplify

    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 0), (3, 3)]
    assert simplify(line, 0.5) == [(0, 0), (3, 0), (3, 3)]
    assert simplify(line, 0.05) == line


def test_clip_keeps_the_part_inside_the_box():
    from members.management.commands.build_map_data import clip, outline

    square = [(-5, -5), (5, -5), (5, 5), (-5, 5)]
    assert sorted(clip(square, (0, 0, 10, 10))) == [(0, 0), (0, 5), (5, 0), (5, 5)]
    assert clip(square, (20, 20, 30, 30)) == []
    assert outline([square], box=(0, 0, 10, 10), scale=2, tolerance=1) == "M0 0l10 0 0 10-10 0z"
