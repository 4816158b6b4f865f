"""Writing one chunk of planned rows: a few bulk statements per table, history included.

Called inside the import's single transaction, only while the file has no error. The rows are written
with `bulk_create`/`bulk_update`, which skip `Member.save()`, so what `save()` and `sync_summaries()`
would do is done here: the search column is rebuilt, `updated_at` is set, and the stored headcount and
start of membership come from the plan (a new report that is the latest, a new period that is the
latest), which is what `sync_summaries()` computes from the history. django-simple-history's bulk
helpers write the history rows with the importing user.
"""

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import HeadcountReport, Member, MembershipPeriod
from .plans import Plan

BATCH_SIZE = 500


def write_plans(plans: list[Plan], *, user, reason: str) -> None:
    history = {"default_user": user, "default_change_reason": reason, "batch_size": BATCH_SIZE}
    created = [plan for plan in plans if plan.is_new]
    updated = [plan for plan in plans if not plan.is_new and plan.changes]
    if created:
        members = [plan.member for plan in created]
        for member in members:
            member.search_text = member.build_search_text()
        bulk_create_with_history(members, Member, **history)
    if updated:
        _update_members(updated, history)
    _write_sectors([plan for plan in created + updated if plan.sectors is not None])
    reports = [_attach(plan.report, plan) for plan in updated + created if plan.report]
    if reports:
        bulk_create_with_history(reports, HeadcountReport, **history)
    closed = [plan.closed_period for plan in updated if plan.closed_period]
    if closed:
        bulk_update_with_history(closed, MembershipPeriod, ["left_on", "leave_reason"], **history)
    opened = [_attach(plan.new_period, plan) for plan in updated + created if plan.new_period]
    if opened:
        bulk_create_with_history(opened, MembershipPeriod, **history)


def _attach(row, plan: Plan):
    row.member_id = plan.member.pk
    return row


def _update_members(plans: list[Plan], history: dict) -> None:
    now = timezone.now()
    fields = {"updated_at", "search_text"}
    members = []
    for plan in plans:
        fields |= plan.fields
        plan.member.updated_at = now
        plan.member.search_text = plan.member.build_search_text()
        members.append(plan.member)
    bulk_update_with_history(members, Member, sorted(fields), **history)


def _write_sectors(plans: list[Plan]) -> None:
    if not plans:
        return
    through = Member.sectors.through
    through.objects.filter(member_id__in=[plan.member.pk for plan in plans if not plan.is_new]).delete()
    links = [through(member_id=plan.member.pk, sector_id=sector) for plan in plans for sector in plan.sectors]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
