"""What an import row changes: compared with the member as it is, checked as a whole, planned for writing.

Step two of an import, one chunk of rows at a time: the chunk's members, their sectors, headcount
history and membership periods are read in four queries, then each row is compared in Python. A plan
holds only what changes, so a row equal to the database plans nothing and writes nothing. The rules
are those of the models, called from `members.rules`; the member's stored headcount and start of
membership are not planned here but recomputed after the writes by `member_sync_summaries()`.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import rules
from ..models import HeadcountReport, Member, MembershipPeriod
from .columns import BY_KEY, MEMBER_FIELDS
from .lookups import canonical_number
from .rows import Row

NEW_MEMBER_DEFAULTS = {
    "member_type": Member.Type.COMPANY,
    "cluster_role": Member.Role.PARTICIPANT,
    "incubator_status": "",
    "is_published": True,
}


@dataclass(slots=True)
class Plan:
    row: int
    member: Member  # unsaved for a new member
    is_new: bool
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)  # (column key, old, new)
    fields: set[str] = field(default_factory=set)  # Member attnames to write
    sectors: frozenset[int] | None = None
    report: HeadcountReport | None = None
    new_period: MembershipPeriod | None = None
    closed_period: MembershipPeriod | None = None

    def change(self, key: str, old, new, attname: str | None = None) -> None:
        self.changes.append((key, old, new))
        if attname:
            self.fields.add(attname)


@dataclass
class ChunkState:
    """The chunk's members as they are, read in four queries."""

    members: dict[int, Member]
    sectors: dict[int, frozenset[int]]
    reports: dict[int, dict[datetime.date, int]]
    periods: dict[int, list[MembershipPeriod]]

    @classmethod
    def load(cls, member_ids: list[int], keys: set[str]) -> "ChunkState":
        members = Member.objects.in_bulk(member_ids) if member_ids else {}
        sectors, reports, periods = {}, {}, {}
        if member_ids and "sectors" in keys:
            for member_id, sector_id in Member.sectors.through.objects.filter(member_id__in=member_ids).values_list(
                "member_id", "sector_id"
            ):
                sectors.setdefault(member_id, set()).add(sector_id)
        if member_ids and "headcount" in keys:
            for member_id, day, employees in HeadcountReport.objects.filter(member_id__in=member_ids).values_list(
                "member_id", "reported_on", "employees"
            ):
                reports.setdefault(member_id, {})[day] = employees
        if member_ids and keys & {"joined_on", "left_on", "leave_reason"}:
            for period in MembershipPeriod.objects.filter(member_id__in=member_ids).order_by("joined_on"):
                periods.setdefault(period.member_id, []).append(period)
        sectors = {member_id: frozenset(ids) for member_id, ids in sectors.items()}
        return cls(members, sectors, reports, periods)


def plan_row(row: Row, state: ChunkState, lookups) -> Plan | None:
    """The plan for a row already matched; errors go on the row, and then there is no plan."""
    is_new = row.member_id is None
    member = Member(**NEW_MEMBER_DEFAULTS) if is_new else state.members[row.member_id]
    plan = Plan(row=row.number, member=member, is_new=is_new)
    _plan_fields(row, plan)
    _plan_relations(row, plan, state, lookups)
    _check_member(row, plan, lookups)
    _plan_headcount(row, plan, state.reports.get(row.member_id, {}))
    _plan_periods(row, plan, state.periods.get(row.member_id, []))
    return None if row.errors else plan


def country_code(member: Member) -> str:
    # The stored code; `member.country` would build a django-countries Country object on every read.
    return member.__dict__["country"] or ""


def _same_text(old, new) -> bool:
    if isinstance(old, str):
        old = old.replace("\r\n", "\n").replace("\r", "\n").strip()
    return old == new


def _plan_fields(row: Row, plan: Plan) -> None:
    values = {key: row.values[key] for key in MEMBER_FIELDS if key in row.values}
    if "country" in row.values or "country_code" in row.values:
        values["country"] = row.country
    if "registration_number" in values:
        values["registration_number"] = row.registration_number
    values.pop("slug", None)
    if row.slug:  # a new member's slug may be made up; a member matched by number keeps a blank slug
        values["slug"] = row.slug
    for key, value in values.items():
        if value is None and (plan.is_new or BY_KEY[key].kind in {"bool", "choice"}):
            continue  # a blank yes/no or a blank required choice keeps what is there (or the default)
        old = country_code(plan.member) if key == "country" else getattr(plan.member, key)
        if key == "registration_number" and old and canonical_number(country_code(plan.member), old) == value:
            continue  # stored as typed ("6851263-5"), the same number
        if plan.is_new or not _same_text(old, value):
            setattr(plan.member, key, value)
            plan.change(key, old, value, key)


def _plan_relations(row: Row, plan: Plan, state: ChunkState, lookups) -> None:
    member = plan.member
    if "region" in row.values:
        text = row.values["region"]
        region_id = lookups.region(country_code(member), text) if text else None
        if text and region_id is None:
            known = lookups.regions_of(country_code(member))
            if known:
                message = _("Unknown region “%(value)s” in this country; the registry knows: %(allowed)s.") % {
                    "value": text,
                    "allowed": "; ".join(f"«{name}»" for name in known),
                }
            else:
                message = _("Unknown region “%(value)s”: the registry has no regions in this country.") % {
                    "value": text
                }
            row.error("region", message)
        elif plan.is_new or region_id != member.region_id:
            plan.change("region", member.region_id, region_id, "region_id")
            member.region_id = region_id
    if "incubator" in row.values and (plan.is_new or row.values["incubator"] != member.incubator_id):
        plan.change("incubator", member.incubator_id, row.values["incubator"], "incubator_id")
        member.incubator_id = row.values["incubator"]
    if "sectors" in row.values:
        old = frozenset() if plan.is_new else state.sectors.get(member.pk, frozenset())
        if row.values["sectors"] != old:
            plan.sectors = row.values["sectors"]
            plan.change("sectors", sorted(old), sorted(plan.sectors))


