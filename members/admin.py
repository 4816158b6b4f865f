"""Staff screens for members, regions, sectors and incubators."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_tools import CONTACT_FIELDS, MemberToolsMixin
from .importing.admin_views import MemberSpreadsheetMixin
from .logo_admin import MemberLogoAdminMixin
from .models import HeadcountReport, Incubator, Member, MembershipPeriod, Region, Sector
from .text import fold


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
class MemberAdmin(MemberLogoAdminMixin, MemberToolsMixin, MemberSpreadsheetMixin, SimpleHistoryAdmin):
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
    search_fields = ["registration_number"]  # names are searched through the folded column below
    search_help_text = _("Search by either name, short name, city or registration number.")
    autocomplete_fields = ["region", "sectors"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MembershipPeriodInline, HeadcountInline]
    actions = ["record_leaving"]  # members leave instead of being deleted (members/admin_tools.py)
    readonly_fields = ["headcount", "joined_on", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name_ru", "name_en", "short_name", "slug", "legal_form", "member_type", "cluster_role"]}),
        (_("Location"), {"fields": ["country", "region", "city_ru", "city_en"]}),
        (
            _("Activity"),
            {"fields": ["sectors", "website", "summary_ru", "summary_en", "description_ru", "description_en"]},
        ),
        (_("Logo"), {"fields": ["logo_upload", "logo_remove", "logo_preview"]}),
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
        if request.user.has_perm("members.view_contact_details"):
            return fieldsets
        return [fieldset for fieldset in fieldsets if fieldset[1]["fields"] != list(CONTACT_FIELDS)]

    def get_search_results(self, request, queryset, search_term):
        folded = fold(search_term).split()
        if not folded:
            return queryset, False
        by_number = Q(registration_number__icontains=search_term.strip())
        by_text = Q()
        for word in folded:
            by_text &= Q(search_text__contains=word)
        return queryset.filter(by_text | by_number), False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        Member.objects.filter(pk=form.instance.pk).sync_summaries()


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "country", "code"]
    list_filter = ["country"]
    search_fields = ["name_ru", "name_en", "code"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "slug"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Incubator)
class IncubatorAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "operator_ru", "is_default"]
    search_fields = ["name_ru", "name_en"]
