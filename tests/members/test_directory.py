"""The member directory at /members/: filters, search in any alphabet, ordering, pagination, bad input."""

import datetime
import re

import pytest
from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse

from members.filters import directory_queryset
from members.models import Member
from members.services import member_join, member_leave
from members.views import MemberListView

from .factories import IncubatorFactory, MemberFactory, RegionFactory, SectorFactory

pytestmark = pytest.mark.django_db

URL = reverse("members:member-list")


def listed(client, query="", url=URL):
    response = client.get(f"{url}?{query}" if query else url)
    assert response.status_code == 200
    return [member.slug for member in response.context["member_list"]]


def joined_in(year: int, **fields) -> Member:
    member = MemberFactory(current=False, **fields)
    member_join(member=member, joined_on=datetime.date(year, 6, 1))
    return member


# Who is listed at all


def test_only_published_current_members_are_listed(client):
    current = MemberFactory(slug="current")
    MemberFactory(slug="unpublished", is_published=False)
    MemberFactory(slug="never-joined", current=False)
    former = MemberFactory(slug="former")
    member_leave(member=former, left_on=datetime.date(2018, 1, 1))
    assert listed(client) == [current.slug]


def test_the_page_says_how_many_members_match(client):
    MemberFactory.create_batch(3, country="FI", region=None)
    MemberFactory()
    response = client.get(URL, {"country": "FI"})
    assert "Найдено 3 участника" in response.content.decode()
    response = client.get("/en/members/", {"country": "FI"})
    assert "3 members match" in response.content.decode()


# Each filter


def test_country_filter_takes_several_codes_in_any_case(client):
    finnish = MemberFactory(country="FI", region=None)
    norwegian = MemberFactory(country="NO", region=None)
    MemberFactory(country="RU")
    assert set(listed(client, "country=fi&country=NO")) == {finnish.slug, norwegian.slug}
    assert listed(client, "country=FI") == [finnish.slug]


def test_region_filter(client):
    kaliningrad = RegionFactory(name_en="Kaliningrad Oblast", name_ru="Калининградская область", code="RU-KGD")
    there = MemberFactory(region=kaliningrad)
    MemberFactory()
    assert listed(client, f"region={kaliningrad.pk}") == [there.slug]


def test_type_filter(client):
    institute = MemberFactory(member_type=Member.Type.RESEARCH)
    fund = MemberFactory(member_type=Member.Type.INVESTOR)
    MemberFactory(member_type=Member.Type.COMPANY)
    assert listed(client, "type=research") == [institute.slug]
    assert set(listed(client, "type=research&type=investor")) == {institute.slug, fund.slug}


def test_sector_filter_lists_a_member_in_two_chosen_sectors_once(client):
    water, energy, waste = SectorFactory(slug="water"), SectorFactory(slug="energy"), SectorFactory(slug="waste")
    both = MemberFactory()
    both.sectors.set([water, energy])
    only_water = MemberFactory()
    only_water.sectors.set([water])
    MemberFactory().sectors.set([waste])
    assert sorted(listed(client, "sector=water&sector=energy")) == sorted([both.slug, only_water.slug])
    assert listed(client, "sector=energy") == [both.slug]


def test_incubator_filter_tells_residents_from_alumni(client):
    ingria = IncubatorFactory()
    resident = MemberFactory(incubator_status=Member.IncubatorStatus.RESIDENT, incubator=ingria)
    alumnus = MemberFactory(incubator_status=Member.IncubatorStatus.ALUMNUS, incubator=ingria)
    MemberFactory()
    assert listed(client, "incubator=resident") == [resident.slug]
    assert listed(client, "incubator=alumnus") == [alumnus.slug]
    assert set(listed(client, "incubator=resident&incubator=alumnus")) == {resident.slug, alumnus.slug}


def test_headcount_bounds_are_inclusive_and_unknown_headcount_is_left_out_of_ranges(client):
    small, middle, large = MemberFactory(employees=10), MemberFactory(employees=100), MemberFactory(employees=1000)
    unknown = MemberFactory()
    assert set(listed(client, "headcount_min=100")) == {middle.slug, large.slug}
    assert set(listed(client, "headcount_max=100")) == {small.slug, middle.slug}
    assert listed(client, "headcount_min=100&headcount_max=100") == [middle.slug]
    assert unknown.slug in listed(client)


