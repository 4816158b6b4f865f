"""Staff screens of the members' side: messages sent, the sign-in log, proposals, applications, erasures.

Each of them shows contact persons' addresses or names, so each needs "Can see members' contact details"
besides its own permission. Proposals and applications are decided on a page of their own, through the
services; nothing here is edited directly.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from members.admin_base import AdminWords, RegistryAdminMixin
from members.permissions import VIEW_CONTACT_DETAILS

from . import applications, services
from .admin_members import member_tool_urls
from .forms import DecisionForm
from .models import APPLICANT_FIELDS, Application, ContactErasure, Decision, OutgoingMessage, Proposal, SignInEvent


class ContactDetailsAdmin(RegistryAdminMixin, admin.ModelAdmin):
    """Read-only, and only for staff who may see contact details."""

    def has_module_permission(self, request):
        return super().has_module_permission(request) and request.user.has_perm(VIEW_CONTACT_DETAILS)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and request.user.has_perm(VIEW_CONTACT_DETAILS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(ContactDetailsAdmin):
    """The last messages sent (in development the console shows their text too)."""

    words = AdminWords(pgettext_lazy("accusative", "message"), _("another message"))

    list_display = ["created_at", "recipient", "subject", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient", "subject"]
    fields = [*list_display, "kind", "member", "last_error"]
    readonly_fields = fields


@admin.register(SignInEvent)
class SignInEventAdmin(ContactDetailsAdmin):
    words = AdminWords(pgettext_lazy("accusative", "sign-in log entry"), _("another sign-in log entry"))
    list_display = ["at", "outcome", "member", "client"]
    list_filter = ["outcome"]
    list_select_related = ["member"]
    readonly_fields = ["at", "outcome", "member", "client"]


@admin.register(ContactErasure)
class ContactErasureAdmin(ContactDetailsAdmin):
    words = AdminWords(pgettext_lazy("accusative", "erasure"), _("another erasure"))
    list_display = ["erased_at", "member", "erased_by", "history_rows"]
    readonly_fields = list_display

    def get_urls(self):
        return [*member_tool_urls(self.admin_site), *super().get_urls()]


class DecidedAdmin(ContactDetailsAdmin):
    """A list of what awaits a decision, and a page to decide each through its service."""

    decide_template = "admin/portal/decide.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.decide_view)
        return [path("<int:pk>/decide/", view, name=f"{self.url_prefix}_decide"), *super().get_urls()]

    @property
    def url_prefix(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    def decide_link(self, obj):
        if obj.status not in (Decision.PENDING, Application.Status.PENDING):
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse(f"admin:{self.url_prefix}_decide", args=[obj.pk]), _("Decide")
        )

    decide_link.short_description = _("decision")

    def has_decide_permission(self, request):
        codename = f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"
        return request.user.has_perm(codename) and request.user.has_perm(VIEW_CONTACT_DETAILS)

    def decide_view(self, request, pk):
        obj = self.get_queryset(request).filter(pk=pk).first()
        if obj is None:
            raise Http404
        if not self.has_decide_permission(request):
            raise PermissionDenied
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                self.decide(request, obj, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, gettext("The decision is recorded and the sender informed."))
                return HttpResponseRedirect(reverse(f"admin:{self.url_prefix}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Decide: %(object)s") % {"object": obj},
            "opts": self.model._meta,
            "original": obj,
            "form": form,
            "changes": self.change_rows(obj),
        }
        return TemplateResponse(request, self.decide_template, context)


@admin.register(Proposal)
class ProposalAdmin(DecidedAdmin):
    words = AdminWords(pgettext_lazy("accusative", "proposal"), _("another proposal"))
    list_display = ["created_at", "member", "proposed_by", "status", "decide_link"]
    list_filter = ["status"]
    list_select_related = ["member"]
    readonly_fields = ["member", "proposed_by", "field_changes", "logo", "status", "reason", "decided_by", "decided_at"]
    fields = readonly_fields

    @admin.display(description=_("changes (old → new)"))
    def field_changes(self, obj):
        rows = self.change_rows(obj)
        return format_html(
            '<table class="field-changes"><tbody>{}</tbody></table>',
            format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td><td>→</td><td>{}</td></tr>", rows),
        )

    def change_rows(self, obj):
        return services.proposal_rows(obj)

    def decide(self, request, obj, decision, reason):
        if decision == "approve":
            services.proposal_approve(proposal=obj, user=request.user)
        else:
            services.proposal_reject(proposal=obj, user=request.user, reason=reason)


def display(value) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value) if value not in ("", None) else "—"


@admin.register(Application)
class ApplicationAdmin(DecidedAdmin):
    """Applications whose address is confirmed: staff never see an unconfirmed one."""

    words = AdminWords(pgettext_lazy("accusative", "application"), _("another application"))

    list_display = ["created_at", "__str__", "country", "contact_email", "status", "decide_link"]
    list_filter = ["status"]
    readonly_fields = [
        *APPLICANT_FIELDS,
        "sectors",
        "language",
        "consent_version",
        "consented_at",
        "confirmed_at",
        "status",
        "reason",
        "decided_by",
        "decided_at",
        "member",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(status=Application.Status.UNCONFIRMED)

    def change_rows(self, obj):
        return [(str(Application._meta.get_field(name).verbose_name), "", display(getattr(obj, name))) for name in (
            "name_ru", "name_en", "country", "registration_number", "city", "headcount", "contact_name", "contact_email"
        )]  # fmt: skip

    def decide(self, request, obj, decision, reason):
        if decision == "approve":
            member = applications.application_approve(application=obj, user=request.user)
            self.message_user(request, gettext("“%(member)s” is a member now, unpublished.") % {"member": member})
        else:
            applications.application_reject(application=obj, user=request.user, reason=reason)


from . import admin_campaigns  # noqa: E402, F401  (the questionnaire campaign's screens)
