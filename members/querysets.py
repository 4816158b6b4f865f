"""Read rules for members: who is current, who is public, and the cluster's figures.

The home page, the fact sheet, the exports, the benchmark and the tests all take their
figures from here, so a figure is computed in one place only.
"""

import datetime

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .revision import bump
from .text import fold


def _today() -> datetime.date:
    return timezone.localdate()


class MembershipPeriodQuerySet(models.QuerySet):
    def get_by_natural_key(self, member_slug: str, joined_on: str):
        return self.get(member__slug=member_slug, joined_on=joined_on)

    def covering(self, day: datetime.date) -> "MembershipPeriodQuerySet":
        """Periods during which the member belonged on `day` (the day of leaving is not counted)."""
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))

    def overlapping(self, start: datetime.date, end: datetime.date | None) -> "MembershipPeriodQuerySet":
        """Periods that share at least one day with [start, end); an open end runs for ever."""
        rows = self.filter(Q(left_on__isnull=True) | Q(left_on__gt=start))
        return rows if end is None else rows.filter(joined_on__lt=end)

    def of_published_members(self) -> "MembershipPeriodQuerySet":
        return self.filter(member__is_published=True)

    def joined_and_left_per_year(self, until: datetime.date | None = None) -> list[dict]:
        """[{year, joined, left}] for every year from the first joining to `until` (today), gaps as zeros.

        A member who leaves and rejoins counts once each time; dates after `until` are not yet history.
        """
        until = until or _today()
        joined = self._count_per_year("joined_on", until)
        left = self._count_per_year("left_on", until)
        if not joined and not left:
            return []
        years = range(min([*joined, *left]), max([*joined, *left]) + 1)
        return [{"year": year, "joined": joined.get(year, 0), "left": left.get(year, 0)} for year in years]

    def _count_per_year(self, field: str, until: datetime.date) -> dict[int, int]:
        rows = self.filter(**{f"{field}__lte": until}).order_by().annotate(year=ExtractYear(field))
        return {row["year"]: row["n"] for row in rows.values("year").annotate(n=Count("pk"))}


class HeadcountReportQuerySet(models.QuerySet):
    def get_by_natural_key(self, member_slug: str, reported_on: str):
        return self.get(member__slug=member_slug, reported_on=reported_on)

    def latest_first(self) -> "HeadcountReportQuerySet":
        return self.order_by("-reported_on", "-pk")


class MemberQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)

    def published(self) -> "MemberQuerySet":
        return self.filter(is_published=True)

    def current(self, on: datetime.date | None = None) -> "MemberQuerySet":
        """Members with a membership period covering `on` (today by default)."""
        periods = self.model.periods.rel.related_model.objects
        return self.filter(Exists(periods.filter(member=OuterRef("pk")).covering(on or _today())))

    def former(self) -> "MemberQuerySet":
        periods = self.model.periods.rel.related_model.objects
        return self.exclude(Exists(periods.filter(member=OuterRef("pk")).covering(_today())))

    def public(self) -> "MemberQuerySet":
        """What the public may see: published members who are current today."""
        return self.published().current()

    def search(self, query: str) -> "MemberQuerySet":
        """Every word of `query` must occur in either name, the short name or the city, in any case."""
        rows = self
        for word in fold(query).split():
            rows = rows.filter(search_text__contains=word)
        return rows

    def with_headcount_on(self, day: datetime.date) -> "MemberQuerySet":
        """Annotate `headcount_on`: the latest headcount reported on or before `day`."""
        reports = self.model.headcounts.rel.related_model.objects.filter(member=OuterRef("pk"), reported_on__lte=day)
        return self.annotate(headcount_on=Subquery(reports.order_by("-reported_on").values("employees")[:1]))

    def totals(self, on: datetime.date | None = None) -> dict:
        """The cluster's figures for these members, in one query.

        Without `on`, headcount is each member's latest report; with `on`, the latest reported by then,
        and incubator members are those in the incubator by that year.
        """
        rows, headcount, incubator = self, "headcount", ~Q(incubator_status="")
        if on is not None:
            rows, headcount = self.with_headcount_on(on), "headcount_on"
            incubator &= Q(incubator_from_year__isnull=True) | Q(incubator_from_year__lte=on.year)
        figures = rows.aggregate(
            members=Count("pk"),
            countries=Count("country", distinct=True),
            russian_regions=Count("region", distinct=True, filter=Q(country="RU")),
            headcount=Sum(headcount),
            incubator=Count("pk", filter=incubator),
        )
        figures["headcount"] = figures["headcount"] or 0
        return figures

    def by_country(self) -> list[dict]:
        """Members and headcount per country, largest first."""
        rows = self.order_by().values("country").annotate(members=Count("pk"), headcount=Sum("headcount"))
        return sorted(rows, key=lambda row: (-row["members"], row["country"]))

    def by_region(self) -> list[dict]:
        """Members per region, most first, with the region's names (`region__name_ru`, `region__name_en`)."""
        rows = self.filter(region__isnull=False).order_by()
        rows = rows.values("country", "region", "region__name_ru", "region__name_en")
        return list(rows.annotate(members=Count("pk")).order_by("-members", "region"))

    def by_incubator_status(self) -> dict[str, int]:
        """{"resident": n, "alumnus": n} for these members (statuses with no member are absent)."""
        rows = self.exclude(incubator_status="").order_by().values("incubator_status").annotate(n=Count("pk"))
        return {row["incubator_status"]: row["n"] for row in rows}

    def incubators(self) -> models.QuerySet:
        """The incubators these members are residents or alumni of."""
        incubator_model = self.model.incubator.field.related_model
        return incubator_model.objects.filter(pk__in=self.exclude(incubator__isnull=True).values("incubator"))

    def by_type(self) -> list[dict]:
        rows = self.order_by().values("member_type").annotate(members=Count("pk"))
        return sorted(rows, key=lambda row: (-row["members"], row["member_type"]))

    def sync_summaries(self) -> int:
        """Recompute `headcount` and `joined_on` of these members from their history, in one UPDATE.

        Also gives the registry a new revision: callers write without signals (bulk paths) or right
        before this, and the cached public pages must not outlive what they wrote.
        """
        reports = self.model.headcounts.rel.related_model.objects.filter(member=OuterRef("pk"))
        periods = self.model.periods.rel.related_model.objects.filter(member=OuterRef("pk"))
        updated = self.update(
            headcount=Subquery(reports.order_by("-reported_on", "-pk").values("employees")[:1]),
            joined_on=Subquery(periods.order_by("-joined_on").values("joined_on")[:1]),
        )
        bump(self.db)
        return updated
