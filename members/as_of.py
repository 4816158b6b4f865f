"""The registry's figures as of a past day, from tallies, so that the page computed after a change reads a
few hundred rows instead of every member with its periods and headcount reports.

What `Member.objects.published().current(on=day).breakdown(on=day)` computes (members, members who had
reported a headcount, that headcount, incubator residents and alumni, per country, region, type,
incubator status and incubator) is, for each member, a step function of the day: it changes only on the
days the member joins or leaves, reports a headcount, or begins its first incubator year. So:

- `AsOfEvent`: each published member's steps, one row per day on which its figures change, by how much,
  in its group (`AsOfGroup`: the breakdown's dimensions, as the member has them today);
- `AsOfDayTally`: the steps of every member summed per group and day;
- `AsOfCheckpoint`: per group, the sum of every step before the first day of a month (kept for the
  months that follow a month with a step);
- the figures on a day: per group, the latest checkpoint up to the day's month plus the day tallies from
  the month's first day to the day. No month between that checkpoint and the day's month has a step (it
  would have a checkpoint of its own after it), so this is the sum of every step up to the day: a few
  hundred checkpoints and at most a month of day tallies, whatever the number of members.

Database triggers (migration `members.0014_as_of_tallies`) queue every member whose figures may have
changed (`AsOfStale`): a write to its row's dimensions, publishing or incubator year, or to its periods
or headcount reports, by any way in (the ORM, `QuerySet.update()`, bulk writes, the import, raw SQL).
`settle()` brings the queued members' steps up to date, under the registry revision's lock, so it never
races a writer whose transaction is still open: the figures' reader settles before reading
(`as_of_breakdown()`), the daily `refresh_membership` command settles whatever is queued, and
`rebuild()` starts again from the members. More members queued than a page should settle (a fresh
import, a migration) and the reader computes the figures over the members, as before these tallies.
Tested against that computation on random registries after random writes
(`tests/members/test_as_of.py`).
"""

# ruff: noqa: S608 -- the statements are built from this module's own table and column names

import datetime
import math
import time
from collections import defaultdict
from functools import reduce
from itertools import islice
from operator import or_

from django.apps import apps
from django.db import connections, models, transaction
from django.db.models import Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from pagecache.models import RegistryRevision
from pagecache.revision import ROW

from .tallies import NONE

FIGURES = ("members", "reported", "headcount", "in_incubator")
# Members a page settles before it reads; more are settled by the daily pass, and the page meanwhile
# computes its figures over the members (correct, only slower).
SETTLE_LIMIT = 2000
_CHUNK = 500  # members per round of a settle: its look-ups by id stay well inside SQLite's parameter limit
_GROUPS_CHUNK = 100  # groups per round of the checkpoints: SQLite parses each OR'ed condition one level deeper


class Derived:
    """A table of this module's own upkeep: its writes follow writes that renewed the cached pages already
    (`pagecache.revision.watch()` passes it by)."""

    derived_data = True


class AsOfFigures(Derived, models.Model):
    members = models.IntegerField(_("members"), default=0)
    reported = models.IntegerField(_("members who reported their headcount"), default=0)
    headcount = models.BigIntegerField(_("headcount"), default=0)
    in_incubator = models.IntegerField(_("incubator residents and alumni"), default=0)

    class Meta:
        abstract = True


class AsOfGroup(Derived, models.Model):
    """The dimensions of `MemberQuerySet.breakdown()` (a missing region or incubator is `NONE`)."""

    country = models.CharField(_("country"), max_length=2)
    region = models.PositiveIntegerField(_("region"))
    member_type = models.CharField(_("member type"), max_length=20)
    incubator_status = models.CharField(_("incubator status"), max_length=10)
    incubator = models.PositiveIntegerField(_("incubator"))

    class Meta:
        verbose_name = _("group of the figures as of a day")
        verbose_name_plural = _("groups of the figures as of a day")
        constraints = [
            models.UniqueConstraint(
                fields=("country", "region", "member_type", "incubator_status", "incubator"), name="as_of_group_key"
            )
        ]

    def __str__(self):
        return f"{self.country}/{self.region}/{self.member_type}/{self.incubator_status}/{self.incubator}"


