"""Read rules for projects and awards: what is public, how the list is filtered, and the award figures.

The project list's filters, its counts, the member pages and the home page all read through these
methods, so "public" and "matching" mean the same thing everywhere.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from pagecache import versions


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)


class ProjectQuerySet(SlugQuerySet):
    def public(self) -> "ProjectQuerySet":
        """What the public may see: published projects."""
        return self.filter(is_published=True)

    def under_way_in(self, year: int) -> "ProjectQuerySet":
        """Projects that ran during `year`; a project without a last year is still running."""
        return self.filter(first_year__lte=year).filter(Q(last_year__isnull=True) | Q(last_year__gte=year))

    def with_award(self, *, body=None, kind: str | None = None) -> "ProjectQuerySet":
        """Projects with at least one award matching both conditions (the same award, not two)."""
        awards = self.model.awards.rel.related_model.objects.filter(project=OuterRef("pk"))
        if body is not None:
            awards = awards.filter(body=body)
        if kind:
            awards = awards.filter(kind=kind)
        return self.filter(Exists(awards))

    def with_participant(self, member) -> "ProjectQuerySet":
        through = self.model.participants.through.objects
        return self.filter(Exists(through.filter(project=OuterRef("pk"), member=member)))

    def matching(self, *, year=None, body=None, award_kind=None, member=None, theme=None) -> "ProjectQuerySet":
        """The project list's filters; a criterion left as None does not filter."""
        rows = self
        if year is not None:
            rows = rows.under_way_in(year)
        if body is not None or award_kind:
            rows = rows.with_award(body=body, kind=award_kind)
        if member is not None:
            rows = rows.with_participant(member)
        if theme is not None:
            rows = rows.filter(theme=theme)
        return rows

    def counts_by_year(self, *, until: int) -> dict[int, int]:
        """How many of these projects were under way in each year, in one query.

        A project still running counts up to `until` (normally the current year).
        """
        counts: dict[int, int] = {}
        for first, last in self.order_by().values_list("first_year", "last_year"):
            for year in range(first, (last or max(until, first)) + 1):
                counts[year] = counts.get(year, 0) + 1
        return dict(sorted(counts.items(), reverse=True))

    def lead_not_participant(self) -> "ProjectQuerySet":
        """Projects breaking the rule that the lead member also takes part (the database cannot check it)."""
        through = self.model.participants.through.objects
        is_participant = Exists(through.filter(project=OuterRef("pk"), member=OuterRef("lead")))
        return self.filter(lead__isnull=False).exclude(is_participant)


@dataclass
class BodyAwardCounts:
    """One awarding body's row of the award table: its awards of each kind, in the order of `kinds`."""

    body: object
    kinds: list[tuple[str, str]]
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def given(self) -> list[tuple[str, int]]:
        """(kind's label, count) for the kinds this body gave at least once."""
        return [(label, count) for (_kind, label), count in zip(self.kinds, self.counts, strict=True) if count]


@dataclass
class AwardCounts:
    """Awards counted by awarding body (rows) and kind (columns), and their total."""

    kinds: list[tuple[str, str]]
    rows: list[BodyAwardCounts] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


class AwardQuerySet(models.QuerySet):
    def get_by_natural_key(self, project_slug, body_slug, kind, year, title_ru, title_en):
        return self.get(
            project__slug=project_slug, body__slug=body_slug, kind=kind, year=year, title_ru=title_ru, title_en=title_en
        )

    def public(self) -> "AwardQuerySet":
        """Awards of published projects."""
        return self.filter(project__is_published=True)

    def given_by(self, day: datetime.date) -> "AwardQuerySet":
        """Awards certainly given on or before `day`: one known only by its year counts once the year is
        over, one known by its month once the month is, unless its day is known."""
        return self.filter(
            Q(year__lt=day.year)
            | Q(year=day.year, month__lt=day.month)
            | Q(year=day.year, month=day.month, day__lte=day.day)
        )

    def chronological(self) -> "AwardQuerySet":
        # An award known only by its year comes before those of the same year with a month.
        return self.order_by(
            "year", models.F("month").asc(nulls_first=True), models.F("day").asc(nulls_first=True), "pk"
        )

    def counts_by_body_and_kind(self) -> AwardCounts:
        """These awards counted by awarding body and kind, in one query; bodies without awards are left out."""
        return self._award_counts(self._count_rows())

    def public_counts(self, *, given_by: datetime.date | None = None) -> AwardCounts:
        """`public()` awards (given by the day, if one is given) counted by body and kind, kept in the cache
        under the tokens of the tables they are read from (`pagecache.versions`): a page computed afresh
        after a write that left the projects alone reads one row of tokens instead of every award."""
        awards = self.public() if given_by is None else self.public().given_by(given_by)
        if self.query.has_filters():  # the key knows the day only, not a narrower list's filters
            return awards.counts_by_body_and_kind()
        tables = (self.model, self.model.project.field.related_model, self.model.body.field.related_model)
        rows = versions.cached(f"award-counts:{given_by}", tables, awards._count_rows)
        return self._award_counts(rows)

    _BODY_FIELDS = ("id", "slug", "name_ru", "name_en", "level")

    def _count_rows(self) -> list[tuple]:
        """[(body's fields..., kind, awards)] in the bodies' order: plain data, for the cache."""
        body_model = self.model.body.field.related_model
        ordering = [f"body__{name}" for name in body_model._meta.ordering]
        rows = self.values(*(f"body__{name}" for name in self._BODY_FIELDS), "kind").annotate(awards=Count("pk"))
        return list(
            rows.order_by(*ordering).values_list(*(f"body__{name}" for name in self._BODY_FIELDS), "kind", "awards")
        )

    def _award_counts(self, rows: list[tuple]) -> AwardCounts:
        body_model = self.model.body.field.related_model
        bodies: dict[int, object] = {}
        counts: dict[int, dict[str, int]] = {}
        for *body, kind, awards in rows:
            pk = body[0]
            bodies.setdefault(pk, body_model(**dict(zip(self._BODY_FIELDS, body, strict=True))))
            counts.setdefault(pk, {})[kind] = awards
        kinds = list(self.model.Kind.choices)
        return AwardCounts(
            kinds=kinds,
            rows=[
                BodyAwardCounts(body, kinds, [counts[pk].get(kind, 0) for kind, _ in kinds])
                for pk, body in bodies.items()
            ],
        )
