"""The API over HTTP: conditional requests, CORS, the throttle, the figures, and constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle

from cluster_registry import glance
from members import as_of
from tests.governance.factories import AffiliationFactory, ChairTermFactory, DocumentFactory, month
from tests.members.factories import MemberFactory, SectorFactory
from tests.projects.factories import AwardFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/members/?page_size=100",
    "/api/v1/members/?page_size=100&country=RU&sector=energy&ordering=-headcount",
    "/api/v1/regions/?page_size=100",
    "/api/v1/sectors/?page_size=100",
    "/api/v1/incubators/?page_size=100",
    "/api/v1/chair-terms/?page_size=100",
    "/api/v1/affiliations/?page_size=100",
    "/api/v1/documents/?page_size=100",
    "/api/v1/projects/?page_size=100",
    "/api/v1/awards/?page_size=100",
    "/api/v1/awarding-bodies/?page_size=100",
    "/api/v1/figures/",
    "/api/v1/figures/?on=2016-06-01",
]
# The revision, the count, the page and its prefetched relations: the most any list takes, whatever its size.
MAX_QUERIES = 5


def grow(size: int, start: int = 0) -> None:
    """`size` members (of two countries, in sectors), each in a project with an award, and governance rows."""
    energy = SectorFactory(slug="energy")
    for index in range(start, start + size):
        member = MemberFactory(country="RU" if index % 2 else "FI", region=None, employees=index, incubator_status="")
        member.sectors.add(energy, SectorFactory())
        AwardFactory(project=ProjectFactory(lead=member, participants=[MemberFactory()]))
        ChairTermFactory(first_month=month(1900 + index, 1), last_month=month(1900 + index, 2), member=member)
        AffiliationFactory()
        DocumentFactory()
    # The queue these writes left for the as-of tallies, settled as the first reader would: its queries,
    # the same for one member as for sixty, are pinned in tests/members/test_as_of.py.
    as_of.settle()


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


def test_every_list_takes_the_same_few_queries_for_10_and_100_rows(client, db):
    grow(10)
    small = {url: queries(client, url) for url in LISTS}
    grow(90, start=10)
    large = {url: queries(client, url) for url in LISTS}
    assert client.get(LISTS[0]).json()["count"] >= 100
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large


@pytest.mark.parametrize("url", ["/api/v1/members/", "/api/v1/members/?country=RU", "/api/v1/schema/", "/api/v1/"])
def test_a_repeated_conditional_request_is_a_304_in_one_query(client, db, url):
    MemberFactory()
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(captured) == 1
    assert again["ETag"] == first["ETag"]


def test_a_write_changes_the_etag(client, db):
    member = MemberFactory()
    first = client.get("/api/v1/members/")
    member.city_ru = "Выборг"
    member.save()
    again = client.get("/api/v1/members/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again.json()["results"][0]["city_ru"] == "Выборг"


def test_the_etag_differs_between_queries(client, db):
    MemberFactory()
    assert client.get("/api/v1/members/")["ETag"] != client.get("/api/v1/members/?country=FI")["ETag"]


def test_the_etag_follows_the_language_the_request_asks_for(client, db):
    MemberFactory()
    russian = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="ru")
    english = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en")
    assert russian["ETag"] != english["ETag"]
    assert "Accept-Language" in russian["Vary"]
    assert (
        client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 304
    )


def test_errors_carry_no_validator(client, db):
    response = client.get("/api/v1/members/?country=XX")
    assert response.status_code == 400
    assert "ETag" not in response and "Last-Modified" not in response


def test_every_origin_may_read(client, db):
    response = client.get("/api/v1/regions/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options("/api/v1/regions/", HTTP_ORIGIN="https://example.org")
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/members/")


def test_the_api_is_read_only(client, db):
    assert client.post("/api/v1/members/", {}).status_code == 405
    member = MemberFactory()
    assert client.delete(f"/api/v1/members/{member.slug}/").status_code == 405


def test_past_the_throttle_the_api_answers_429_with_retry_after(client, db, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    statuses = [client.get("/api/v1/regions/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = client.get("/api/v1/regions/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another address has its own allowance.
    assert client.get("/api/v1/regions/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_figures_are_the_home_page_s(client, db):
    for index in range(5):
        MemberFactory(country="FI" if index % 2 else "RU", employees=10 * index)
    MemberFactory(is_published=False, employees=1000)
    today = client.get("/api/v1/figures/").json()
    home = glance.at_a_glance(timezone.localdate(), today=timezone.localdate())
    assert today["totals"] == home["totals"]
    assert [(row["country"]["code"], row["members"]) for row in today["by_country"]] == [
        (str(row["country"]), row["members"]) for row in home["by_country"]
    ]
    day = datetime.date(2014, 6, 1)  # before the factories' members joined
    past = client.get(f"/api/v1/figures/?on={day}").json()
    assert past["totals"] == glance.at_a_glance(day, today=timezone.localdate())["totals"]
    assert past["totals"]["members"] == 0 and past["as_of"] == "2014-06-01"


@pytest.mark.parametrize("query", ["on=2999-01-01", "on=yesterday", "on=2018-02-30", "colour=1"])
def test_a_bad_date_for_the_figures_is_a_400_naming_it(client, db, query):
    response = client.get(f"/api/v1/figures/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]
