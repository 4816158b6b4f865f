"""Read rules for members: who is current, who is public, and the cluster's figures.

The home page, the fact sheet, the exports, the benchmark and the tests all take their
figures from here, so a figure is computed in one place only.
"""

import datetime
import uuid

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from pagecache import bump

from .as_of import as_of_breakdown
from .tallies import public_breakdown, years_joined_and_left
from .text import fold

# The stored role values: `Member.Role` takes them from here, since models.py imports this module.
PARTICIPANT, SPECIALISED = "participant", "specialised"
# The few members who are not participants: the condition of their partial index `member_cluster_role`
# (`Member.Meta.indexes`), so changing it needs a migration; `members.page_cache` states it in SQL too.
NOT_A_PARTICIPANT = ~Q(cluster_role=PARTICIPANT)


def _today() -> datetime.date:
    return timezone.localdate()


# The day each database's maintained membership state was last brought to, in this process.
_state_day: dict[str, datetime.date] = {}


def bring_state_to_today(members: "MemberQuerySet", using: str = "default") -> None:
    """On the first call of a new day in this process, bring the `members`' membership state to the day.

    The write paths keep each member's state (`MemberQuerySet.sync_summaries()`); what changes with no
    write is the day, when a leaving or joining date arrives. `MembershipStateMiddleware` calls this on
    every request: a dictionary look-up, and once a day one UPDATE of the members whose state ran out
    (found by index; none once another process or the daily `refresh_membership` command has done it).
    A day going back (a clock set back, a test) is handled alike.
    """
    today = _today()
    if _state_day.get(using) != today:
        members.using(using).refresh_membership_state(today)
        _state_day[using] = today


