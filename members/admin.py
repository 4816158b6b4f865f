"""Staff screens for members, regions, sectors and incubators."""

from django.contrib import admin
from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from .admin_base import AdminWords, CountryPresentFilter, InlineRowForm, RegistryAdminMixin, RegistryInlineMixin
from .admin_membership import (
    MemberWithoutPeriodForm,
    OfferedPeriodForm,
    offered_periods,
    posted_without_period,
    without_period_fieldset,
)
from .admin_tools import CONTACT_FIELDS, MemberToolsMixin
from .admin_yearly import YearlyFiguresInline, save_yearly_formset
from .logo_admin import MemberLogoAdminMixin, MemberLogoForm
from .models import HeadcountReport, Incubator, Member, MembershipPeriod, Region, Sector, YearlyFigures
from .permissions import VIEW_CONTACT_DETAILS
from .registration import format_registration_number, registration_number_forms
from .services import member_save, member_sync_summaries
from .spreadsheets.admin_views import MemberSpreadsheetMixin
from .worklist import WorkToDoFilter


class MembershipStatusFilter(admin.SimpleListFilter):
    """Current members by default; those not yet joined, former members and everyone on request."""

    title = _("membership")
    parameter_name = "membership"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Current")),
            ("not_yet_joined", _("Not yet joined")),
            ("former", _("Former")),
            ("all", _("All")),
        ]

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
        if value == "not_yet_joined":
            return queryset.not_yet_joined()
        if value == "former":
            return queryset.former()
        return queryset


class RegionPresentFilter(admin.SimpleListFilter):
    """The regions that have members, with their counts."""

    title = _("region")
    parameter_name = "region__id__exact"  # Django's own for the field: links to filtered lists keep working

    def lookups(self, request, model_admin):
        regions = Region.objects.annotate(count=Count("members")).filter(count__gt=0)
        return [(region.pk, f"{region} ({region.count})") for region in regions]

    def queryset(self, request, queryset):
        return queryset.filter(region=self.value()) if self.value() else queryset


class HeadcountInline(RegistryInlineMixin, admin.TabularInline):
    model = HeadcountReport
    words = AdminWords(pgettext_lazy("accusative", "headcount report"), _("another headcount report"))
    form = InlineRowForm
    extra = 1
    ordering = ["-reported_on"]


class MembershipPeriodInline(RegistryInlineMixin, admin.TabularInline):
    model = MembershipPeriod
    words = AdminWords(pgettext_lazy("accusative", "membership period"), _("another membership period"))
    form = OfferedPeriodForm
    extra = 0
    ordering = ["joined_on"]

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0  # a new member opens with one period, joining today (admin_membership.py)