def test_joined_years_are_inclusive(client):
    early, middle, late = joined_in(2014), joined_in(2016), joined_in(2018)
    assert set(listed(client, "joined_from=2016")) == {middle.slug, late.slug}
    assert set(listed(client, "joined_to=2016")) == {early.slug, middle.slug}
    assert listed(client, "joined_from=2016&joined_to=2016") == [middle.slug]


def test_filters_combine_with_and(client):
    sector = SectorFactory(slug="water")
    match = MemberFactory(country="FI", region=None, employees=500, member_type=Member.Type.COMPANY)
    match.sectors.set([sector])
    wrong_country = MemberFactory(country="NO", region=None, employees=500)
    wrong_country.sectors.set([sector])
    too_small = MemberFactory(country="FI", region=None, employees=5)
    too_small.sectors.set([sector])
    MemberFactory(country="FI", region=None, employees=500)  # no sector
    assert listed(client, "country=FI&sector=water&headcount_min=100&type=company") == [match.slug]


# Search in any alphabet


@pytest.mark.parametrize(
    ("field", "stored", "query"),
    [
        ("name_ru", "АО «Технопарк Санкт-Петербурга»", "технопарк"),
        ("name_ru", "технопарк", "ТЕХНОПАРК"),
        ("name_en", "ÅRHUS VARME A/S", "århus"),
        ("name_en", "Straße Energie", "STRASSE"),
        ("short_name", "ЁЛКА", "елка"),
        ("city_en", "Århus", "ÅRHUS"),
        ("city_ru", "Хельсинки", "ХЕЛЬСИНКИ"),
    ],
)
def test_search_folds_case_in_every_alphabet(client, field, stored, query):
    match = MemberFactory(**{field: stored})
    MemberFactory(
        name_ru="Другая организация", name_en="Another organisation", short_name="", city_ru="Псков", city_en="Pskov"
    )
    assert listed(client, f"q={query}") == [match.slug]


def test_every_word_of_the_search_must_match(client):
    both = MemberFactory(name_en="Nord Heat", city_en="Helsinki")
    MemberFactory(name_en="Nord Water", city_en="Oslo")
    assert listed(client, "q=nord helsinki") == [both.slug]


def test_search_does_not_look_in_private_fields(client):
    MemberFactory(contact_name="Иван Секретов", contact_email="hidden@example.org")
    assert listed(client, "q=секретов") == []
    assert listed(client, "q=hidden") == []


# Ordering


@pytest.fixture
def named():
    # The Russian and English names order the members differently; empty names fall back.
    return {
        "x": MemberFactory(name_ru="Delta", name_en="Alpha", employees=300, slug="x"),
        "y": MemberFactory(name_ru="", name_en="Bravo", employees=100, slug="y"),
        "z": MemberFactory(name_ru="Charlie", name_en="", employees=200, slug="z"),
    }


def test_name_order_follows_the_active_language_with_fallback(client, named):
    assert listed(client) == ["y", "z", "x"]
    assert listed(client, url="/en/members/") == ["x", "y", "z"]
    assert listed(client, "ordering=-name") == ["x", "z", "y"]
    assert listed(client, "ordering=-name", url="/en/members/") == ["z", "y", "x"]


def test_headcount_order_both_ways_puts_unknown_headcount_last(client, named):
    MemberFactory(name_ru="Echo", slug="unknown")
    assert listed(client, "ordering=headcount") == ["y", "z", "x", "unknown"]
    assert listed(client, "ordering=-headcount") == ["x", "z", "y", "unknown"]


def test_joined_order_both_ways(client):
    joined_in(2016, slug="middle")
    joined_in(2014, slug="early")
    joined_in(2018, slug="late")
    assert listed(client, "ordering=joined") == ["early", "middle", "late"]
    assert listed(client, "ordering=-joined") == ["late", "middle", "early"]


