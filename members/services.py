"""Writes that touch a member and its history together."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from pagecache import bump

from .logos import LOGO_SIZES, open_logo, renditions
from .models import ExchangeRate, HeadcountReport, Member, MembershipPeriod, YearlyFigures
from .spreadsheets.engine import import_members
from .spreadsheets.fastsql import insert_history
from .spreadsheets.yearly_import import import_yearly_figures
from .yearly import FIGURES


def member_sync_summaries(*, members: QuerySet) -> int:
    """Bring the stored headcount and start of membership of `members` in line with their history.

    The one place these summaries are computed (`MemberQuerySet.sync_summaries()`, one UPDATE): the
    services below, the admin, the spreadsheet import and the fixture loading all come here.
    """
    return members.sync_summaries()


def member_sync_summary(*, member: Member) -> None:
    """Bring one member's stored headcount and start date in line with its history."""
    member_sync_summaries(members=Member.objects.filter(pk=member.pk))
    member.refresh_from_db(fields=["headcount", "joined_on"])


@transaction.atomic
def member_save(*, member: Member, sectors=None, validated: bool = False, summaries: bool = True) -> Member:
    """Validate and save a member (and its sectors, when given); its summaries follow its history.

    `validated`: the caller's model form has just run the same `full_clean()` on this instance (the
    admin), so it is not run twice. `summaries=False`: the caller saves the member's history next and
    syncs the summaries after it (the admin's `save_related()`), so they are computed once, from it.
    """
    if not validated:
        member.full_clean()
    sizes_changed = member.size_inputs_changed()  # before the save, which makes them the stored ones
    member.save()
    if sectors is not None:
        member.sectors.set(sectors)
    if summaries:
        member_sync_summary(member=member)
    if sizes_changed:  # the member's type, role or country decide its size categories
        yearly_sizes_recompute(figures=member.yearly_figures.all(), reason=_("Member changed"))
    return member


@transaction.atomic
def member_report_headcount(*, member: Member, employees: int, reported_on: datetime.date) -> HeadcountReport:
    """Add a headcount report; the latest report becomes the member's headcount."""
    report = HeadcountReport(member=member, employees=employees, reported_on=reported_on)
    report.full_clean()
    report.save()
    member_sync_summary(member=member)
    return report


@transaction.atomic
def member_join(*, member: Member, joined_on: datetime.date) -> MembershipPeriod:
    """Open a new membership period (a first joining or a rejoining)."""
    period = MembershipPeriod(member=member, joined_on=joined_on)
    period.full_clean()
    period.save()
    member_sync_summary(member=member)
    return period


@transaction.atomic
def member_leave(*, member: Member, left_on: datetime.date, reason: str = "") -> MembershipPeriod:
    """Close the member's open membership period; the member stays in the registry."""
    period = MembershipPeriod.objects.select_for_update().filter(member=member, left_on__isnull=True).first()
    if period is None:
        raise ValidationError({"left_on": _("This member has no open membership period to close.")})
    period.left_on = left_on
    period.leave_reason = reason
    period.full_clean()
    period.save()
    member_sync_summary(member=member)
    return period


def members_import(*, rows, user, commit: bool, allow_contacts: bool, source: str = ""):
    """Check a spreadsheet's rows and, with `commit`, write them all in one transaction, or none.

    The import's own engine reads, checks and writes in bulk (`members.spreadsheets`); it writes the
    summaries through `member_sync_summaries()` like every write here.
    """
    return import_members(rows, user=user, commit=commit, allow_contacts=allow_contacts, source=source)


@transaction.atomic
def member_set_logo(*, member: Member, upload) -> None:
    """Replace the member's logo by renditions of `upload` (None removes it); the old files are deleted."""
    old = [field.name for field in (member.logo_small, member.logo_large) if field]
    files = renditions(open_logo(upload)) if upload is not None else {}
    for size in LOGO_SIZES:
        field = getattr(member, f"logo_{size}")
        if size in files:
            field.save(files[size].name, files[size], save=False)
        else:
            field.name = ""
    member.save(update_fields=["logo_small", "logo_large", "updated_at"])
    storage = Member._meta.get_field("logo_small").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in old])


def _request_user(user):
    """`user`, or the user of the request being served (simple-history's middleware keeps it), for history rows."""
    if user is not None:
        return user
    request = getattr(HistoricalRecords.context, "request", None)
    found = getattr(request, "user", None)
    return found if getattr(found, "is_authenticated", False) else None


