"""Staff tools of the member admin: record a member's leaving, see a member as it was on a date, and its history.

Members are never deleted by staff (only superusers delete anything): they leave, which closes their
open membership period with a date and a reason through `services.member_leave`. The change history
comes from django-simple-history; contact details stay out of it for staff without their permission.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import HeadcountReport, Member, MembershipPeriod
from .permissions import VIEW_CONTACT_DETAILS
from .services import member_leave, member_sync_summaries

CONTACT_FIELDS = ("contact_name", "contact_position", "contact_email", "contact_phone")
HIDDEN_IN_SNAPSHOT = {"id", "search_text", "created_at", "updated_at"}


class LeavingForm(forms.Form):
    left_on = forms.DateField(label=_("left on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("reason for leaving"), max_length=300, required=False)


class AsOfForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def visible_fields(request) -> list:
    fields = [field for field in Member._meta.concrete_fields if field.name not in HIDDEN_IN_SNAPSHOT]
    if request.user.has_perm(VIEW_CONTACT_DETAILS):
        return fields
    return [field for field in fields if field.name not in CONTACT_FIELDS]


def snapshot_rows(instance: Member, fields) -> list[tuple[str, object]]:
    rows = []
    for field in fields:
        value = getattr(instance, f"get_{field.name}_display")() if field.choices else getattr(instance, field.name)
        if isinstance(value, bool):
            value = gettext("yes") if value else gettext("no")
        rows.append((field.verbose_name, value))
    return rows


def related_as_of(model, member_id: int, moment: datetime.datetime) -> list:
    """The member's periods or headcount reports as they stood at `moment` (deleted ones dropped)."""
    records = model.history.filter(member_id=member_id, history_date__lte=moment)
    return list(records.latest_of_each().as_instances())


def related_history(member_id: int) -> list:
    """Every recorded change to the member's periods and headcounts, newest first."""
    rows = []
    for model in (MembershipPeriod, HeadcountReport):
        for record in model.history.filter(member_id=member_id).select_related("history_user")[:200]:
            record.kind = model._meta.verbose_name
            rows.append(record)
    return sorted(rows, key=lambda record: record.history_date, reverse=True)


class MemberToolsMixin:
    """For MemberAdmin (a SimpleHistoryAdmin): leaving, the member as of a date, history without contacts."""

    object_history_template = "admin/members/member/object_history.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/leave/", view(self.record_leaving_view), name="members_member_leave"),
            path("<path:object_id>/as-of/", view(self.as_of_view), name="members_member_as_of"),
            *super().get_urls(),
        ]

    @admin.action(description=_("Record leaving"), permissions=["change"])
    def record_leaving(self, request, queryset):
        return self.leaving_response(request, list(queryset.current()), single=False)

    def record_leaving_view(self, request, object_id):
        member = self.get_object(request, object_id)
        if member is None:
            raise Http404
        if not self.has_change_permission(request, member):
            raise PermissionDenied
        response = self.leaving_response(request, [member], single=True)
        return response or HttpResponseRedirect(reverse("admin:members_member_change", args=[member.pk]))

    def leaving_response(self, request, members, single):
        form = LeavingForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self.apply_leaving(request, members, **form.cleaned_data)
            return None  # the action returns to the list, the single view to the member
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Record leaving"),
            "opts": self.model._meta,
            "form": form,
            "members": members,
            "single": single,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/members/member/record_leaving.html", context)

    def apply_leaving(self, request, members, left_on, reason):
        for member in members:
            try:
                member_leave(member=member, left_on=left_on, reason=reason)
            except ValidationError as error:
                self.message_user(request, f"{member}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.log_change(request, member, gettext("Left on %(date)s.") % {"date": left_on.isoformat()})
                self.message_user(request, gettext("“%(member)s” has left the cluster.") % {"member": member})

    def as_of_view(self, request, object_id):
        member = self.get_object(request, object_id)
        if member is None:
            raise Http404
        if not self.has_view_or_change_permission(request, member):
            raise PermissionDenied
        form = AsOfForm(request.GET or {"date": timezone.localdate()})
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "original": member}
        context.update(form=form, title=gettext("%(member)s as it was on a date") % {"member": member})
        if form.is_valid():
            context.update(self.snapshot_context(request, member, form.cleaned_data["date"]))
        return TemplateResponse(request, "admin/members/member/as_of.html", context)

    def snapshot_context(self, request, member, day):
        moment = end_of_day(day)
        version = member.history.filter(history_date__lte=moment).first()
        if version is None or version.history_type == "-":
            return {"version": None}
        return {
            "version": version,
            "rows": snapshot_rows(version.instance, visible_fields(request)),
            "periods": related_as_of(MembershipPeriod, member.pk, moment),
            "headcounts": related_as_of(HeadcountReport, member.pk, moment),
        }

    def history_view(self, request, object_id, extra_context=None):
        extra = {"related_history": related_history(object_id), "as_of_form": AsOfForm()} if object_id.isdigit() else {}
        return super().history_view(request, object_id, extra_context={**extra, **(extra_context or {})})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a posted version for anyone who may view it; restoring is a change.
        if request.method == "POST" and not self.has_change_permission(request, self.get_object(request, object_id)):
            raise PermissionDenied
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            # A restored version carries the summary of its day; bring it back in line with the history tables.
            member_sync_summaries(members=Member.objects.filter(pk=object_id))
        return response

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """As simple-history's, but the changes of contact details are left out without their permission."""
        excluded = [] if request.user.has_perm(VIEW_CONTACT_DETAILS) else list(CONTACT_FIELDS)
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current