class AsOfEvent(AsOfFigures):
    """A day on which a published member's figures change, and by how much (members: +1 joining, -1 leaving)."""

    member_id = models.PositiveBigIntegerField(
        _("member"), db_index=True
    )  # no key: a deleted member's rows go by the queue
    group = models.ForeignKey(AsOfGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("change of a member's figures")
        verbose_name_plural = _("changes of members' figures")
        indexes = [models.Index(fields=["group", "day"], name="as_of_event_group_day")]  # the day tallies' sums

    def __str__(self):
        return f"{self.member_id} {self.day.isoformat()}"


class AsOfDayTally(AsOfFigures):
    group = models.ForeignKey(AsOfGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("change of the figures on a day")
        verbose_name_plural = _("changes of the figures per day")
        constraints = [models.UniqueConstraint(fields=("group", "day"), name="as_of_day_key")]
        indexes = [models.Index(fields=["day"], name="as_of_day_day")]

    def __str__(self):
        return f"{self.group_id} {self.day.isoformat()}"


class AsOfCheckpoint(AsOfFigures):
    """A group's figures before the first day of `month`: the sum of its steps before it."""

    group = models.ForeignKey(AsOfGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("first day of the month"))

    class Meta:
        verbose_name = _("figures at the start of a month")
        verbose_name_plural = _("figures at the start of each month")
        constraints = [models.UniqueConstraint(fields=("group", "month"), name="as_of_checkpoint_key")]

    def __str__(self):
        return f"{self.group_id} {self.month.isoformat()}"


class AsOfStale(Derived, models.Model):
    """A member whose steps may be out of date: queued by the triggers, taken off by `settle()`."""

    member_id = models.PositiveBigIntegerField(_("member"), primary_key=True)

    class Meta:
        verbose_name = _("member whose figures are to be brought up to date")
        verbose_name_plural = _("members whose figures are to be brought up to date")

    def __str__(self):
        return str(self.member_id)


# The figures of one member on one day, and its steps


def _figures_on(day: datetime.date, member: dict, periods: list, reports: list) -> tuple[int, int, int, int]:
    """(members, reported, headcount, in_incubator) of one published member on `day`, as `breakdown(on=day)`."""
    if not any(joined <= day and (left is None or left > day) for joined, left in periods):
        return (0, 0, 0, 0)
    employees = None
    for reported_on, count in reports:  # by date: the latest on or before the day
        if reported_on > day:
            break
        employees = count
    status, first_year = member["incubator_status"], member["incubator_from_year"]
    in_incubator = int(bool(status) and (first_year is None or first_year <= day.year))
    return (1, int(employees is not None), employees or 0, in_incubator)


def member_steps(member: dict, periods: list, reports: list) -> list[tuple]:
    """[(day, members, reported, headcount, in_incubator)]: the days a member's figures change, and by how much.

    `periods`: (joined_on, left_on), `reports`: (reported_on, employees) sorted by date. An unpublished
    member has none: the figures count published members only.
    """
    if not member["is_published"] or not periods:
        return []
    days = {joined for joined, _left in periods} | {left for _joined, left in periods if left is not None}
    days |= {reported_on for reported_on, _count in reports}
    if member["incubator_status"] and member["incubator_from_year"]:
        days.add(datetime.date(member["incubator_from_year"], 1, 1))
    steps, before = [], (0, 0, 0, 0)
    for day in sorted(days):
        after = _figures_on(day, member, periods, reports)
        change = tuple(a - b for a, b in zip(after, before, strict=True))
        if any(change):
            steps.append((day, *change))
        before = after
    return steps


# Settling the queue

MEMBER_COLUMNS = ("id", "is_published", "country", "region_id", "member_type", "incubator_status", "incubator_id")


def _group_key(member: dict) -> tuple:
    return (
        member["country"],
        member["region_id"] or NONE,
        member["member_type"],
        member["incubator_status"],
        member["incubator_id"] or NONE,
    )


class _Groups:
    """The groups' ids by their key, created as members in new groups come."""

    def __init__(self, using: str):
        self.using = using
        self.ids = {self._key(group): group.pk for group in AsOfGroup.objects.using(using)}

    @staticmethod
    def _key(group: AsOfGroup) -> tuple:
        return (group.country, group.region, group.member_type, group.incubator_status, group.incubator)

    def ensure(self, keys) -> None:
        missing = set(keys) - self.ids.keys()
        if not missing:
            return
        fields = ("country", "region", "member_type", "incubator_status", "incubator")
        groups = [AsOfGroup(**dict(zip(fields, key, strict=True))) for key in missing]
        AsOfGroup.objects.using(self.using).bulk_create(groups, ignore_conflicts=True)
        self.ids = {self._key(group): group.pk for group in AsOfGroup.objects.using(self.using)}


def _model(name: str):
    # By name, not imported: members.models imports this module (through its querysets) for its models.
    return apps.get_model("members", name)


def _steps_of(ids: list[int], groups: _Groups, using: str) -> list[AsOfEvent]:
    Member, MembershipPeriod, HeadcountReport = map(_model, ("Member", "MembershipPeriod", "HeadcountReport"))  # noqa: N806

    members = list(
        Member.objects.using(using).filter(pk__in=ids).values(*MEMBER_COLUMNS, "incubator_from_year").order_by()
    )
    periods, reports = defaultdict(list), defaultdict(list)
    for member_id, *period in (
        MembershipPeriod.objects.using(using)
        .filter(member_id__in=ids)
        .order_by("joined_on")
        .values_list("member_id", "joined_on", "left_on")
    ):
        periods[member_id].append(tuple(period))
    for member_id, *report in (
        HeadcountReport.objects.using(using)
        .filter(member_id__in=ids)
        .order_by("reported_on", "pk")
        .values_list("member_id", "reported_on", "employees")
    ):
        reports[member_id].append(tuple(report))
    groups.ensure(_group_key(member) for member in members if member["is_published"])
    events = []
    for member in members:
        group = groups.ids.get(_group_key(member))
        for day, *change in member_steps(member, periods[member["id"]], reports[member["id"]]):
            events.append(
                AsOfEvent(member_id=member["id"], group_id=group, day=day, **dict(zip(FIGURES, change, strict=True)))
            )
    return events


def _settle_round(ids: list[int], groups: _Groups, using: str, earliest: dict[int, datetime.date]) -> None:
    """Replace the steps of the members `ids` and the day tallies they touch; note each group's earliest day."""
    events = AsOfEvent.objects.using(using)
    touched = set(events.filter(member_id__in=ids).values_list("group_id", "day").distinct())
    new = _steps_of(ids, groups, using)
    touched |= {(event.group_id, event.day) for event in new}
    events.filter(member_id__in=ids).delete()
    events.bulk_create(new, batch_size=_CHUNK)
    if not touched:
        return
    for group, day in touched:
        earliest[group] = min(day, earliest.get(group, day))
    # The day tallies of the touched groups and days, summed again from the steps (a superset of the pairs
    # touched: the same rows are deleted and summed, so the tallies stay the sums of the steps).
    group_ids, days = {group for group, _day in touched}, {day for _group, day in touched}
    day_tallies = AsOfDayTally.objects.using(using)
    for chunk in _chunks(sorted(days), _CHUNK):
        day_tallies.filter(group_id__in=group_ids, day__in=chunk).delete()
        sums = (
            events.filter(group_id__in=group_ids, day__in=chunk)
            .order_by()
            .values("group_id", "day")
            .annotate(**{figure: Sum(figure) for figure in FIGURES})
        )
        day_tallies.bulk_create([AsOfDayTally(**row) for row in sums], batch_size=_CHUNK)


def _next_month(month: datetime.date) -> datetime.date:
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _checkpoints_after(earliest: dict[int, datetime.date], using: str) -> None:
    """Recompute each group's checkpoints after the earliest day whose tally changed in it.

    A group's latest checkpoint up to that day stays (no step before the day changed) and is the base of
    the months that follow. Five queries per hundred groups, so that a page which settles a queue makes as
    many queries whether the queue touched one group or every one.
    """
    checkpoints, tallies = AsOfCheckpoint.objects.using(using), AsOfDayTally.objects.using(using)
    for chunk in _chunks(sorted(earliest.items()), _GROUPS_CHUNK):
        up_to = reduce(or_, (Q(group_id=group, month__lte=day) for group, day in chunk))
        bases = dict(
            checkpoints.filter(up_to)
            .order_by()
            .values("group_id")
            .annotate(base=Max("month"))
            .values_list("group_id", "base")
        )
        running = {group: [0] * len(FIGURES) for group, _day in chunk}
        if bases:
            kept = reduce(or_, (Q(group_id=group, month=month) for group, month in bases.items()))
            for group, *figures in checkpoints.filter(kept).values_list("group_id", *FIGURES):
                running[group] = figures
        since = reduce(
            or_,
            (Q(group_id=group, day__gte=bases[group]) if group in bases else Q(group_id=group) for group, _ in chunk),
        )
        months = (
            tallies.filter(since)
            .annotate(month=TruncMonth("day"))
            .order_by("group_id", "month")
            .values("group_id", "month")
            .annotate(**{figure: Sum(figure) for figure in FIGURES})
            .values_list("group_id", "month", *FIGURES)
        )
        rows = []
        for group, month, *sums in months:
            running[group] = [total + change for total, change in zip(running[group], sums, strict=True)]
            rows.append(
                AsOfCheckpoint(
                    group_id=group, month=_next_month(month), **dict(zip(FIGURES, running[group], strict=True))
                )
            )
        after = reduce(
            or_,
            (Q(group_id=group, month__gt=bases[group]) if group in bases else Q(group_id=group) for group, _ in chunk),
        )
        checkpoints.filter(after).delete()
        checkpoints.bulk_create(rows, batch_size=_CHUNK)


def _lock(using: str) -> None:
    """The registry revision's row, which every writer of members takes first (the tallies' triggers)."""
    list(RegistryRevision.objects.using(using).select_for_update().filter(pk=ROW).values_list("pk"))


def _chunks(items: list, size: int):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def settle(using: str = "default", limit: int | None = None) -> int | None:
    """Bring the steps of every queued member up to date: how many there were; None, having done nothing,
    if more than `limit` wait.

    One query when nothing is queued. Under the revision's lock (see the module's docstring), in one
    transaction with the queue's rows it took off.
    """
    queue = AsOfStale.objects.using(using)
    if not queue.exists():
        return 0
    with transaction.atomic(using=using):
        _lock(using)
        ids = queue.values_list("member_id", flat=True)
        ids = list(ids[: limit + 1] if limit is not None else ids)
        if limit is not None and len(ids) > limit:
            return None
        groups, earliest = _Groups(using), {}
        for chunk in _chunks(ids, _CHUNK):
            _settle_round(chunk, groups, using, earliest)
            queue.filter(member_id__in=chunk).delete()
        _checkpoints_after(earliest, using)
    return len(ids)


@task()
def settle_queue() -> int:
    """The background task a page sets off when it finds more members queued than it should settle."""
    return settle()


_asked: dict[str, float] = {}  # when this process last set the task off, per database


def _ask_for_settle(using: str) -> None:
    # Once a minute at most per process: every page computed meanwhile finds the same long queue.
    now = time.monotonic()
    if now - _asked.get(using, -math.inf) >= 60:
        _asked[using] = now
        transaction.on_commit(settle_queue.enqueue, using=using)


def rebuild(using: str = "default") -> None:
    """Start again from the members: every step, tally and checkpoint recomputed."""
    with transaction.atomic(using=using):
        for model in (AsOfEvent, AsOfDayTally, AsOfCheckpoint, AsOfStale):
            model.objects.using(using).all().delete()
        ids = _model("Member").objects.using(using).values_list("pk", flat=True)
        AsOfStale.objects.using(using).bulk_create([AsOfStale(member_id=pk) for pk in ids], batch_size=_CHUNK)
        settle(using)


# Reading


def _latest(figure: str) -> str:
    return (
        f"(SELECT c.{figure} FROM members_asofcheckpoint c WHERE c.group_id = g.id AND c.month <= %s "
        "ORDER BY c.month DESC LIMIT 1)"
    )


# Per group, its latest checkpoint up to the month (one look-up by index each), and the day tallies since.
# PostgreSQL looks each group's up once (LATERAL, a third of the time of a look-up per figure); SQLite,
# which has no LATERAL, once per figure.
_CHECKPOINTS_POSTGRESQL = (
    "SELECT g.id, g.country, g.region, g.member_type, g.incubator_status, g.incubator, "
    f"{', '.join(f'c.{figure}' for figure in FIGURES)} FROM members_asofgroup g LEFT JOIN LATERAL ("
    "SELECT * FROM members_asofcheckpoint l WHERE l.group_id = g.id AND l.month <= %s ORDER BY l.month DESC LIMIT 1"
    ") c ON true"
)
_CHECKPOINTS = (
    "SELECT g.id, g.country, g.region, g.member_type, g.incubator_status, g.incubator, "
    f"{', '.join(_latest(figure) for figure in FIGURES)} FROM members_asofgroup g"
)
_SINCE = (
    "SELECT d.group_id, SUM(d.members), SUM(d.reported), SUM(d.headcount), SUM(d.in_incubator) "
    "FROM members_asofdaytally d WHERE d.day >= %s AND d.day <= %s GROUP BY d.group_id"
)


def as_of_breakdown(day: datetime.date, using: str = "default") -> list[dict] | None:
    """`Member.objects.published().current(on=day).breakdown(on=day)` from the tallies, having settled the
    queue; None when more members are queued than a page should settle (`SETTLE_LIMIT`)."""
    if settle(using, limit=SETTLE_LIMIT) is None:
        _ask_for_settle(using)
        return None
    connection = connections[using]
    month, adapt = day.replace(day=1), connection.ops.adapt_datefield_value
    keys, totals = {}, {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_CHECKPOINTS_POSTGRESQL, [adapt(month)])
        else:
            cursor.execute(_CHECKPOINTS, [adapt(month)] * len(FIGURES))
        for group, *key_and_figures in cursor.fetchall():
            keys[group], totals[group] = key_and_figures[:5], [int(value or 0) for value in key_and_figures[5:]]
        cursor.execute(_SINCE, [adapt(month), adapt(day)])
        for group, *figures in cursor.fetchall():
            totals[group] = [total + int(value) for total, value in zip(totals[group], figures, strict=True)]
    rows = [(*keys[group], *figures) for group, figures in totals.items() if figures[0]]
    return [
        {
            "country": country,
            "region": None if region == NONE else region,
            "member_type": member_type,
            "incubator_status": incubator_status,
            "incubator": None if incubator == NONE else incubator,
            "members": members,
            "reported": reported,
            "headcount": headcount if reported else None,  # SQL's sum of no value
            "in_incubator": in_incubator,
        }
        for (
            country,
            region,
            member_type,
            incubator_status,
            incubator,
            members,
            reported,
            headcount,
            in_incubator,
        ) in rows
    ]