def yearly_sizes_recompute(*, figures: QuerySet, user=None, reason: str = "") -> int:
    """Recompute the stored size category of `figures` in bulk, with a history row for each that changed."""
    changed = figures.recompute_sizes()
    if changed:
        insert_history(
            YearlyFigures, changed, history_type="~", user=_request_user(user), reason=reason[:100], when=timezone.now()
        )
        bump()  # bulk UPDATE sends no signals
    return len(changed)


@transaction.atomic
def yearly_figures_save(*, figures: YearlyFigures, user=None, confirm: bool = False) -> YearlyFigures:
    """Validate and save a member's figures for a year, with their size category; `confirm` marks them checked.

    A change to any figure clears an earlier confirmation (it confirmed other values). A confirmed
    headcount of a year that has ended becomes the member's headcount report of 31 December.
    """
    user = _request_user(user)
    if user is not None:
        figures.entered_by = user
    if confirm:
        figures.confirmed_by, figures.confirmed_at = user, timezone.now()
    elif figures.pk and _figures_changed(figures):
        figures.confirmed_by = figures.confirmed_at = None
    figures.full_clean()
    figures.apply_size(ExchangeRate.objects.as_dict([figures.year]))
    figures._history_user = user
    figures.save()
    _yearly_headcount(figures, user)
    return figures


@transaction.atomic
def yearly_figures_delete(*, figures: YearlyFigures, user=None) -> None:
    """Delete a member's figures for a year (and the headcount report they made)."""
    member = figures.member
    figures._history_user = _request_user(user)
    figures.delete()
    member_sync_summary(member=member)


def _figures_changed(figures: YearlyFigures) -> bool:
    stored = YearlyFigures.objects.filter(pk=figures.pk).values(*FIGURES, "currency", "year").first()
    return stored is None or any(stored[name] != getattr(figures, name) for name in stored)


def _yearly_headcount(figures: YearlyFigures, user) -> None:
    """Keep the headcount report of 31 December in step with a confirmed yearly headcount (see docs)."""
    day = datetime.date(figures.year, 12, 31)
    linked = HeadcountReport.objects.filter(yearly_figures=figures).first()
    wanted = figures.is_confirmed and figures.employees is not None and day <= timezone.localdate()
    if not wanted:
        if linked is not None:
            linked._history_user = user
            linked.delete()
            member_sync_summary(member=figures.member)
        return
    report = linked or HeadcountReport.objects.filter(member=figures.member, reported_on=day).first()
    report = report or HeadcountReport(member=figures.member, reported_on=day)
    if report.pk and report.employees == figures.employees and report.yearly_figures_id == figures.pk:
        return
    report.employees, report.reported_on, report.yearly_figures = figures.employees, day, figures
    report.full_clean()
    report._history_user = user
    report.save()
    member_sync_summary(member=figures.member)


@transaction.atomic
def exchange_rate_save(*, rate: ExchangeRate, user=None) -> ExchangeRate:
    """Validate and save a year's exchange rate; the size categories that depend on it follow."""
    before = ExchangeRate.objects.filter(pk=rate.pk).values_list("currency", "year").first() if rate.pk else None
    rate.full_clean()
    rate._history_user = _request_user(user)
    rate.save()
    _rate_changed(rate.currency, rate.year, user)
    if before and before != (rate.currency, rate.year):
        _rate_changed(*before, user)
    return rate


@transaction.atomic
def exchange_rate_delete(*, rate: ExchangeRate, user=None) -> None:
    """Delete a year's exchange rate; the size categories that depended on it follow."""
    rate._history_user = _request_user(user)
    rate.delete()
    _rate_changed(rate.currency, rate.year, user)


def _rate_changed(currency: str, year: int, user) -> None:
    reason = _("Exchange rate of %(currency)s for %(year)d changed") % {"currency": currency, "year": year}
    yearly_sizes_recompute(figures=YearlyFigures.objects.needing_rate(currency, year), user=user, reason=reason)


def yearly_figures_import(*, rows, user, commit: bool, allow_figures: bool, source: str = ""):
    """Check a spreadsheet of member × year rows and, with `commit`, write them all in one transaction, or none."""
    return import_yearly_figures(rows, user=user, commit=commit, allow_figures=allow_figures, source=source)
