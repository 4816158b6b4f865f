"""Writes that touch a member and its history together."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .logos import LOGO_SIZES, open_logo, renditions
from .models import HeadcountReport, Member, MembershipPeriod
from .spreadsheets.engine import import_members


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
def member_save(*, member: Member, sectors=None) -> Member:
    """Validate and save a member (and its sectors, when given); its summaries follow its history."""
    member.full_clean()
    member.save()
    if sectors is not None:
        member.sectors.set(sectors)
    member_sync_summary(member=member)
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
