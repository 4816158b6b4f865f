"""Staff screens for members, regions, sectors and incubators."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_search import FoldedSearchMixin
from .admin_tools import CONTACT_FIELDS, MemberToolsMixin
from .importing.admin_views import MemberSpreadsheetMixin
from .models import HeadcountReport, Incubator, Member, MembershipPeriod, Region, Sector
from .permissions import VIEW_CONTACT_DETAILS


class MembershipStatusFilter(admin.SimpleListFilter):
    """Current members by default; former members and everyone on request."""

    title = _("membership")
    parameter_name = "membership"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("former", _("Former")), ("all", _("All"))]

    def choices(self, changelist):
        value = self.value() or "current"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "current"
        if value == "current":
            return queryset.current()
        if value == "former":
            return queryset.former()
        return queryset


class HeadcountInline(admin.TabularInline):
    model = HeadcountReport
    extra = 1
    ordering = ["-reported_on"]


class MembershipPeriodInline(admin.TabularInline):
    model = MembershipPeriod
    extra = 0
    ordering = ["joined_on"]


@admin.register(Member)
class MemberAdmin(FoldedSearchMixin, MemberToolsMixin, MemberSpreadsheetMixin, SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "country",
        "region",
        "member_type",
        "headcount",
        "incubator_status",
        "joined_on",
        "is_published",
    ]
    list_filter = [MembershipStatusFilter, "country", "region", "member_type", "incubator_status", "is_published"]
    list_select_related = ["region"]
    # Names and cities through the column the model keeps folded: no function per row at 100,000 members.
    search_fields = ["search_text__contains", "registration_number__icontains"]
    search_help_text = _("Search by either name, short name, city or registration number.")
    autocomplete_fields = ["region", "sectors"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MembershipPeriodInline, HeadcountInline]
    actions = ["record_leaving"]  # members leave instead of being deleted (members/admin_tools.py)
    readonly_fields = ["headcount", "joined_on", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name_ru", "name_en", "short_name", "slug", "legal_form", "member_type", "cluster_role"]}),
        (_("Location"), {"fields": ["country", "region", "city"]}),
        (_("Activity"), {"fields": ["sectors", "website", "description_ru", "description_en"]}),
        (_("Registration"), {"fields": ["registration_number"]}),
        (
            _("Business incubator"),
            {"fields": ["incubator_status", "incubator", "incubator_from_year", "incubator_to_year"]},
        ),
        (_("Contact person (private)"), {"fields": list(CONTACT_FIELDS)}),
        (
            _("Publication and summary"),
            {"fields": ["is_published", "headcount", "joined_on", "created_at", "updated_at"]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm(VIEW_CONTACT_DETAILS):
            return fieldsets
        return [fieldset for fieldset in fieldsets if fieldset[1]["fields"] != list(CONTACT_FIELDS)]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        Member.objects.filter(pk=form.instance.pk).sync_summaries()


@admin.register(Region)
class RegionAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "country", "code"]
    list_filter = ["country"]
    search_fields = ["name_ru", "name_en", "code"]


@admin.register(Sector)
class SectorAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "slug"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Incubator)
class IncubatorAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "operator_ru", "is_default"]
    search_fields = ["name_ru", "name_en"]
