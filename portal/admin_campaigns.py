"""Staff screens of the yearly questionnaire: open a campaign, see where each member stands, remind, accept.

A campaign's page counts its questionnaires by state (invited, opened, submitted, accepted, overdue,
cannot be reached), each count a link to exactly those members. The answers hold confidential figures,
so the questionnaires need "Can see members' yearly revenue and other confidential figures" too.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from members.admin_base import AdminWords, RegistryAdminMixin
from members.permissions import VIEW_CONTACT_DETAILS, VIEW_YEARLY_FIGURES

from . import campaigns
from .campaign_models import Campaign, Questionnaire, State
from .tasks import remind_campaign


def state_counts(campaign: Campaign) -> list[tuple[str, str, int]]:
    """(state, its name, how many) for every state, in the order of `State`, in one query."""
    rows = Questionnaire.objects.filter(campaign=campaign).with_state().values("state").annotate(n=Count("pk"))
    counts = {row["state"]: row["n"] for row in rows.order_by()}
    return [(state.value, state.label, counts.get(state.value, 0)) for state in State]


@admin.register(Campaign)
class CampaignAdmin(RegistryAdminMixin, admin.ModelAdmin):
    words = AdminWords(pgettext_lazy("accusative", "questionnaire campaign"), _("another questionnaire campaign"))
    list_display = ["year", "deadline", "dispatched_at", "opened_by"]
    fields = ["year", "deadline", "remind_days_before", "states", "dispatched_at", "reminded_on", "opened_by"]
    readonly_fields = ["states", "dispatched_at", "reminded_on", "opened_by"]
    actions = ["send_reminders"]

    def get_readonly_fields(self, request, obj=None):
        # The year is the campaign's identity once opened; the deadline and the reminder may move.
        return [*self.readonly_fields, "year"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("questionnaires"))
    def states(self, obj):
        if obj.pk is None:
            return "—"
        listing = reverse("admin:portal_questionnaire_changelist")
        rows = [
            (f"{listing}?campaign__id__exact={obj.pk}&state={state}", label, count)
            for state, label, count in state_counts(obj)
        ]
        items = format_html_join("", '<li><a href="{}">{}: {}</a></li>', rows)
        return format_html('<ul class="campaign-states">{}</ul>', items)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["deadline", "remind_days_before"])
        else:
            campaigns.campaign_open(campaign=obj, user=request.user)
            self.message_user(request, gettext("The campaign is open: its invitations are being sent."))

    @admin.action(description=_("Remind those who have not answered"), permissions=["change"])
    def send_reminders(self, request, queryset):
        for campaign in queryset:
            remind_campaign.enqueue(campaign.pk)
        self.message_user(request, gettext("The reminders are being sent."), messages.SUCCESS)


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        return queryset.filter(state=self.value()) if self.value() else queryset


@admin.register(Questionnaire)
class QuestionnaireAdmin(RegistryAdminMixin, admin.ModelAdmin):
    words = AdminWords(pgettext_lazy("accusative", "questionnaire"), _("another questionnaire"))
    list_display = ["member", "campaign", "state_label", "opened_at", "submitted_at", "accepted_at", "reminders"]
    list_filter = [StateFilter, "campaign"]
    list_select_related = ["member", "campaign"]
    search_fields = ["member__search_text__contains"]
    fields = ["member", "campaign", "answers_table", "opened_at", "submitted_at", "accepted_at", "accepted_by"]
    readonly_fields = fields
    actions = ["accept_answers"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_state()

    def has_module_permission(self, request):
        return super().has_module_permission(request) and self._may_see(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_see(request)

    def _may_see(self, request):
        return request.user.has_perm(VIEW_YEARLY_FIGURES) and request.user.has_perm(VIEW_CONTACT_DETAILS)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"), ordering="state")
    def state_label(self, obj):
        return State(obj.state).label

    @admin.display(description=_("answers"))
    def answers_table(self, obj):
        from members.models import YearlyFigures

        rows = [
            (YearlyFigures._meta.get_field(name).verbose_name, "—" if value in (None, "") else value)
            for name, value in obj.answers.items()
        ]
        return format_html(
            "<table><tbody>{}</tbody></table>", format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        )

    @admin.action(description=_("Accept the answers as the members' yearly figures"), permissions=["change"])
    def accept_answers(self, request, queryset):
        accepted = 0
        for questionnaire in queryset:
            try:
                campaigns.questionnaire_accept(questionnaire=questionnaire, user=request.user)
            except ValidationError as error:
                self.message_user(request, f"{questionnaire}: {' '.join(error.messages)}", messages.ERROR)
            else:
                accepted += 1
        if accepted:
            message = ngettext("Accepted %(count)d questionnaire.", "Accepted %(count)d questionnaires.", accepted)
            self.message_user(request, message % {"count": accepted}, messages.SUCCESS)
