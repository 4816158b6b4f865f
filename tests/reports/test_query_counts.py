"""Each report is a handful of grouped queries: the same count at 10 members and at 1,000."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import ExchangeRate, Member, MembershipPeriod, YearlyFigures
from projects.models import Award
from reports.public import yearly_aggregates
from tests.projects.factories import AwardFactory

pytestmark = pytest.mark.django_db

YEARS = (2014, 2015, 2016, 2017)
COUNTRIES = ("RU", "FI", "NO", "DK")
CURRENCIES = {"RU": "RUB", "FI": "EUR", "NO": "NOK", "DK": "DKK"}
# Each page: the session and the user (2), the report's own queries, the default year when none is asked (0 here).
PAGE_QUERIES = {"indicators": 2 + 7, "cdc": 2 + 4, "composition": 2 + 5}


def grow(total: int) -> None:
    """Add members up to `total`, in bulk, each with a period and figures for the four years."""
    rng = random.Random(total)
    start = Member.objects.count()
    members = Member.objects.bulk_create(
        Member(
            name_ru=f"Участник {n}",
            name_en=f"Member {n}",
            slug=f"member-{n}",
            country=COUNTRIES[n % 4],
            member_type=rng.choice(Member.Type.values),
            registration_number="",
        )
        for n in range(start, total)
    )
    MembershipPeriod.objects.bulk_create(
        MembershipPeriod(
            member=member,
            joined_on=datetime.date(rng.choice(YEARS), 3, 1),
            left_on=datetime.date(2017, 6, 1) if n % 7 == 0 else None,
        )
        for n, member in enumerate(members)
    )
    YearlyFigures.objects.bulk_create(
        YearlyFigures(
            member=member,
            year=year,
            currency=CURRENCIES[str(member.country)],
            employees=rng.randint(1, 500),
            revenue=rng.randint(1, 900_000),
            new_products=rng.randint(0, 5),
            size_category=rng.choice(["micro", "small", "medium", "large", "research", ""]),
        )
        for member in members
        for year in YEARS
    )


@pytest.fixture
def registry():
    for year in YEARS:
        ExchangeRate.objects.create(currency="EUR", year=year, rate="70")
    AwardFactory(year=2017)
    assert Award.objects.exists()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"year": 2017}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("slug", PAGE_QUERIES)
def test_a_report_costs_the_same_at_10_and_at_1000_members(staff_client, registry, slug, django_assert_max_num_queries):
    url = reverse(f"admin:reports-{slug}")
    grow(10)
    few = queries(staff_client, url)
    grow(1000)
    assert queries(staff_client, url) == few
    with django_assert_max_num_queries(PAGE_QUERIES[slug]):
        staff_client.get(url, {"year": 2017})
    with django_assert_max_num_queries(PAGE_QUERIES[slug]):
        staff_client.get(reverse(f"admin:reports-{slug}-xlsx"), {"year": 2017})


def test_the_public_aggregates_cost_three_queries_whatever_the_members(registry, django_assert_num_queries):
    grow(10)
    with django_assert_num_queries(3):
        few = yearly_aggregates(until_year=2025)
    grow(1000)
    with django_assert_num_queries(3):
        many = yearly_aggregates(until_year=2025)
    assert [row.year for row in few] == [row.year for row in many] == list(YEARS)
