"""The staff's work to do on members: each list defined once, counted on the start page, shown by the member list.

A work item is a condition on members and the membership list it belongs to (`membership`: the value of the
member list's membership filter). The start page counts `members_to_do()`; its link opens the member list
with `?todo=<key>&membership=<membership>`, and `WorkToDoFilter` applies the same condition, so the count and
the list are the same members. An item that reads a restricted field (the contact person, `restricted.py`)
is counted, offered and applied only for staff with that field's permission.
"""

import datetime
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import HeadcountReport, Member, MembershipPeriod
from .restricted import hidden_fields


@dataclass(frozen=True)
class WorkItem:
    key: str
    label: Promise
    membership: str  # "current" or "all": the member list's membership filter the item goes with
    reads: str = ""  # a restricted field the condition reads, if any


WORK_ITEMS = [
    WorkItem("no_recent_headcount", _("Without a headcount reported in the last 12 months"), "current"),
    WorkItem("no_registration_number", _("Without a registration number"), "all"),
    WorkItem("no_period", _("Without a membership period"), "all"),
    WorkItem("unpublished", _("Current but not published"), "current"),
    WorkItem("no_contact", _("With an open membership period but no contact person"), "all", reads="contact_name"),
]
BY_KEY = {item.key: item for item in WORK_ITEMS}


def year_before(day: datetime.date) -> datetime.date:
    return day.replace(year=day.year - 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year - 1)


def condition(key: str, today: datetime.date | None = None) -> Q:
    """The members of the work item `key`, as a condition on Member."""
    today = today or timezone.localdate()
    if key == "no_recent_headcount":
        recent = HeadcountReport.objects.filter(member=OuterRef("pk"), reported_on__gt=year_before(today))
        return ~Q(Exists(recent))
    if key == "no_registration_number":
        return Q(registration_number="")
    if key == "no_period":
        return ~Q(Exists(MembershipPeriod.objects.filter(member=OuterRef("pk"))))
    if key == "unpublished":
        return Q(is_published=False)
    if key == "no_contact":
        return Q(contact_name="") & Q(Exists(MembershipPeriod.objects.filter(member=OuterRef("pk"), left_on=None)))
    raise KeyError(key)


def items_for(user) -> list[WorkItem]:
    hidden = hidden_fields(Member, user)
    return [item for item in WORK_ITEMS if item.reads not in hidden]


def scoped(membership: str):
    return Member.objects.current() if membership == "current" else Member.objects.all()


def members_to_do(user) -> list[dict]:
    """[{item, count}] for the work items `user` may see: one query per membership list, whatever the members."""
    today = timezone.localdate()
    items, counts = items_for(user), {}
    for membership in {item.membership for item in items}:
        mine = [item for item in items if item.membership == membership]
        counts |= scoped(membership).aggregate(**{i.key: Count("pk", filter=condition(i.key, today)) for i in mine})
    return [{"item": item, "count": counts[item.key]} for item in items]


class WorkToDoFilter(admin.SimpleListFilter):
    """The member list of a work item of the start page (`?todo=`)."""

    title = _("work to do")
    parameter_name = "todo"

    def lookups(self, request, model_admin):
        return [(item.key, item.label) for item in items_for(request.user)]

    def choices(self, changelist):
        # As Django's («All», then the items), but each item goes with its membership list, as on the start page.
        choices = list(super().choices(changelist))
        for choice, (key, _title) in zip(choices[1:], self.lookup_choices, strict=True):
            query = {self.parameter_name: key, "membership": BY_KEY[key].membership}
            choice["query_string"] = changelist.get_query_string(query)
        return choices

    def queryset(self, request, queryset):
        item = BY_KEY.get(self.value() or "")
        if item is None:
            return queryset
        if item.reads in hidden_fields(Member, request.user):
            # As restricted.py refuses lookups on the field: a 400 whatever the value, nothing counted.
            raise DisallowedModelAdminLookup(f"Filtering by {item.key} not allowed")
        return queryset.filter(condition(item.key))
