"""Writing one chunk of planned rows: a few multi-row statements per table, history included.

Called inside the import's single transaction, only while the file has no error. The rows are written
in bulk (`fastsql`: multi-row INSERT and UPDATE ... FROM VALUES), which skips `Member.save()`, so what
`save()` would do is done here: the search column is rebuilt, `created_at` and `updated_at` are set.
The stored headcount and start of membership are recomputed from the history just written by
`MemberQuerySet.sync_summaries()`, the one function every write path uses (the services wrap it; the
import calls it directly because the services call the import), before the members' own history rows
record them. Every row written gets its django-simple-history row with the importing user and a
change reason naming the file.
"""

from django.utils import timezone

from ..models import HeadcountReport, Member, MembershipPeriod, YearlyFigures
from .fastsql import insert, insert_history, insert_objects, update_objects
from .plans import Plan


def write_plans(plans: list[Plan], *, user, reason: str) -> None:
    now = timezone.now()
    history = {"user": user, "reason": reason, "when": now}
    created = [plan for plan in plans if plan.is_new]
    updated = [plan for plan in plans if not plan.is_new and plan.changes]
    if created:
        members = [plan.member for plan in created]
        for member in members:
            member.search_text = member.build_search_text()
            member.created_at = member.updated_at = now
        insert_objects(Member, members)
    if updated:
        _update_members(updated, now)
    _write_sectors([plan for plan in created + updated if plan.sectors is not None])
    reports = [_attach(plan.report, plan) for plan in created + updated if plan.report]
    insert_objects(HeadcountReport, reports)
    insert_history(HeadcountReport, reports, history_type="+", **history)
    closed = [plan.closed_period for plan in updated if plan.closed_period]
    if closed:
        update_objects(MembershipPeriod, closed, ["left_on", "leave_reason"])
        insert_history(MembershipPeriod, closed, history_type="~", **history)
    opened = [_attach(plan.new_period, plan) for plan in created + updated if plan.new_period]
    insert_objects(MembershipPeriod, opened)
    insert_history(MembershipPeriod, opened, history_type="+", **history)
    _sync_summaries([plan for plan in created + updated if plan.report or plan.new_period or plan.closed_period])
    insert_history(Member, [plan.member for plan in created], history_type="+", **history)
    insert_history(Member, [plan.member for plan in updated], history_type="~", **history)
    _recompute_sizes([plan for plan in updated if SIZE_INPUTS & {change[0] for change in plan.changes}], history)


# The member's fields its yearly size categories depend on (members.size).
SIZE_INPUTS = frozenset({"member_type", "cluster_role", "country"})


def _recompute_sizes(plans: list[Plan], history: dict) -> None:
    """The size categories of members whose type, role or country changed, as `services.yearly_sizes_recompute`."""
    if not plans:
        return
    changed = YearlyFigures.objects.filter(member_id__in=[plan.member.pk for plan in plans]).recompute_sizes()
    insert_history(YearlyFigures, changed, history_type="~", **history)


def _sync_summaries(plans: list[Plan]) -> None:
    """Recompute the summaries of the members whose history changed, and carry them into their history rows."""
    if not plans:
        return
    members = {plan.member.pk: plan.member for plan in plans}
    Member.objects.filter(pk__in=list(members)).sync_summaries()
    for pk, headcount, joined_on in Member.objects.filter(pk__in=list(members)).values_list(
        "pk", "headcount", "joined_on"
    ):
        members[pk].headcount, members[pk].joined_on = headcount, joined_on


def _attach(row, plan: Plan):
    row.member_id = plan.member.pk
    return row


def _update_members(plans: list[Plan], now) -> None:
    fields = {"updated_at", "search_text"}
    members = []
    for plan in plans:
        fields |= plan.fields
        plan.member.updated_at = now
        plan.member.search_text = plan.member.build_search_text()
        members.append(plan.member)
    update_objects(Member, members, sorted(fields))


def _write_sectors(plans: list[Plan]) -> None:
    if not plans:
        return
    through = Member.sectors.through
    through.objects.filter(member_id__in=[plan.member.pk for plan in plans if not plan.is_new]).delete()
    columns = [through._meta.get_field("member").column, through._meta.get_field("sector").column]
    insert(through._meta.db_table, columns, [(plan.member.pk, sector) for plan in plans for sector in plan.sectors])
