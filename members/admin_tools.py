"""Staff tools of the member admin: record a member's leaving, see a member as it was on a date, and its history.

Members are never deleted by staff (only superusers delete anything): they leave, which closes their
open membership period with a date and a reason through `services.member_leave`. The change history
comes from django-simple-history; contact details stay out of it for staff without their permission.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import MEMBERSHIP_STATE_FIELDS, Member
from .permissions import VIEW_CONTACT_DETAILS
from .services import member_leave, member_sync_summaries
from .timeline import dated_records_as_of, member_timeline

CONTACT_FIELDS = ("contact_name", "contact_position", "contact_email", "contact_phone")
HIDDEN_IN_SNAPSHOT = {"id", "search_text", "created_at", "updated_at", "page_token", *MEMBERSHIP_STATE_FIELDS}


class LeavingForm(forms.Form):
    left_on = forms.DateField(
        label=capfirst(_("left on")), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=capfirst(_("reason for leaving")), max_length=300, required=False)


class AsOfForm(forms.Form):
    date = forms.DateField(label=capfirst(_("date")), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


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


def leaving_intro(count: int) -> str:
    return ngettext(
        "The open membership period of this member will be closed. It stays in the registry, with its history, "
        "and can rejoin later.",
        "The open membership periods of these members will be closed. They stay in the registry, with their "
        "history, and can rejoin later.",
        count,
    )


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
        title = gettext("Record leaving: %(member)s") % {"member": members[0]} if single else gettext("Record leaving")
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": leaving_intro(len(members)),
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
        if version is None:  # before the registry's record of the member began: the dated records still speak
            first = member.history.order_by("history_date", "history_id").first()
            began = first.history_date if first else None
            return {"version": None, "began": began, "dated": dated_records_as_of(member.pk, day, None)}
        if version.history_type == "-":
            return {"version": None, "deleted": True}
        return {
            "version": version,
            "rows": snapshot_rows(version.instance, visible_fields(request)),
            "dated": dated_records_as_of(member.pk, day, moment),
        }

    def history_view(self, request, object_id, extra_context=None):
        """One timeline of the member's, its periods' and its headcounts' changes (members/timeline.py)."""
        member = self.get_object(request, unquote(object_id))
        if member is None:  # deleted by a superuser: simple-history's own page rebuilds it from its history
            return super().history_view(request, object_id, extra_context)
        if not self.has_view_history_or_change_history_permission(request, member):
            raise PermissionDenied
        hidden = frozenset() if request.user.has_perm(VIEW_CONTACT_DETAILS) else frozenset(CONTACT_FIELDS)
        page = Paginator(member_timeline(member.pk, hidden=hidden), self.history_list_per_page)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("History: %(member)s") % {"member": member},
            "opts": self.model._meta,
            "object": member,
            "page_obj": page.get_page(request.GET.get("p")),
            "as_of_form": AsOfForm(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

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
        """For simple-history's own page (a deleted member): no contact details' changes without their permission."""
        excluded = [] if request.user.has_perm(VIEW_CONTACT_DETAILS) else list(CONTACT_FIELDS)
        set_deltas_without(self, request, historical_records, excluded, foreign_keys_are_objs)


def set_deltas_without(model_admin, request, historical_records, excluded: list, foreign_keys_are_objs=True) -> None:
    """simple-history's changes between history rows, leaving out the `excluded` fields (those the user may not see)."""
    previous = None
    for current in historical_records:
        if previous is not None:
            delta = previous.diff_against(
                current, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs
            )
            helper = model_admin.get_historical_record_context_helper(request, previous)
            previous.history_delta_changes = helper.context_for_delta_changes(delta)
        previous = current
