"""Staff screens for yearly figures (the member page's table of years, and their own list) and exchange rates.

Every save and deletion goes through the services, so the size category, the headcount a confirmed
figure makes and the history's user follow on every way in. Revenue, exports, R&D and investment are
shown only with `members.view_yearly_figures` (`restricted.RESTRICTED_FIELDS`): the lists drop their
columns, filters and orderings (`RegistryAdminMixin`), and the forms and the inline drop their fields.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .admin_base import AdminWords, RegistryAdminMixin, RegistryInlineMixin
from .admin_tools import set_deltas_without
from .models import ExchangeRate, YearlyFigures
from .restricted import hidden_fields
from .services import exchange_rate_delete, exchange_rate_save, yearly_figures_delete, yearly_figures_save
from .spreadsheets.yearly_admin import YearlySpreadsheetMixin

INLINE_FIELDS = ["year", "currency", "employees", "revenue", "exports", "rnd", "investment", "new_products",
                 "new_products_foreign", "source", "size"]  # fmt: skip


def size_text(figures) -> str:
    if not figures.size_category:
        return figures.get_size_basis_display() if figures.size_basis else "—"
    return f"{figures.get_size_category_display()} ({figures.get_size_basis_display()})"


class HidesFiguresMixin:
    """Leaves the confidential figures out of the form of a user without their permission."""

    def get_fields(self, request, obj=None):
        hidden = hidden_fields(YearlyFigures, request.user)
        return [name for name in super().get_fields(request, obj) if name not in hidden]


class YearlyFiguresInline(HidesFiguresMixin, RegistryInlineMixin, admin.TabularInline):
    model = YearlyFigures
    words = AdminWords(pgettext_lazy("accusative", "yearly figures"), _("the figures of another year"))
    fields = INLINE_FIELDS
    readonly_fields = ["size"]
    extra = 0
    ordering = ["-year"]

    @admin.display(description=_("size category"))
    def size(self, figures):
        return size_text(figures)


def save_yearly_formset(request, formset) -> None:
    """The inline's rows through the services (for MemberAdmin.save_formset)."""
    for figures in formset.save(commit=False):
        yearly_figures_save(figures=figures, user=request.user)
    for figures in formset.deleted_objects:
        yearly_figures_delete(figures=figures, user=request.user)


@admin.register(YearlyFigures)
class YearlyFiguresAdmin(HidesFiguresMixin, RegistryAdminMixin, YearlySpreadsheetMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "yearly figures"), _("the figures of another year"))
    # Narrow enough for 1,280 px beside the sidebar and the filters: the basis is on the page, the source a filter.
    list_display = ["member", "year", "size_category", "employees", "revenue", "currency", "confirmed"]
    list_filter = ["year", "size_category", "source"]
    list_select_related = ["member"]
    search_fields = ["member__search_text__contains"]
    search_help_text = _("Search by the member's name or city.")
    autocomplete_fields = ["member"]
    actions = ["confirm_figures"]
    fields = ["member", *INLINE_FIELDS[:-1], "size", "entered_by", "confirmed_by", "confirmed_at"]
    readonly_fields = ["size", "entered_by", "confirmed_by", "confirmed_at"]

    @admin.display(description=_("size category"), ordering="size_category")
    def size(self, figures):
        return size_text(figures)

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed_at")
    def confirmed(self, figures):
        return figures.is_confirmed

    @admin.action(description=_("Confirm the selected figures"), permissions=["change"])
    def confirm_figures(self, request, queryset):
        rows = list(queryset.select_related("member"))
        for figures in rows:
            yearly_figures_save(figures=figures, user=request.user, confirm=True)
        message = ngettext("Confirmed the figures of %(count)d year.", "Confirmed the figures of %(count)d years.",
                           len(rows))  # fmt: skip
        self.message_user(request, message % {"count": len(rows)}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        yearly_figures_save(figures=obj, user=request.user)

    def delete_model(self, request, obj):
        yearly_figures_delete(figures=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        count = 0
        for figures in queryset.select_related("member"):
            yearly_figures_delete(figures=figures, user=request.user)
            count += 1
        request.registry_outcome = (None, count)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Restoring a version writes past the services (no size category, no headcount): changes are made anew.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """The history list's changes, without the confidential figures for a user without their permission."""
        excluded = list(hidden_fields(YearlyFigures, request.user))
        set_deltas_without(self, request, historical_records, excluded, foreign_keys_are_objs)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "exchange rate"), _("another exchange rate"))
    list_display = ["currency", "year", "rate", "source"]
    list_filter = ["currency", "year"]
    search_fields = ["currency", "source"]

    def save_model(self, request, obj, form, change):
        exchange_rate_save(rate=obj, user=request.user)

    def delete_model(self, request, obj):
        exchange_rate_delete(rate=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        rates = list(queryset)
        for rate in rates:
            exchange_rate_delete(rate=rate, user=request.user)
        request.registry_outcome = (None, len(rates))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":  # a restored rate would leave the size categories behind
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
