"""Staff screens for the development programme (its indicators inline) and the indicators' targets.

The reports themselves are pages of the admin site too (`views.py`), linked from this app's index.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from members.admin_base import AdminWords, RegistryAdminMixin, RegistryInlineMixin

from .models import Indicator, Programme, Target


class IndicatorInline(RegistryInlineMixin, admin.TabularInline):
    model = Indicator
    words = AdminWords(pgettext_lazy("accusative", "indicator"), _("another indicator"))
    extra = 0
    fields = ["position", "slug", "name_ru", "name_en", "unit_ru", "unit_en", "figure"]


@admin.register(Programme)
class ProgrammeAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "development programme"), _("another development programme"))
    list_display = ["__str__", "approved_on", "last_year"]
    search_fields = ["name_ru", "name_en", "slug"]
    autocomplete_fields = ["document"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [IndicatorInline]
    fieldsets = [
        (None, {"fields": ["name_ru", "name_en", "slug"]}),
        (_("Approval"), {"fields": ["approved_by_ru", "approved_by_en", "approved_on", "last_year", "document"]}),
        (_("Executors"), {"fields": ["executors_ru", "executors_en"]}),
    ]


@admin.register(Target)
class TargetAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "target"), _("another target"))
    list_display = ["indicator", "year", "value", "actual", "note"]
    list_filter = ["year", "indicator__programme", "indicator"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name_ru", "indicator__name_en"]
    autocomplete_fields = ["indicator"]
    fields = ["indicator", "year", "value", "actual", "note_ru", "note_en"]

    @admin.display(description=_("note"))
    def note(self, obj):
        return obj.note


@admin.register(Indicator)
class IndicatorAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    """Needed for the targets' indicator search; indicators are edited on their programme's page."""

    words = AdminWords(pgettext_lazy("accusative", "indicator"), _("another indicator"))
    list_display = ["__str__", "programme", "unit", "figure"]
    list_filter = ["programme", "figure"]
    search_fields = ["name_ru", "name_en", "slug"]
    fields = ["programme", "position", "slug", "name_ru", "name_en", "unit_ru", "unit_en", "figure"]

    @admin.display(description=_("unit"))
    def unit(self, obj):
        return obj.unit
