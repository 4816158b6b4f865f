"""A member's history read back for staff: one timeline of its own changes and its periods' and headcounts'.

django-simple-history keeps a table per model; staff ask "what happened to this member", so the timeline
merges the member's rows with those of its membership periods and headcount reports, newest first, each
with who, when, the reason and every visible field that changed, old → new. A row whose changes are all
hidden (contact details without their permission) or derived (the summary columns) is left out.
Each model's rows are read in one bounded query; the previous version of a row comes from the same list.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext

from .models import MEMBERSHIP_STATE_FIELDS, HeadcountReport, Incubator, Member, MembershipPeriod, Region

# Rows per model read for one timeline: years of a member's history, and a bound on the page's cost.
TIMELINE_LIMIT = 300
# Not shown as changes: keys, and the member's summary columns (their sources have rows of their own).
NOT_SHOWN = frozenset({"id", "member"})
MEMBER_NOT_SHOWN = frozenset(
    {"created_at", "updated_at", "search_text", "page_token", "headcount", "joined_on", *MEMBERSHIP_STATE_FIELDS}
)


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    """One row of the timeline: a version of the member, one of its periods or one of its headcount reports."""

    record: object  # the historical row
    kind: str  # the model's verbose name
    label: str
    changes: list[Change] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return self.record.history_change_reason or ""

    @property
    def is_member(self) -> bool:
        return isinstance(self.record, Member.history.model)


def member_timeline(member_id: int, *, hidden: frozenset = frozenset()) -> list[Entry]:
    """The member's, its periods' and its headcounts' history rows as one list, newest first (3–5 queries)."""
    entries = []
    for model in (Member, MembershipPeriod, HeadcountReport):
        key = {"id": member_id} if model is Member else {"member_id": member_id}
        records = model.history.filter(**key).select_related("history_user").order_by("-history_date", "-history_id")
        entries += _entries(model, list(records[:TIMELINE_LIMIT]), hidden)
    return sorted(entries, key=lambda entry: (entry.record.history_date, entry.record.history_id), reverse=True)


def _entries(model, records: list, hidden: frozenset) -> list[Entry]:
    not_shown = NOT_SHOWN | hidden | (MEMBER_NOT_SHOWN if model is Member else frozenset())
    fields = [f for f in model._meta.concrete_fields if f.name not in not_shown]
    names = _related_names(fields, records)
    previous_of: dict = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        record.previous = previous_of.get(record.id)
        previous_of[record.id] = record
    entries = []
    for record in records:
        entry = Entry(record, str(model._meta.verbose_name), _label(model, record))
        entry.changes = _changes(record, record.previous, fields, names, model is Member)
        if record.history_type != "~" or entry.changes:
            entries.append(entry)
    return entries


def _label(model, record) -> str:
    return gettext("this member") if model is Member else str(record.history_object)


def _changes(record, previous, fields, names, is_member: bool) -> list[Change]:
    if record.history_type == "-" or (record.history_type == "+" and is_member):
        return []  # a member's creation lists no values: its first version opens with all of them
    changes = []
    for model_field in fields:
        new = getattr(record, model_field.attname)
        old = getattr(previous, model_field.attname) if previous is not None and record.history_type == "~" else None
        if record.history_type == "~" and (previous is None or old == new):
            continue
        if record.history_type == "+" and new in (None, ""):
            continue
        label = str(model_field.verbose_name)
        changes.append(Change(label, shown(model_field, old, names), shown(model_field, new, names)))
    return changes


def _related_names(fields, records) -> dict:
    """Names of the regions and incubators the rows point at, one query per kind."""
    names = {}
    for model_field, related in ((f, f.related_model) for f in fields if f.is_relation):
        ids = {getattr(record, model_field.attname) for record in records} - {None}
        if related in (Region, Incubator) and ids:
            names[model_field.name] = {item.pk: str(item) for item in related.objects.filter(pk__in=ids)}
    return names


def shown(model_field, value, names=None) -> str:
    """A stored value as staff read it: labels for choices, names for countries and relations, yes/no, dates."""
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return (names or {}).get(model_field.name, {}).get(value, str(value))
    if hasattr(value, "code") and hasattr(value, "name"):  # a django-countries Country
        return str(value.name)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


@dataclass
class DatedRecords:
    """What the membership periods and headcount reports, which carry their own dates, say of a day."""

    periods: list
    headcounts: list
    day: datetime.date

    @property
    def covering(self):
        day = self.day
        return next((p for p in self.periods if p.joined_on <= day and (not p.left_on or p.left_on > day)), None)

    @property
    def periods_begun(self) -> list:
        return [period for period in self.periods if period.joined_on <= self.day]

    @property
    def headcounts_reported(self) -> list:
        """The reports dated by the day, latest first."""
        reported = [report for report in self.headcounts if report.reported_on <= self.day]
        return sorted(reported, key=lambda report: report.reported_on, reverse=True)

    @property
    def headcount(self):
        return next(iter(self.headcounts_reported), None)


def dated_records_as_of(member_id: int, day: datetime.date, moment: datetime.datetime | None) -> DatedRecords:
    """The member's periods and headcount reports as they stood at `moment` (as they are now when None)."""
    if moment is None:
        periods = list(MembershipPeriod.objects.filter(member_id=member_id).order_by("joined_on"))
        headcounts = list(HeadcountReport.objects.filter(member_id=member_id).order_by("-reported_on"))
        return DatedRecords(periods, headcounts, day)
    return DatedRecords(
        _latest_of_each(MembershipPeriod, member_id, moment), _latest_of_each(HeadcountReport, member_id, moment), day
    )


def _latest_of_each(model, member_id: int, moment: datetime.datetime) -> list:
    records = model.history.filter(member_id=member_id, history_date__lte=moment)
    return list(records.latest_of_each().as_instances())
