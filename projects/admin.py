"""Staff screens for projects (with their awards inline), awarding bodies, awards and themes."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from members.admin_search import FoldedSearchMixin

from .models import Award, AwardingBody, Project, Theme


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["lead", "participants"]  # the admin adds the fields its fieldsets show

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead")
        if lead is not None and "participants" in cleaned:
            # Refuse rather than add the lead silently: a lead missing from the list is more often a wrong lead.
            for field, message in Project.lead_errors(lead.pk, cleaned["participants"]).items():
                self.add_error(field, ValidationError(message, code="lead_not_participant"))
        return cleaned


class AwardInline(admin.StackedInline):
    model = Award
    extra = 0
    autocomplete_fields = ["body"]
    fields = [("body", "kind"), ("year", "month", "day"), ("title_ru", "title_en"), ("scan", "link")]


@admin.register(Project)
class ProjectAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    form = ProjectAdminForm
    list_display = ["__str__", "kind", "theme", "first_year", "last_year", "status", "lead", "is_published"]
    list_filter = ["kind", "status", "theme", "is_published", "awards__body", "awards__kind"]
    list_select_related = ["theme", "lead"]
    search_fields = ["title_ru", "title_en", "slug"]
    autocomplete_fields = ["theme", "lead", "participants"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [AwardInline]
    fieldsets = [
        (None, {"fields": ["title_ru", "title_en", "slug", "kind", "theme", "status", "is_published"]}),
        (_("Years"), {"fields": ["first_year", "last_year"]}),
        (_("Members"), {"fields": ["lead", "participants"]}),
        (_("Description"), {"fields": ["summary_ru", "summary_en", "link"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()  # the award filters join the awards


@admin.register(AwardingBody)
class AwardingBodyAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["name_ru", "name_en", "level", "slug"]
    list_filter = ["level"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Award)
class AwardAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "project", "body", "kind", "year", "month", "day"]
    list_filter = ["body", "kind", "year"]
    list_select_related = ["project", "body"]
    search_fields = ["title_ru", "title_en", "project__title_ru", "project__title_en", "body__name_ru", "body__name_en"]
    autocomplete_fields = ["project", "body"]


@admin.register(Theme)
class ThemeAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ["name_ru", "name_en", "slug"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
