"""Read rules for governance: who chairs when, how often each country chaired, who is next.

Chairmanship terms are kept with month precision (both months stored as the first day of
the month), as the press release gives them. Terms hand over within a month: one term's last
month may be the next term's first month. In such a hand-over month the incoming term is the
chair, so every month has at most one chair.
"""

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_countries.fields import Country

from members.models import Member


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_from(first: datetime.date, last: datetime.date) -> int:
    """Whole months from `first`'s month to `last`'s month (0 for the same month)."""
    return (last.year - first.year) * 12 + last.month - first.month


def colliding(first: datetime.date, last: datetime.date) -> Q:
    """Terms that collide with a term from `first` to `last` (months).

    Two terms may share a month only when it is the one's last month and the other's first
    (a hand-over). So they collide when each begins before the other ends; and two one-month
    terms of the same month collide too, since neither can hand over to the other.
    The PostgreSQL exclusion constraint (governance/operations.py) states the same rule.
    """
    first, last = month_start(first), month_start(last)
    rule = Q(first_month__lt=last, last_month__gt=first)
    if first == last:
        rule |= Q(first_month=first, last_month=first)
    return rule


class ChairTermQuerySet(models.QuerySet):
    def get_by_natural_key(self, country: str, first_month: str):
        return self.get(country=country, first_month=first_month)

    def in_order(self) -> "ChairTermQuerySet":
        """The chairmanship's history, earliest first."""
        return self.order_by("first_month", "last_month", "pk")

    def colliding_with(self, term) -> "ChairTermQuerySet":
        """Other terms that overlap `term` beyond a hand-over month."""
        return self.filter(colliding(term.first_month, term.last_month)).exclude(pk=term.pk).in_order()

    def covering(self, day: datetime.date) -> "ChairTermQuerySet":
        """The term whose country chairs on `day`: none between terms, the incoming one on a hand-over month."""
        month = month_start(day)
        handed_over = Exists(self.model.objects.filter(first_month=month).exclude(pk=OuterRef("pk")))
        rows = self.filter(first_month__lte=month, last_month__gte=month)
        return rows.exclude(Q(last_month=month) & handed_over).in_order()

    def last_known(self, on: datetime.date | None = None):
        """The latest term begun by `on` (today by default): the current one, or the last that ended."""
        on = on or timezone.localdate()
        return self.filter(first_month__lte=month_start(on)).order_by("-first_month", "-last_month", "-pk").first()

    def with_months(self) -> "ChairTermQuerySet":
        """Annotate `handed_over`: whether another term begins in this term's last month."""
        successor = self.model.objects.filter(first_month=OuterRef("last_month")).exclude(pk=OuterRef("pk"))
        return self.annotate(handed_over=Exists(successor))

    def by_country(self) -> list[dict]:
        """Terms and months chaired per country, most months first, in one query.

        A month counts for the country that chairs in it by `covering()`: a term counts every month
        from its first to its last, except a last month in which it handed over to the next term
        (that month is the incoming term's). So no month counts twice, and the months of all
        countries add up to the months in which the cluster had a chair.
        """
        stats: dict[str, dict] = {}
        for term in self.with_months().in_order():
            row = stats.setdefault(str(term.country), {"country": term.country, "terms": 0, "months": 0})
            row["terms"] += 1
            row["months"] += term.months_chaired
            row["last_month"] = term.last_month
        return sorted(stats.values(), key=lambda row: (-row["months"], -row["terms"], str(row["country"])))

    def rotation(self, countries=None) -> list[dict]:
        """Member countries as the natural next in the rotation: never chaired first, then least recently.

        `countries` defaults to the countries of the public members. Each row gives the `country`
        and `last_month`, the last month it chaired (None if it never has).
        """
        if countries is None:
            countries = Member.objects.public().order_by().values_list("country", flat=True).distinct()
        latest = self.order_by().values("country").annotate(last=models.Max("last_month"))
        last = {row["country"]: row["last"] for row in latest}
        rows = [{"country": Country(code=str(code)), "last_month": last.get(str(code))} for code in set(countries)]
        return sorted(rows, key=_least_recent_first)


def _least_recent_first(row: dict) -> tuple:
    never = row["last_month"] is None
    return (not never, row["last_month"] or datetime.date.min, row["country"].code)


class BoardSeatQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "BoardSeatQuerySet":
        """Seats held on `on` (today by default); the day a seat ends is no longer counted."""
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def by_rank(self) -> "BoardSeatQuerySet":
        """The chair first, then vice-chairs, then directors; each by name."""
        rank = models.Case(
            *(models.When(role=role, then=position) for position, role in enumerate(self.model.Role.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(rank, "person", "pk")


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)