def membership_state(periods, member_ref, day: datetime.date) -> dict:
    """The three state columns of a member for `day`, as SQL expressions over `periods` (its periods' manager).

    `current_since`: the start of the period covering `day` (None: not a member that day). `current_from`:
    the last day on or before `day` on which the member joined or left (None: never joined by then), so
    the state holds from it. `current_until`: the next such day after `day` (None: none is recorded), when
    the state must be looked at again. Periods never overlap, so the covering period's own dates are those
    bounds; without one, the last leaving and the next joining are.
    """
    own = periods.filter(member=member_ref)
    covering = own.covering(day)
    last_left = own.filter(left_on__lte=day).order_by().values("member").annotate(day=Max("left_on")).values("day")
    next_joined = own.filter(joined_on__gt=day).order_by().values("member").annotate(day=Min("joined_on")).values("day")
    return {
        "current_since": Subquery(covering.values("joined_on")[:1]),
        "current_from": Coalesce(Subquery(covering.values("joined_on")[:1]), Subquery(last_left)),
        "current_until": Case(
            When(Exists(covering), then=Subquery(covering.values("left_on")[:1])),
            default=Subquery(next_joined),
        ),
    }


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

    def first_joining(self, until: datetime.date | None = None) -> datetime.date | None:
        """The first day any of these periods began, by `until` (today); None before any did."""
        return self.filter(joined_on__lte=until or _today()).aggregate(first=Min("joined_on"))["first"]

    def joined_and_left_per_year(self, until: datetime.date | None = None) -> list[dict]:
        """[{year, joined, left}] for every year from the first joining to `until` (today), gaps as zeros.

        A member who leaves and rejoins counts once each time; dates after `until` are not yet history.
        """
        until = until or _today()
        return years_joined_and_left(self._count_per_year("joined_on", until), self._count_per_year("left_on", until))

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

    def keep_membership_state(self, day: datetime.date | None = None) -> int:
        """Write the membership state of these members for `day` (today), in one UPDATE, without a new
        revision (`sync_summaries()` writes it with the other summaries and bumps)."""
        periods = self.model.periods.rel.related_model.objects
        return self.update(**membership_state(periods, OuterRef("pk"), day or _today()))

    def refresh_membership_state(self, day: datetime.date | None = None) -> int:
        """Bring those of these members whose state does not hold on `day` (today) to that day, in one
        UPDATE of the rows found by index; the number changed. Running it again changes none."""
        day = day or _today()
        return self.filter(Q(current_until__lte=day) | Q(current_from__gt=day)).keep_membership_state(day)

    def current(self, on: datetime.date | None = None) -> "MemberQuerySet":
        """Members with a membership period covering `on` (today by default).

        Today is a column test on the maintained state (`Member.current_since`, brought to each new day
        by `bring_state_to_today()`); another day asks the periods.
        """
        if on is None or on == _today():
            return self.filter(current_since__isnull=False)
        periods = self.model.periods.rel.related_model.objects
        return self.filter(Exists(periods.filter(member=OuterRef("pk")).covering(on)))

    def former(self) -> "MemberQuerySet":
        """Members who joined and are not members today (never "former" before a first joining)."""
        return self.filter(current_from__isnull=False, current_since__isnull=True)

    def not_yet_joined(self) -> "MemberQuerySet":
        """Members without a membership period begun by today: none recorded yet, or one that starts later."""
        return self.filter(current_from__isnull=True)

    def was_member(self, on: datetime.date | None = None) -> "MemberQuerySet":
        """Members whose first membership began on or before `on` (today): current and former, not future."""
        if on is None or on == _today():
            return self.filter(current_from__isnull=False)
        periods = self.model.periods.rel.related_model.objects
        return self.filter(Exists(periods.filter(member=OuterRef("pk"), joined_on__lte=on)))

    def with_is_current(self) -> "MemberQuerySet":
        """Annotate `is_current`: whether a membership period covers today."""
        is_current = ExpressionWrapper(Q(current_since__isnull=False), output_field=BooleanField())
        return self.annotate(is_current=is_current)

    def formerly_public(self) -> "MemberQuerySet":
        """Published members who were members once and are not today: their page says so (410 Gone)."""
        return self.published().was_member().former()

    def public(self) -> "MemberQuerySet":
        """What the public may see: published members who are current today."""
        return self.published().current()

    def specialised(self) -> "MemberQuerySet":
        """The cluster's specialised organisations, whom every page's footer names.

        `NOT_A_PARTICIPANT` is the condition of their partial index (`member_cluster_role`), stated again:
        SQLite reads a partial index only for a query that states its condition, and does not infer it from
        the role's equality. Without it, SQLite scanned the members on each computed page and on each cached
        member page's key: 2.8 ms at 10,000 members with no specialised organisation among them.
        """
        return self.filter(NOT_A_PARTICIPANT, cluster_role=SPECIALISED)

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

    def breakdown(self, on: datetime.date | None = None) -> list[dict]:
        """Members and headcount per country, region, type, incubator status and incubator, in one query.

        A few hundred rows at most, whatever the number of members: every figure below is a sum over
        them, so `figures()` scans the members once rather than once per figure. `in_incubator` counts
        the incubator residents and alumni, `reported` the members with a headcount; with `on`, headcount
        is the latest reported by that day and the incubator counts only from its first year (as
        `totals(on=...)`). Few grouping columns, so that PostgreSQL's estimate of the groups stays small
        enough to group them in a hash.
        """
        rows, headcount, in_incubator = self, "headcount", ~Q(incubator_status="")
        if on is not None:
            rows, headcount = self.with_headcount_on(on), "headcount_on"
            in_incubator &= Q(incubator_from_year__isnull=True) | Q(incubator_from_year__lte=on.year)
        rows = rows.order_by().values("country", "region", "member_type", "incubator_status", "incubator")
        return list(
            rows.annotate(
                members=Count("pk"),
                reported=Count(headcount),  # before `headcount` below names the sum
                headcount=Sum(headcount),
                in_incubator=Count("pk", filter=in_incubator),
            )
        )

    def public_figures(self, on: datetime.date | None = None) -> dict:
        """The cluster's public figures, as the home page and the API give them: today's (public members),
        or as of a past day `on` (the published members current that day, headcounts as of then)."""
        if on is None or on >= _today():
            if self.query.has_filters():
                return self.public().figures()
            # All public members: their breakdown is what the tally holds (members.tallies).
            return self.figures(rows=public_breakdown())
        if not self.query.has_filters():
            rows = as_of_breakdown(on)  # None while too many members wait to be settled (members.as_of)
            if rows is not None:
                return self.figures(rows=rows)
        return self.published().current(on=on).figures(on=on)

    def figures(self, on: datetime.date | None = None, *, rows: list[dict] | None = None) -> dict:
        """`totals(on)`, `by_country()`, `by_region()`, `by_type()`, `by_incubator_status()` and the
        incubators these members are residents or alumni of, in three queries (with `on`, headcounts as
        of that day); from `rows` instead of `breakdown(on)` when given."""
        rows = self.breakdown(on) if rows is None else rows
        incubator_model = self.model.incubator.field.related_model
        ids = {row["incubator"] for row in rows if row["incubator"] is not None and row["in_incubator"]}
        return {
            "totals": _totals(rows),
            "by_country": _by_country(rows),
            "by_region": _by_region(rows, self._region_names(rows)),
            "by_type": _by_type(rows),
            "by_incubator_status": _by_incubator_status(rows),
            "incubators": list(incubator_model.objects.filter(pk__in=ids)),
        }

    def totals(self, on: datetime.date | None = None) -> dict:
        """The cluster's figures for these members, in one query.

        Without `on`, headcount is each member's latest report; with `on`, the latest reported by then,
        and incubator members are those in the incubator by that year.
        """
        return _totals(self.breakdown(on))

    def by_country(self) -> list[dict]:
        """Members, headcount and members who reported it per country, largest first (headcount None where
        no member reported)."""
        return _by_country(self.breakdown())

    def by_region(self) -> list[dict]:
        """Members per region, most first, with the region's names (`region__name_ru`, `region__name_en`) and
        ISO 3166-2 code (`region__code`, the key of the member map's shapes)."""
        rows = self.breakdown()
        return _by_region(rows, self._region_names(rows))

    def _region_names(self, rows: list[dict]) -> dict[int, tuple[str, str, str]]:
        ids = {row["region"] for row in rows if row["region"] is not None}
        regions = self.model.region.field.related_model.objects.filter(pk__in=ids)
        return {pk: tuple(names) for pk, *names in regions.values_list("pk", "name_ru", "name_en", "code")}

    def by_incubator_status(self) -> dict[str, int]:
        """{"resident": n, "alumnus": n} for these members (statuses with no member are absent; with `on`
        in `figures()`, members count from their first year in the incubator)."""
        return _by_incubator_status(self.breakdown())

    def by_type(self) -> list[dict]:
        """Members per type, most first."""
        return _by_type(self.breakdown())

    def sync_summaries(self) -> int:
        """Recompute `headcount`, `joined_on` and the membership state (for today) of these members from
        their history, in one UPDATE, with new page tokens (`members.page_cache`).

        Also gives the registry a new revision: callers write without signals (bulk paths) or right
        before this, and the cached public pages must not outlive what they wrote. The revision's shared
        token stays: these members' own pages are renewed by their tokens, and a bulk writer of anything
        else (the spreadsheet import) bumps the revision itself.
        """
        reports = self.model.headcounts.rel.related_model.objects.filter(member=OuterRef("pk"))
        periods = self.model.periods.rel.related_model.objects
        updated = self.update(
            headcount=Subquery(reports.order_by("-reported_on", "-pk").values("employees")[:1]),
            joined_on=Subquery(periods.filter(member=OuterRef("pk")).order_by("-joined_on").values("joined_on")[:1]),
            **membership_state(periods, OuterRef("pk"), _today()),
            page_token=uuid.uuid4().hex,  # a random one, as members.models.new_page_token()
        )
        bump(self.db, shared=False)
        return updated


