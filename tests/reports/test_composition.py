"""Report 3, the composition: counts, shares, joining, leaving and stability, recomputed from the rows."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest

from members.size import SME
from reports.composition import composition

from .crafted import member_with_figures
from .registry import members_at, random_registry

pytestmark = pytest.mark.django_db

# What a member without figures counts as, by its type alone (the HSE map's way); a company is not known.
BY_TYPE = {"research": "research", "public_body": "public_body", "nonprofit": "nonprofit", "investor": "infrastructure"}


def category(row, year) -> str:
    if year in row.figures and row.figures[year]["size_category"]:
        return row.figures[year]["size_category"]
    return BY_TYPE.get(row.member.member_type, "")


def percent(part, whole):
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_the_composition_is_what_the_rows_say(seed):
    registry = random_registry(seed, members=40)
    year = 2017
    now, before = members_at(registry, year), members_at(registry, year - 1)
    report = composition(year)
    assert report["members"] == len(now) and report["previous_members"] == len(before)
    by_type = Counter(row.member.member_type for row in now)
    assert {row["value"]: row["members"] for row in report["by_type"] if row["members"]} == dict(by_type)
    by_country = Counter(str(row.member.country) for row in now)
    assert {row["value"]: row["members"] for row in report["by_country"] if row["members"]} == dict(by_country)
    by_size = Counter(category(row, year) for row in now)
    assert {row["value"]: row["members"] for row in report["by_size"] if row["members"]} == dict(by_size)
    smes = sum(1 for row in now if category(row, year) in SME)
    assert (report["smes"], report["sme_share"]) == (smes, percent(smes, len(now)))
    foreign = sum(1 for row in now if str(row.member.country) != "RU")
    assert report["foreign_share"] == percent(foreign, len(now))
    joined = {row.member.pk for row in registry.rows for start, _end in row.periods if start.year == year}
    left = {
        row.member.pk
        for row in registry.rows
        for _start, end in row.periods
        if end and end.year == year and not row.at_year_end(year)
    }
    stayed = {row.member.pk for row in before} & {row.member.pk for row in now}
    assert (report["joined"], report["left"], report["stayed"]) == (len(joined), len(left), len(stayed))
    assert report["stability"] == percent(len(stayed), len(before))


def test_a_member_leaving_on_31_december_is_not_a_member_at_the_years_end():
    member_with_figures(joined=datetime.date(2015, 1, 1), left=datetime.date(2017, 12, 31))
    member_with_figures(joined=datetime.date(2015, 1, 1), left=datetime.date(2018, 1, 1))
    report = composition(2017)
    assert (report["members"], report["left"], report["stayed"], report["stability"]) == (1, 1, 1, Decimal("50.0"))
