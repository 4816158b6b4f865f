"""Tallies of the public members, kept by the database itself, so that the pages computed after a change
read a few hundred rows instead of scanning every member.

- `PublicTally`: today's public members (published and current) and their headcount, per country,
  region, type, incubator status and incubator: the home page's figures and the directory's facets.
- `SectorTally`: the same members per sector and the same columns: the sector facet, and the other
  facets under a sector filter.
- `PeriodDayTally`: the membership periods of published members that began and ended on each day: the
  home page's chart of the years joined and left, today's and as of a past day.

Triggers (migration `members.0012_tallies`, one set for PostgreSQL and one for SQLite) update them in
the writing statement itself, on every way in: the ORM's saves and deletions, `QuerySet.update()`
(`sync_summaries()`, the daily `refresh_membership_state()`), `bulk_create()`, the import, fixtures and
raw SQL alike; no write path has a rule to remember. Each tally is tested against the full computation
(`MemberQuerySet.breakdown()`, `MemberFilter` over the members, the periods grouped by year) on random
registries after random writes. `rebuild()` recomputes them from the members, for a restore that
bypassed the triggers.

A tally's key has no nulls (a missing region or incubator is 0) so that one unique constraint serves
both databases' upserts; rows that fall to zero stay and are skipped when read.
"""

import datetime

from django.db import connections, models, transaction
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from pagecache import versions

NONE = 0  # the region or incubator of a member who has none
DIMENSIONS = ("country", "region", "member_type", "incubator_status", "incubator")


def years_joined_and_left(joined: dict[int, int], left: dict[int, int]) -> list[dict]:
    """[{year, joined, left}] for every year from the first to the last with a count, gaps as zeros."""
    if not joined and not left:
        return []
    years = range(min([*joined, *left]), max([*joined, *left]) + 1)
    return [{"year": year, "joined": joined.get(year, 0), "left": left.get(year, 0)} for year in years]


class TallyQuerySet(models.QuerySet):
    def counted(self) -> "TallyQuerySet":
        return self.filter(members__gt=0)


class TallyDimensions(models.Model):
    """The dimensions a tally counts by (a missing region or incubator is `NONE`)."""

    country = models.CharField(_("country"), max_length=2)
    region = models.PositiveIntegerField(_("region"))
    member_type = models.CharField(_("member type"), max_length=20)
    incubator_status = models.CharField(_("incubator status"), max_length=10)
    incubator = models.PositiveIntegerField(_("incubator"))
    members = models.IntegerField(_("members"), default=0)

    objects = TallyQuerySet.as_manager()

    class Meta:
        abstract = True


class PublicTally(TallyDimensions):
    reported = models.IntegerField(_("members who reported their headcount"), default=0)
    headcount = models.BigIntegerField(_("headcount"), default=0)

    class Meta:
        verbose_name = _("tally of public members")
        verbose_name_plural = _("tallies of public members")
        constraints = [models.UniqueConstraint(fields=DIMENSIONS, name="public_tally_key")]

    def __str__(self):
        return (
            f"{self.country}/{self.region}/{self.member_type}/{self.incubator_status}/{self.incubator}: {self.members}"
        )


class SectorTally(TallyDimensions):
    sector = models.PositiveIntegerField(_("sector"))

    class Meta:
        verbose_name = _("tally of public members per sector")
        verbose_name_plural = _("tallies of public members per sector")
        constraints = [models.UniqueConstraint(fields=("sector", *DIMENSIONS), name="sector_tally_key")]

    def __str__(self):
        return f"{self.sector}/{self.country}/{self.region}/{self.member_type}: {self.members}"


class PeriodDayTallyQuerySet(models.QuerySet):
    def joined_and_left_per_year(self, until: datetime.date) -> list[dict]:
        """`MembershipPeriodQuerySet.joined_and_left_per_year()` of the published members' periods, from the
        tally: summed per year over one row per day on which someone joined or left."""
        rows = (
            self.filter(day__lte=until)
            .annotate(year=ExtractYear("day"))
            .values("year")
            .annotate(joined=Sum("joinings"), left=Sum("leavings"))
            .values_list("year", "joined", "left")
        )
        # Kept in the cache under the tally's token: most writes (a description saved) leave it alone. The
        # key knows the day only, so a narrower queryset is counted afresh.
        if self.query.has_filters():
            rows = list(rows)
        else:
            rows = versions.cached(f"period-years:{until}", (self.model,), lambda: list(rows))
        return years_joined_and_left(
            {year: n for year, n, _left in rows if n}, {year: n for year, _joined, n in rows if n}
        )


