"""The API's members: the directory's members, filters, order and messages; the public fields only."""

from urllib.parse import quote

import pytest

from members.api import MEMBER_COLUMNS, MemberSerializer
from members.spreadsheets.public_export import PUBLIC_FIELDS
from tests.members.factories import MemberFactory

from .conftest import SENTINELS, crawl

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "country=FI",
    "country=ru&type=company",
    "country=FI&country=NO",
    "q=организация 1",
    "q=Organisation",
    "sector=water",
    "sector=water&sector=energy&ordering=-headcount",
    "headcount_min=50&headcount_max=150&ordering=joined",
    "incubator=resident",
    "type=research&ordering=-name",
    "joined_from=2015&joined_to=2016&ordering=headcount",
    "country=RU&sector=energy&headcount_min=10",
]


def directory_slugs(client, query: str) -> list[str]:
    """Every page of the Russian directory for `query`, in order."""
    query = quote(query, safe="=&")
    slugs, page = [], 1
    while True:
        response = client.get(f"/members/?{query}&page={page}")
        slugs += [member.slug for member in response.context["member_list"]]
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


def api_slugs(client, query: str, page_size: int = 7) -> tuple[int, list[str]]:
    url = f"/api/v1/members/?{quote(query, safe='=&')}&page_size={page_size}"
    slugs, count = [], None
    while url:
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, response.content
        count = response.json()["count"] if count is None else count
        slugs += [member["slug"] for member in response.json()["results"]]
        url = response.json()["next"]
    return count, slugs


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_lists_the_directory_s_members_in_its_order(client, registry, query):
    expected = directory_slugs(client, query)
    count, slugs = api_slugs(client, query)
    assert slugs == expected
    assert count == len(expected)
    assert "former" not in slugs and "unpublished" not in slugs
    if not query:
        assert count == 32


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("country=XX", "country"),
        ("region=abc", "region"),
        ("region=99999999999999999999999999", "region"),
        ("sector=no-such-sector", "sector"),
        ("headcount_min=-1", "headcount_min"),
        ("headcount_max=1e999", "headcount_max"),
        ("joined_from=10000", "joined_from"),
        ("ordering=shoe-size", "ordering"),
        ("q=" + "x" * 201, "q"),
        ("colour=green", "colour"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=-5", "page_size"),
    ],
)
def test_a_nonsense_parameter_is_a_400_naming_it(client, registry, query, parameter):
    response = client.get(f"/api/v1/members/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [parameter]


def test_the_messages_are_the_directory_s(client, registry):
    page = client.get("/members/?country=XX").context["filterset"].errors["country"]
    assert client.get("/api/v1/members/?country=XX").json()["country"] == list(page)


def test_a_page_past_the_end_is_a_404(client, registry):
    assert client.get("/api/v1/members/?page=99").status_code == 404


def test_former_and_unpublished_members_have_no_record(client, registry):
    assert client.get("/api/v1/members/former/").status_code == 404
    assert client.get("/api/v1/members/unpublished/").status_code == 404
    assert client.get(f"/api/v1/members/{registry[0].slug}/").status_code == 200


def test_a_record_has_both_names_its_country_s_code_and_names_and_its_links(client, registry):
    member = registry[1]
    record = client.get(f"/api/v1/members/{member.slug}/").json()
    assert (record["name_ru"], record["name_en"]) == (member.name_ru, member.name_en)
    assert record["country"] == {"code": "RU", "name_ru": "Россия", "name_en": "Russia"}
    assert record["url"] == f"http://testserver/api/v1/members/{member.slug}/"
    assert record["pages"]["en"] == f"http://testserver/en/members/{member.slug}/"
    region = client.get(record["region"]["url"]).json()
    assert region["name_en"] == member.region.name_en
    assert {sector["slug"] for sector in record["sectors"]} == {s.slug for s in member.sectors.all()}
    assert record["registration"] == {
        "scheme": "RU-INN",
        "number": member.registration_number,
        "org_id": f"RU-INN-{member.registration_number}",
    }


@pytest.mark.parametrize(
    ("country", "number", "scheme"),
    [
        ("RU", "1027739552642", "RU-OGRN"),
        ("FI", "6851263-5", "FI-PRO"),
        ("NO", "", None),
    ],
)
def test_registration_numbers_carry_their_scheme(client, db, country, number, scheme):
    member = MemberFactory(country=country, region=None, registration_number=number)
    record = client.get(f"/api/v1/members/{member.slug}/").json()
    assert (record["registration"] or {}).get("scheme") == scheme


def test_a_record_reads_only_the_public_export_s_allow_list():
    # The serializer's own fields are the allow-list's columns, and links and names of its relations.
    own = set(MemberSerializer().fields) - {"url", "pages", "region", "sectors", "incubator", "registration"}
    assert own == set(MEMBER_COLUMNS) - {"registration_number"}
    assert "contact_email" not in PUBLIC_FIELDS


def test_no_private_value_appears_in_any_response(client, registry):
    responses = crawl(client)
    assert len(responses) > 40  # every list, and every object's own record
    assert any(path.startswith("/api/v1/members/organisation") for path in responses)
    for path, body in responses.items():
        for sentinel in SENTINELS:
            assert sentinel.encode() not in body, path
        assert b"former" not in body and b"unpublished" not in body, path
    schema = client.get("/api/v1/schema/").content
    assert not any(sentinel.encode() in schema for sentinel in SENTINELS)
    assert b"contact_" not in schema
