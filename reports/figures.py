"""The cluster's yearly figures, summed from the members' yearly figures in a few grouped queries.

"Members at a year's end" are the members with a membership period covering 31 December of that year
(`MemberQuerySet.current(on=...)`); a figure of a year sums the yearly figures of exactly those members.
Whatever the number of members, the figures of any number of years cost two queries: one grouped
query over the yearly figures (by year, currency and size category: a few dozen rows) and one for the
exchange rates. Everything else is arithmetic over those rows, here.

Amounts (revenue, exports, R&D, investment) are in thousands of each member's currency; a sum over
members is in thousands of roubles, each currency's part converted with the year's `ExchangeRate`.
A part without a rate is not converted and not summed: the figure lists it (`Figure.unconverted`).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Max, Q, Sum

from members.currencies import BASE
from members.models import ExchangeRate, Member, YearlyFigures
from members.size import SME, size_of
from members.yearly import AMOUNT_FIGURES, FIGURES

ALL, SMES = "all", "sme"


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def members_at_year_end(year: int, members=None):
    """The members (of `members`, every member by default) with a membership period covering 31 December."""
    return (Member.objects.all() if members is None else members).current(on=year_end(year))


def figure_rows(years, members=None) -> list[dict]:
    """The yearly figures of the members at each year's end, by (year, currency, size category), in one query.

    Each row holds, for every figure, its sum (`sum_<figure>`), how many members reported it (`n_<figure>`)
    and the largest single value (`max_<figure>`), and the number of members with figures (`rows`).
    """
    years = sorted(set(years))
    if not years:
        return []
    at_year_end = Q()
    for year in years:
        at_year_end |= Q(year=year, member__in=members_at_year_end(year, members))
    aggregates = {"rows": Count("pk")}
    for name in FIGURES:
        aggregates |= {f"sum_{name}": Sum(name), f"n_{name}": Count(name), f"max_{name}": Max(name)}
    rows = YearlyFigures.objects.filter(at_year_end).order_by().values("year", "currency", "size_category")
    return list(rows.annotate(**aggregates))


def rates_for(years) -> dict[tuple[str, int], Decimal]:
    """{(currency, year): roubles per unit} for `years`, in one query."""
    return ExchangeRate.objects.as_dict(set(years))


@dataclass
class Part:
    """One currency's share of an amount, in thousands of the currency and (with a rate) of roubles."""

    currency: str
    amount: int
    members: int
    rate: Decimal | None
    roubles: Decimal | None


@dataclass
class Figure:
    """A figure of the cluster for a year: its value, and how many members reported it, of how many."""

    key: str
    value: int | Decimal | None  # None when no member reported it
    reported: int
    of: int
    largest: int | Decimal | None = None  # the largest single member's value (None if some part is unconverted)
    parts: list[Part] = field(default_factory=list)  # amounts only: each currency's part

    @property
    def unconverted(self) -> list[Part]:
        return [part for part in self.parts if part.roubles is None]

    @property
    def complete(self) -> bool:
        return not self.unconverted


def figure_key(name: str, scope: str) -> str:
    return name if scope == ALL else f"{name}_{scope}"


def is_sme(row: dict) -> bool:
    return row["size_category"] in SME


def year_figures(rows: list[dict], year: int, rates: dict, *, members: int | None = None) -> dict[str, Figure]:
    """Every figure of `year` from `figure_rows()`, for all members (`employees`) and SME members (`employees_sme`).

    `members` is the number of members at the year's end (the coverage's "of" for all members); by
    default, those with figures. The SME figures count of the SME members with figures.
    """
    rows = [row for row in rows if row["year"] == year]
    scopes = {ALL: rows, SMES: [row for row in rows if is_sme(row)]}
    of = {
        ALL: sum(row["rows"] for row in rows) if members is None else members,
        SMES: sum(r["rows"] for r in scopes[SMES]),
    }
    figures = {}
    for scope, scoped in scopes.items():
        for name in FIGURES:
            key = figure_key(name, scope)
            if name in AMOUNT_FIGURES:
                figures[key] = _amount(key, name, scoped, year, rates, of[scope])
            else:
                figures[key] = _count(key, name, scoped, of[scope])
    figures["members"] = Figure("members", of[ALL], of[ALL], of[ALL])
    figures["sme_members"] = Figure("sme_members", of[SMES], of[SMES], of[ALL])
    return figures


def _count(key: str, name: str, rows: list[dict], of: int) -> Figure:
    reported = sum(row[f"n_{name}"] for row in rows)
    value = sum(row[f"sum_{name}"] or 0 for row in rows) if reported else None
    largest = max((row[f"max_{name}"] for row in rows if row[f"max_{name}"] is not None), default=None)
    return Figure(key, value, reported, of, largest)


def rate_of(currency: str, year: int, rates: dict) -> Decimal | None:
    return Decimal(1) if currency == BASE else rates.get((currency, year))


def _amount(key: str, name: str, rows: list[dict], year: int, rates: dict, of: int) -> Figure:
    by_currency: dict[str, list[dict]] = {}
    for row in rows:
        if row[f"n_{name}"]:
            by_currency.setdefault(row["currency"], []).append(row)
    parts, largest = [], []
    for currency, group in sorted(by_currency.items()):
        rate = rate_of(currency, year, rates)
        amount = sum(row[f"sum_{name}"] for row in group)
        parts.append(
            Part(
                currency, amount, sum(row[f"n_{name}"] for row in group), rate, None if rate is None else amount * rate
            )
        )
        if rate is not None:
            largest += [row[f"max_{name}"] * rate for row in group]
    reported = sum(part.members for part in parts)
    converted = [part.roubles for part in parts if part.roubles is not None]
    value = sum(converted, Decimal(0)) if converted else None
    complete = all(part.roubles is not None for part in parts)
    return Figure(key, value, reported, of, max(largest) if largest and complete else None, parts)


def whole(value) -> int | None:
    """An amount to the nearest whole thousand (or a count as it is), for pages and charts."""
    return None if value is None else int(Decimal(value).to_integral_value())


def change_percent(current, previous) -> Decimal | None:
    """The change from `previous` to `current` in per cent, one decimal; None where it has no meaning."""
    if current is None or previous is None or not previous:
        return None
    return (Decimal(current - previous) * 100 / Decimal(previous)).quantize(Decimal("0.1"))


def composition_rows(year: int, members=None) -> list[dict]:
    """The members at the year's end by (type, role, country, size category of that year), in one query."""
    rows = members_at_year_end(year, members).annotate(
        of_year=FilteredRelation("yearly_figures", condition=Q(yearly_figures__year=year))
    )
    rows = rows.order_by().values("member_type", "cluster_role", "country", "of_year__size_category")
    return [{**row, "size": category_of(row, year)} for row in rows.annotate(members=Count("pk", distinct=True))]


def category_of(row: dict, year: int) -> str:
    """The year's stored size category; for a member without figures, what its type alone says ("" for a company)."""
    stored = row["of_year__size_category"]
    if stored:
        return stored
    return size_of(
        member_type=row["member_type"],
        cluster_role=row["cluster_role"],
        country=str(row["country"]),
        year=year,
        employees=None,
        revenue_thousands=None,
        currency=BASE,
        rates={},
    ).category
