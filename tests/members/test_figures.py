"""The cluster's figures as sums over one grouped query (`MemberQuerySet.breakdown()`/`figures()`).

Each figure is checked against the aggregate SQL would give for it directly, on registries drawn at
random (countries, regions or none, types, incubator statuses, headcount reported or not).
"""

import datetime
import random

import pytest
from django.db.models import Count, Q, Sum

from members.models import HeadcountReport, Member

from .factories import IncubatorFactory, MemberFactory, RegionFactory

pytestmark = pytest.mark.django_db


def random_registry(seed: int) -> None:
    chance = random.Random(seed)
    regions = [RegionFactory(country="RU", code="") for _ in range(3)] + [RegionFactory(country="FI", code="")]
    incubators = [IncubatorFactory(), IncubatorFactory(slug="other", name_en="Other", is_default=False)]
    for _ in range(chance.randint(0, 40)):
        country = chance.choice(["RU", "RU", "FI", "NO", "DK"])
        status = chance.choice(["", "", "resident", "alumnus"])
        MemberFactory(
            country=country,
            region=chance.choice([None, *[r for r in regions if r.country == country]]),
            member_type=chance.choice(Member.Type.values),
            incubator_status=status,
            incubator=chance.choice(incubators) if status else None,
            employees=chance.choice([None, 0, chance.randint(1, 5000)]),
            current=chance.random() < 0.8,
            is_published=chance.random() < 0.9,
            incubator_from_year=chance.choice([None, 2012, 2016, 2020]) if status else None,
        )
    for member in Member.objects.all():  # earlier reports, some before and some after the as-of days
        for year in chance.sample(range(2010, 2024), chance.randint(0, 3)):
            employees = chance.randint(0, 900)
            HeadcountReport.objects.create(member=member, employees=employees, reported_on=datetime.date(year, 6, 1))


def direct_totals(members, on=None) -> dict:
    """The totals as one aggregate query; with `on`, headcount as of then and incubators by that year."""
    headcount, incubator = "headcount", ~Q(incubator_status="")
    if on is not None:
        members, headcount = members.with_headcount_on(on), "headcount_on"
        incubator &= Q(incubator_from_year__isnull=True) | Q(incubator_from_year__lte=on.year)
    totals = members.order_by().aggregate(
        members=Count("pk"),
        countries=Count("country", distinct=True),
        russian_regions=Count("region", distinct=True, filter=Q(country="RU")),
        reported=Count(headcount),
        headcount=Sum(headcount),
        incubator=Count("pk", filter=incubator),
    )
    totals["headcount"] = totals["headcount"] or 0
    return totals


def direct(members) -> dict:
    """Each figure as its own aggregate query: what `figures()` must agree with."""
    members = members.order_by()
    totals = direct_totals(members)
    by_country = members.values("country").annotate(
        members=Count("pk"), reported=Count("headcount"), headcount=Sum("headcount")
    )
    by_region = members.filter(region__isnull=False).values(
        "country", "region", "region__name_ru", "region__name_en", "region__code"
    )
    statuses = members.exclude(incubator_status="").values("incubator_status").annotate(n=Count("pk"))
    by_type = members.values("member_type").annotate(members=Count("pk"))
    incubators = members.exclude(incubator__isnull=True).values("incubator")
    return {
        "totals": totals,
        "by_country": sorted(by_country, key=lambda row: (-row["members"], row["country"])),
        "by_region": list(by_region.annotate(members=Count("pk")).order_by("-members", "region")),
        "by_type": sorted(by_type, key=lambda row: (-row["members"], row["member_type"])),
        "by_incubator_status": {row["incubator_status"]: row["n"] for row in statuses},
        "incubators": list(members.model.incubator.field.related_model.objects.filter(pk__in=incubators)),
    }


@pytest.mark.parametrize("seed", range(8))
def test_figures_agree_with_an_aggregate_per_figure(seed, django_assert_max_num_queries):
    random_registry(seed)
    for members in (Member.objects.public(), Member.objects.all(), Member.objects.filter(country="RU")):
        expected = direct(members)
        with django_assert_max_num_queries(3):  # the grouped rows, then names of the regions and incubators in them
            figures = members.figures()
        assert figures == expected
        assert members.totals() == expected["totals"]
        assert members.by_country() == expected["by_country"]
        assert members.by_region() == expected["by_region"]
        assert members.by_type() == expected["by_type"]
        assert members.by_incubator_status() == expected["by_incubator_status"]


@pytest.mark.parametrize("seed", range(4))
def test_figures_as_of_a_day_agree_with_one_aggregate(seed):
    random_registry(seed)
    for day in (datetime.date(2011, 1, 1), datetime.date(2016, 6, 1), datetime.date(2019, 12, 31)):
        members = Member.objects.published().current(on=day)
        figures = members.figures(on=day)
        assert figures["totals"] == members.totals(on=day) == direct_totals(members, on=day)
        # The parts add up to the totals as of the day, not to today's figures.
        assert sum(figures["by_incubator_status"].values()) == figures["totals"]["incubator"]
        assert sum(row["reported"] for row in figures["by_country"]) == figures["totals"]["reported"]
        in_incubator = members.exclude(incubator_status="").exclude(incubator_from_year__gt=day.year)
        assert {i.pk for i in figures["incubators"]} == set(in_incubator.values_list("incubator", flat=True))


def test_no_members_give_zeros_and_empty_lists():
    figures = Member.objects.filter(pk=-1).figures()
    totals = {"members": 0, "countries": 0, "russian_regions": 0, "headcount": 0, "reported": 0, "incubator": 0}
    assert figures["totals"] == totals
    assert figures["by_country"] == figures["by_region"] == figures["by_type"] == figures["incubators"] == []