class MemberForm(MemberLogoForm):
    """The member form with its registration number shown as people write it; `Member.clean()` compacts it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member = self.instance
        if member.pk and member.registration_number:
            self.initial["registration_number"] = format_registration_number(
                member.__dict__["country"], member.registration_number
            )


@admin.register(Member)
class MemberAdmin(
    RegistryAdminMixin, MemberLogoAdminMixin, MemberToolsMixin, MemberSpreadsheetMixin, SimpleHistoryAdmin
):
    words = AdminWords(pgettext_lazy("accusative", "member"), _("another member"))
    form = MemberForm
    # Narrow enough for 1,280 px beside the sidebar and the filters: the type is left to its filter,
    # the country and region share a column.
    list_display = ["__str__", "location", "headcount", "incubator_state", "joined", "is_published"]
    list_filter = [
        MembershipStatusFilter,
        WorkToDoFilter,
        CountryPresentFilter,
        RegionPresentFilter,
        "member_type",
        "incubator_status",
        "is_published",
    ]
    show_facets = admin.ShowFacets.NEVER  # the country and region filters count their members themselves
    list_select_related = ["region"]
    # Names and cities through the column the model keeps folded: no function per row at 100,000 members.
    search_fields = ["search_text__contains", "registration_number__icontains"]
    search_help_text = _("Search by either name, short name, city or registration number.")
    autocomplete_fields = ["region", "sectors"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [MembershipPeriodInline, HeadcountInline, YearlyFiguresInline]
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

    @admin.display(description=_("location"), ordering="country")
    def location(self, member):
        return ", ".join(str(part) for part in (member.country.name, member.region) if part)

    @admin.display(description=_("incubator"), ordering="incubator_status")
    def incubator_state(self, member):
        return member.get_incubator_status_display() if member.incubator_status else None

    @admin.display(description=_("member since"), ordering="joined_on")
    def joined(self, member):
        return date_format(member.joined_on, "SHORT_DATE_FORMAT") if member.joined_on else None

    def get_search_results(self, request, queryset, search_term):
        # A number typed as people write it («2345678-0», «923 609 016») finds the compact one stored.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        numbers = registration_number_forms(search_term)
        if numbers:
            results = results | queryset.filter(registration_number__in=numbers)
        return results, may_have_duplicates

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None and posted_without_period(request):
            # On top of the admin's own form (its logo fields): the box to save without a period.
            kwargs["form"] = type("MemberWithoutPeriodForm", (MemberWithoutPeriodForm, self.form), {})
        return super().get_form(request, obj, change, **kwargs)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, MembershipPeriodInline) and obj._state.adding:
            kwargs["initial"] = offered_periods()
        return kwargs

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and posted_without_period(request):
            fieldsets = [without_period_fieldset(), *fieldsets]
        if request.user.has_perm(VIEW_CONTACT_DETAILS):
            return fieldsets
        return [fieldset for fieldset in fieldsets if fieldset[1]["fields"] != list(CONTACT_FIELDS)]

    def save_model(self, request, obj, form, change):
        # The form validated the member (ModelForm runs its full_clean()); save_related() syncs the
        # summaries once the inlines' periods and headcounts are saved.
        member_save(member=obj, validated=True, summaries=False)
        self.save_logo(request, obj, form)

    def save_formset(self, request, form, formset, change):
        if formset.model is YearlyFigures:
            save_yearly_formset(request, formset)  # through the services: size category, headcount, history
        else:
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        # The inlines' periods and headcounts are saved by the formsets; the summaries follow from them,
        # so a save that wrote none of those rows (a description edited) leaves them as they are. The yearly
        # figures' service syncs the headcount it writes itself.
        super().save_related(request, form, formsets, change)
        if not change or any(_wrote_rows(formset) for formset in formsets if formset.model in SUMMARISED):
            member_sync_summaries(members=Member.objects.filter(pk=form.instance.pk))


# The rows a member's summaries (headcount, start of membership, membership state) are computed from.
SUMMARISED = (MembershipPeriod, HeadcountReport)


def _wrote_rows(formset) -> bool:
    """Whether the saved inline formset added, changed or deleted a row."""
    return bool(formset.new_objects or formset.changed_objects or formset.deleted_objects)


@admin.register(Region)
class RegionAdmin(RegistryAdminMixin, admin.ModelAdmin):
    words = AdminWords(pgettext_lazy("accusative", "region"), _("another region"))
    list_display = ["name_ru", "name_en", "country", "code"]
    list_filter = [CountryPresentFilter]
    search_fields = ["name_ru", "name_en", "code"]


@admin.register(Sector)
class SectorAdmin(RegistryAdminMixin, admin.ModelAdmin):
    words = AdminWords(pgettext_lazy("accusative", "sector"), _("another sector"))
    list_display = ["name_ru", "name_en", "slug"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Incubator)
class IncubatorAdmin(RegistryAdminMixin, admin.ModelAdmin):
    words = AdminWords(pgettext_lazy("accusative", "business incubator"), _("another business incubator"))
    list_display = ["name_ru", "name_en", "operator_ru", "is_default"]
    search_fields = ["name_ru", "name_en"]
