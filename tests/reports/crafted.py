"""Small registries written by hand for the reports' tests."""

import datetime

from members.models import ExchangeRate, Member, MembershipPeriod, YearlyFigures
from tests.members.factories import MemberFactory, RegionFactory


def member_with_figures(
    year=2017, *, country="RU", joined=datetime.date(2015, 1, 1), left=None, published=True, **figures
):
    """A member of `country` from `joined` (to `left`), with its figures for `year` in its country's currency."""
    member = MemberFactory(
        current=False,
        country=country,
        region=RegionFactory() if country == "RU" else None,
        registration_number="",
        is_published=published,
    )
    MembershipPeriod.objects.create(member=member, joined_on=joined, left_on=left)
    Member.objects.filter(pk=member.pk).sync_summaries()  # the stored membership state, as every write path keeps it
    currency = {"RU": "RUB", "FI": "EUR", "NO": "NOK", "DK": "DKK"}[country]
    figures.setdefault("size_category", "small")
    YearlyFigures.objects.create(member=member, year=year, currency=currency, **figures)
    return member


def rate(currency, year, value):
    return ExchangeRate.objects.create(currency=currency, year=year, rate=value)