def test_equal_names_are_ordered_by_creation_so_pages_never_overlap(client):
    first = MemberFactory(name_ru="Тёзка", slug="first")
    second = MemberFactory(name_ru="Тёзка", slug="second")
    assert first.pk < second.pk
    assert listed(client) == ["first", "second"]
    assert listed(client, "ordering=-name") == ["second", "first"]


# Pagination


def test_twenty_five_a_page_and_the_next_page_keeps_the_filters(client):
    MemberFactory.create_batch(30, country="FI", region=None)
    MemberFactory.create_batch(3, country="NO", region=None)
    response = client.get(URL, {"country": "FI", "ordering": "-name"})
    assert len(response.context["member_list"]) == 25
    assert 'href="?country=FI&amp;ordering=-name&amp;page=2"' in response.content.decode()
    page_two = listed(client, "country=FI&ordering=-name&page=2")
    assert len(page_two) == 5
    all_finnish = set(Member.objects.filter(country="FI").values_list("slug", flat=True))
    assert set(page_two) | {m.slug for m in response.context["member_list"]} == all_finnish


@pytest.mark.parametrize("page", ["3", "99999", "0", "abc", "-1"])
def test_a_page_past_the_end_or_not_a_page_is_not_found(client, page):
    MemberFactory.create_batch(26)
    assert client.get(URL, {"page": page}).status_code == 404


# Nonsense never gives a 500


@pytest.mark.parametrize(
    ("query", "field_label"),
    [
        ("headcount_min=abc", "Работников не меньше"),
        ("headcount_min=-1", "Работников не меньше"),
        ("headcount_max=99999999999999999999999", "Работников не больше"),
        ("country=ZZ", "Страна"),
        ("region=abc", "Регион"),
        ("region=99999999999999999999999", "Регион"),
        ("sector=no-such-sector", "Отрасль"),
        ("type=spaceship", "Тип участника"),
        ("incubator=maybe", "Бизнес-инкубатор"),
        ("joined_from=0", "Вступил с … года"),
        ("joined_to=99999", "Вступил до … года включительно"),
        ("ordering=pk", "Порядок"),
        ("q=" + "x" * 10_240, "Поиск"),
    ],
)
def test_a_nonsense_value_gets_a_readable_message_and_no_list(client, query, field_label):
    MemberFactory()
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert len(response.context["member_list"]) == 0
    page = response.content.decode()
    assert 'role="alert"' in page
    assert f">{field_label}</a>:" in page


def test_a_nul_byte_or_odd_unicode_in_the_search_is_harmless(client):
    MemberFactory(name_ru="Технопарк")
    for query in ["%F0%9F%8C%B1", "%25", "_", "'%3B--", "\\"]:
        assert client.get(f"{URL}?q={query}").status_code == 200
    assert client.get(f"{URL}?q=%00").status_code == 400  # the site-wide guard (cluster_registry/guards.py)


# The contract with the export


def test_directory_queryset_returns_exactly_the_listed_rows_in_order(client):
    for n in range(45):
        MemberFactory(employees=(n * 37) % 11, country="FI" if n % 3 else "NO", region=None)
    query = "country=FI&ordering=-headcount"
    filterset, members = directory_queryset(QueryDict(query), language="ru")
    assert filterset.is_valid()
    on_pages = listed(client, query) + listed(client, query + "&page=2")
    assert [member.slug for member in members] == on_pages


def test_directory_queryset_is_empty_and_explains_itself_for_bad_values():
    MemberFactory()
    filterset, members = directory_queryset(QueryDict("country=ZZ"), language="en")
    assert not filterset.is_valid()
    assert "country" in filterset.errors
    assert list(members) == []


# Facets


def test_facet_counts_follow_the_other_filters(client):
    MemberFactory.create_batch(2, country="FI", region=None, member_type=Member.Type.COMPANY)
    MemberFactory(country="FI", region=None, member_type=Member.Type.RESEARCH)
    MemberFactory(country="NO", region=None, member_type=Member.Type.COMPANY)
    response = client.get(URL, {"country": "FI"})
    groups = {group["name"]: group for group in response.context["facet_groups"]}
    countries = {option["value"]: (option["count"], option["checked"]) for option in groups["country"]["options"]}
    types = {option["value"]: option["count"] for option in groups["type"]["options"]}
    # The country facet ignores the country filter itself, so Norway can still be added.
    assert countries == {"FI": (3, True), "NO": (1, False)}
    assert types == {"company": 2, "research": 1}