def check(row: Row, rule, *args) -> bool:
    """Run one of `members.rules` on the row's values; what it refuses goes on the row, by field."""
    try:
        rule(*args)
    except ValidationError as error:
        for key, message in rules.messages_by_field(error):
            row.error(key, message)
        return False
    return True


def _check_member(row: Row, plan: Plan, lookups) -> None:
    """The rules of Member.clean(), on the row as it would be saved (the regions' countries looked up once)."""
    member = plan.member
    check(row, rules.check_member_name, member.name_ru, member.name_en)
    region_country = lookups.region_country.get(member.region_id) if member.region_id else None
    check(row, rules.check_region_country, region_country, country_code(member))
    if member.incubator_status and not member.incubator_id and lookups.default_incubator:
        plan.change("incubator", None, lookups.default_incubator, "incubator_id")
        member.incubator_id = lookups.default_incubator
    check(row, rules.check_incubator, member.incubator_status, member.incubator_id)
    check(row, rules.check_incubator_years, member.incubator_from_year, member.incubator_to_year)


def _plan_headcount(row: Row, plan: Plan, history: dict[datetime.date, int]) -> None:
    """A changed headcount is a new report on its date; the history is added to, never overwritten."""
    employees, day = row.values.get("headcount"), row.values.get("headcount_reported_on")
    if employees is None:
        if day is not None and "headcount" in row.values:
            row.error("headcount", _("Give the number of employees reported on this date."))
        return
    latest = max(history) if history else None
    if day is None:
        if latest is None or history[latest] != employees:
            row.error("headcount_reported_on", _("Give the date this headcount was reported."))
        return
    try:
        rules.validate_reported_on(day)
    except ValidationError as error:
        row.error("headcount_reported_on", " ".join(error.messages))
    else:
        _plan_report(row, plan, history, employees, day)


def _plan_report(row: Row, plan: Plan, history: dict[datetime.date, int], employees: int, day) -> None:
    latest = max(history) if history else None
    if day in history and history[day] != employees:
        row.error(
            "headcount",
            _("%(employees)d employees are already reported on this date; correct that report in the admin.")
            % {"employees": history[day]},
        )
    elif day not in history:
        plan.report = HeadcountReport(employees=employees, reported_on=day)
        plan.change("headcount", history.get(latest), employees)
        plan.change("headcount_reported_on", latest, day)  # the preview shows which report it is, not only its number


def _plan_periods(row: Row, plan: Plan, periods: list[MembershipPeriod]) -> None:
    joined, left = row.values.get("joined_on"), row.values.get("left_on")
    reason = row.values.get("leave_reason")
    if not check(row, rules.check_period_dates, joined, left):
        return
    latest = periods[-1] if periods else None
    if latest is None or (joined and joined != latest.joined_on):
        _plan_new_period(row, plan, latest, joined, left, reason)
    else:
        _plan_latest_period(row, plan, latest, left, reason)


def _plan_new_period(row: Row, plan: Plan, latest, joined, left, reason) -> None:
    if joined is None:
        if left is not None:
            row.error("joined_on", _("Give the date of joining."))
        return
    if latest is not None and latest.left_on is None:
        row.error(
            "joined_on",
            _("The member's current membership began on %(date)s; give a date of leaving to close it first.")
            % {"date": latest.joined_on.isoformat()},
        )
    elif latest is not None and joined < latest.left_on:
        row.error(
            "joined_on",
            _("A new membership cannot begin before the previous one ended (%(date)s).")
            % {"date": latest.left_on.isoformat()},
        )
    else:
        plan.new_period = MembershipPeriod(joined_on=joined, left_on=left, leave_reason=reason or "")
        plan.change("joined_on", latest.joined_on if latest else None, joined)


def _plan_latest_period(row: Row, plan: Plan, latest: MembershipPeriod, left, reason) -> None:
    left_given = "left_on" in row.values
    if left_given and left != latest.left_on:
        if latest.left_on is not None:
            row.error(
                "left_on",
                _(
                    "The membership that ended on %(date)s is changed in the admin; to record a rejoining, "
                    "give the new date of joining."
                )
                % {"date": latest.left_on.isoformat()},
            )
            return
        if not check(row, rules.check_period_dates, latest.joined_on, left):
            return
        plan.change("left_on", None, left)
        latest.left_on = left
        plan.closed_period = latest
    if reason is not None and "leave_reason" in row.values and reason != latest.leave_reason:
        if latest.left_on is None:
            if reason:
                row.error("leave_reason", _("A reason for leaving needs a date of leaving."))
            return
        plan.change("leave_reason", latest.leave_reason, reason)
        latest.leave_reason = reason
        plan.closed_period = latest


def column_label(key: str) -> str:
    column = BY_KEY.get(key)
    return str(column.label) if column else key
