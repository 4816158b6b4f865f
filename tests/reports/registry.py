"""Random registries for the reports' tests, and the figures recomputed from their rows without the reports' code.

`random_registry()` writes members with random types, countries, membership periods (late joiners,
leavers, rejoiners) and yearly figures (each figure present or not, in each member's currency), and
exchange rates for some currencies and years only. It returns the plain rows it wrote, so that the
tests can sum them in Python (`expected_*`) and compare with what the reports compute in SQL.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from members.currencies import default_currency
from members.models import ExchangeRate, Member, MembershipPeriod, YearlyFigures
from members.size import SME, SizeCategory
from tests.members.factories import MemberFactory, RegionFactory

YEARS = (2015, 2016, 2017)
COUNTRIES = ("RU", "RU", "RU", "FI", "NO", "DK")
CATEGORIES = [value for value, _label in SizeCategory.choices] + [""]


@dataclass
class Row:
    member: Member
    periods: list[tuple[datetime.date, datetime.date | None]]
    figures: dict[int, dict] = field(default_factory=dict)  # year -> {field: value}

    def at_year_end(self, year: int) -> bool:
        day = datetime.date(year, 12, 31)
        return any(joined <= day and (left is None or left > day) for joined, left in self.periods)


@dataclass
class Registry:
    rows: list[Row]
    rates: dict[tuple[str, int], Decimal]


def _maybe(rng, value, chance=0.8):
    return value if rng.random() < chance else None


def _periods(rng) -> list[tuple[datetime.date, datetime.date | None]]:
    joined = datetime.date(rng.randint(2013, 2017), rng.randint(1, 12), rng.randint(1, 28))
    if rng.random() < 0.6:
        return [(joined, None)]
    left = joined + datetime.timedelta(days=rng.randint(1, 900))
    if rng.random() < 0.5:
        return [(joined, left)]
    return [(joined, left), (left + datetime.timedelta(days=rng.randint(0, 400)), None)]


def _figures(rng) -> dict:
    revenue = _maybe(rng, rng.randint(0, 5_000_000))
    new_products = _maybe(rng, rng.randint(0, 20))
    return {
        "employees": _maybe(rng, rng.randint(0, 3000)),
        "revenue": revenue,
        "exports": _maybe(rng, rng.randint(0, revenue)) if revenue is not None else None,
        "rnd": _maybe(rng, rng.randint(0, 200_000)),
        "investment": _maybe(rng, rng.randint(0, 900_000)),
        "new_products": new_products,
        "new_products_foreign": _maybe(rng, rng.randint(0, new_products)) if new_products is not None else None,
        "size_category": rng.choice(CATEGORIES),
    }


def random_registry(seed: int, members: int = 30, years=YEARS) -> Registry:
    rng = random.Random(seed)
    rates = {}
    for currency in ("EUR", "NOK", "DKK"):
        for year in years:
            if rng.random() < 0.7:
                rates[(currency, year)] = Decimal(rng.randint(5_000, 90_000)) / 1000
                ExchangeRate.objects.create(currency=currency, year=year, rate=rates[(currency, year)])
    rows = []
    for _n in range(members):
        country = rng.choice(COUNTRIES)
        member = MemberFactory(
            current=False,
            country=country,
            region=None if country != "RU" else RegionFactory(),
            registration_number="",
            member_type=rng.choice([value for value, _label in Member.Type.choices]),
            is_published=rng.random() < 0.9,
        )
        row = Row(member, _periods(rng))
        for joined, left in row.periods:
            MembershipPeriod.objects.create(member=member, joined_on=joined, left_on=left)
        for year in years:
            if rng.random() < 0.8:
                row.figures[year] = _figures(rng)
                YearlyFigures.objects.create(
                    member=member, year=year, currency=default_currency(country), **row.figures[year]
                )
        rows.append(row)
    return Registry(rows, rates)


# The figures as the reports should give them, from the rows alone.


def rate(registry: Registry, currency: str, year: int) -> Decimal | None:
    return Decimal(1) if currency == "RUB" else registry.rates.get((currency, year))


def members_at(registry: Registry, year: int, *, published_only: bool = False) -> list[Row]:
    return [row for row in registry.rows if row.at_year_end(year) and (row.member.is_published or not published_only)]


def expected(registry: Registry, year: int, name: str, *, sme: bool = False, published_only: bool = False) -> dict:
    """{value, reported, of, unconverted: {currency: (amount, members)}} of a figure for `year`."""
    at_end = members_at(registry, year, published_only=published_only)
    with_figures = [row for row in at_end if year in row.figures]
    if sme:
        with_figures = [row for row in with_figures if row.figures[year]["size_category"] in SME]
    values = [(row, row.figures[year][name]) for row in with_figures if row.figures[year][name] is not None]
    unconverted: dict[str, tuple[int, int]] = {}
    total = None
    for row, value in values:
        currency = default_currency(row.member.country)
        if name in ("revenue", "exports", "rnd", "investment"):
            factor = rate(registry, currency, year)
            if factor is None:
                amount, count = unconverted.get(currency, (0, 0))
                unconverted[currency] = (amount + value, count + 1)
                continue
            value = value * factor
        total = (total or 0) + value
    return {
        "value": total,
        "reported": len(values),
        "of": len(with_figures) if sme else len(at_end),
        "unconverted": unconverted,
    }