# Queries stay flat


def populate(count: int) -> None:
    sectors = [SectorFactory(slug=f"sector-{n}") for n in range(3)]
    regions = [RegionFactory(name_en=f"Region {n}", name_ru=f"Регион {n}", code="") for n in range(3)]
    for n in range(count):
        member = MemberFactory(region=regions[n % 3], employees=n + 1)
        member.sectors.set(sectors[: n % 3 + 1])


@pytest.mark.parametrize("count", [5, 60])
def test_directory_queries_do_not_grow_with_the_members(
    client, django_assert_max_num_queries, django_assert_num_queries, count
):
    populate(count)
    query = {"sector": "sector-0", "ordering": "-headcount"}
    # The revision (the page cache's key), the chosen sector, the facets (one grouped query and the
    # sectors'), the page's ids then its rows, the names of regions and sectors, the map's regions' codes;
    # the footer.
    with django_assert_max_num_queries(10):
        response = client.get(URL, query)
    assert response.status_code == 200
    # Until the registry changes, the same page is served from the cache: one query, for the revision.
    with django_assert_num_queries(1):
        assert client.get(URL, query).content == response.content
    assert len(response.context["member_list"]) == min(count, 25)


def facets_one_query_each(filterset) -> dict:
    """Every facet counted under the other filters in a query of its own: what `facets()` must equal."""
    result = {}
    for name in ("country", "type", "incubator", "region"):
        field = "region" if name == "region" else filterset.filters[name].field_name
        rows = filterset.filtered_without(name).values(field).annotate(n=Count("pk"))
        result[name] = {row[field]: row["n"] for row in rows if row[field] is not None}
    result["total"] = filterset.filtered_without(None).count()
    return result


@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=RU",
        "country=RU&type=company",
        "country=RU&country=FI&incubator=resident",
        "region={region}&type=research",
        "sector=sector-1&q=organisation",
        "headcount_min=10&joined_from=2015&country=fi",
        "incubator=alumnus&incubator=resident&region={region}",
        "country=&type=",
    ],
)
def test_facets_count_as_if_each_were_counted_on_its_own(query):
    populate(30)
    for n, member in enumerate(Member.objects.order_by("pk")):
        member.country, member.region = ("FI", None) if n % 4 == 0 else (member.country, member.region)
        member.member_type = Member.Type.RESEARCH if n % 3 == 0 else Member.Type.COMPANY
        member.incubator_status = ["", "resident", "alumnus"][n % 3]
        member.incubator = IncubatorFactory() if member.incubator_status else None
        member.save()
    region = Member.objects.exclude(region=None).first().region_id
    data = QueryDict(query.format(region=region))
    filterset, _members = directory_queryset(data, language="ru")
    counts = filterset.facets()
    assert {key: counts[key] for key in ("country", "type", "incubator", "region", "total")} == facets_one_query_each(
        filterset
    )
    if filterset.is_valid():
        assert counts["total"] == _members.count()


def test_pagination_links_the_ends_and_the_neighbours_only(client, monkeypatch):
    # However many pages the directory has, the page links a fixed number of them.
    monkeypatch.setattr(MemberListView, "paginate_by", 2)
    for _ in range(60):
        MemberFactory(region=None)
    page = client.get(URL, {"page": 15}).content.decode()
    linked = {int(number) for number in re.findall(r'href="\?page=(\d+)"', page)}
    assert linked == {1, 13, 14, 16, 17, 30}
    assert '<span aria-current="page">15</span>' in page
    assert page.count('<span class="gap" aria-hidden="true">…</span>') == 2
    assert "Страница 15 из 30" in page


def test_a_chosen_sector_with_a_nul_character_is_refused_not_a_server_error(client):
    MemberFactory()
    assert client.get(URL, {"sector": "a\x00b"}).status_code == 400  # the request guard refuses it before the facets