class PeriodDayTally(models.Model):
    day = models.DateField(_("day"), unique=True)
    joinings = models.IntegerField(_("periods begun"), default=0)
    leavings = models.IntegerField(_("periods ended"), default=0)

    objects = PeriodDayTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("tally of membership periods per day")
        verbose_name_plural = _("tallies of membership periods per day")

    def __str__(self):
        return f"{self.day.isoformat()}: +{self.joinings} -{self.leavings}"


def _key(country, region, member_type, incubator_status, incubator) -> dict:
    """A tally row's dimensions as `MemberQuerySet.breakdown()` names them (None for no region or incubator)."""
    return {
        "country": country,
        "region": None if region == NONE else region,
        "member_type": member_type,
        "incubator_status": incubator_status,
        "incubator": None if incubator == NONE else incubator,
    }


def public_breakdown() -> list[dict]:
    """`Member.objects.public().breakdown()`, read from `PublicTally`: one query of a few hundred rows."""
    rows = PublicTally.objects.counted().values_list(*DIMENSIONS, "members", "reported", "headcount")
    return [
        {
            **_key(*key),
            "members": members,
            "reported": reported,
            "headcount": headcount if reported else None,  # SQL's sum of no value
            "in_incubator": members if key[3] else 0,
        }
        for *key, members, reported, headcount in rows
    ]


def sector_breakdown(sector: int | None = None) -> list[dict]:
    """Today's public members per sector (or in `sector`) and the other dimensions: `sector`, the
    dimensions, `members`."""
    rows = SectorTally.objects.counted()
    if sector is not None:
        rows = rows.filter(sector=sector)
    return [
        {"sector": sector, **_key(*key), "members": members}
        for sector, *key, members in rows.values_list("sector", *DIMENSIONS, "members")
    ]


def members_per_sector(chosen: dict[str, set]) -> dict[int, int]:
    """{sector: public members} among those with every chosen value ({dimension: values}), summed in SQL."""
    rows = SectorTally.objects.counted().filter(**{f"{dimension}__in": values for dimension, values in chosen.items()})
    return dict(rows.order_by().values("sector").annotate(n=Sum("members")).values_list("sector", "n"))


# What `rebuild()` recomputes: each statement in both databases' SQL (a boolean column is 0 or 1 in SQLite).
REBUILD = (
    "DELETE FROM members_publictally",
    "DELETE FROM members_sectortally",
    "DELETE FROM members_perioddaytally",
    "INSERT INTO members_publictally "
    "(country, region, member_type, incubator_status, incubator, members, reported, headcount) "
    "SELECT m.country, COALESCE(m.region_id, 0), m.member_type, m.incubator_status, COALESCE(m.incubator_id, 0), "
    "COUNT(*), COUNT(m.headcount), COALESCE(SUM(m.headcount), 0) "
    "FROM members_member m WHERE m.is_published AND m.current_since IS NOT NULL GROUP BY 1, 2, 3, 4, 5",
    "INSERT INTO members_sectortally "
    "(sector, country, region, member_type, incubator_status, incubator, members) "
    "SELECT s.sector_id, m.country, COALESCE(m.region_id, 0), m.member_type, m.incubator_status, "
    "COALESCE(m.incubator_id, 0), COUNT(*) "
    "FROM members_member m JOIN members_member_sectors s ON s.member_id = m.id "
    "WHERE m.is_published AND m.current_since IS NOT NULL "
    "GROUP BY 1, 2, 3, 4, 5, 6",
    "INSERT INTO members_perioddaytally (day, joinings, leavings) "
    "SELECT day, SUM(joinings), SUM(leavings) FROM ("
    "SELECT p.joined_on AS day, 1 AS joinings, 0 AS leavings FROM members_membershipperiod p "
    "JOIN members_member m ON m.id = p.member_id WHERE m.is_published "
    "UNION ALL SELECT p.left_on, 0, 1 FROM members_membershipperiod p "
    "JOIN members_member m ON m.id = p.member_id WHERE m.is_published AND p.left_on IS NOT NULL"
    ") AS days GROUP BY day",
)


def rebuild(using: str = "default") -> None:
    """Recompute every tally from the members and their periods (the triggers keep them from then on)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for statement in REBUILD:
            cursor.execute(statement)


def tallied_dimension_filter(row: dict, chosen: dict[str, set]) -> bool:
    """Whether a tally row matches every chosen value set ({dimension: values}; an absent one: any)."""
    return all(row[dimension] in values for dimension, values in chosen.items())