# The figures as sums over `MemberQuerySet.breakdown()` rows: SQL's rules kept (a sum of no reported
# headcount is None, a region counts once however many rows name it).


def _sum(rows: list[dict], key: str):
    values = [row[key] for row in rows if row[key] is not None]
    return sum(values) if values else None


def _group(rows: list[dict], *keys: str) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(row[key] for key in keys), []).append(row)
    return groups


def _totals(rows: list[dict]) -> dict:
    return {
        "members": sum(row["members"] for row in rows),
        "countries": len({row["country"] for row in rows}),
        "russian_regions": len({row["region"] for row in rows if row["country"] == "RU" and row["region"] is not None}),
        "headcount": _sum(rows, "headcount") or 0,
        "reported": sum(row["reported"] for row in rows),
        "incubator": sum(row["in_incubator"] for row in rows),
    }


def _by_country(rows: list[dict]) -> list[dict]:
    countries = [
        {
            "country": country,
            "members": _sum(group, "members"),
            "headcount": _sum(group, "headcount"),
            "reported": _sum(group, "reported"),
        }
        for (country,), group in _group(rows, "country").items()
    ]
    return sorted(countries, key=lambda row: (-row["members"], row["country"]))


def _by_region(rows: list[dict], names: dict[int, tuple[str, str, str]]) -> list[dict]:
    regions = [
        {
            "country": country,
            "region": region,
            "region__name_ru": names[region][0],
            "region__name_en": names[region][1],
            "region__code": names[region][2],
            "members": _sum(group, "members"),
        }
        for (country, region), group in _group(
            [row for row in rows if row["region"] is not None], "country", "region"
        ).items()
    ]
    return sorted(regions, key=lambda row: (-row["members"], row["region"]))


def _by_type(rows: list[dict]) -> list[dict]:
    types = [
        {"member_type": kind, "members": _sum(group, "members")}
        for (kind,), group in _group(rows, "member_type").items()
    ]
    return sorted(types, key=lambda row: (-row["members"], row["member_type"]))


def _by_incubator_status(rows: list[dict]) -> dict[str, int]:
    statuses = _group(rows, "incubator_status").items()
    return {
        status: _sum(group, "in_incubator") for (status,), group in statuses if status and _sum(group, "in_incubator")
    }
