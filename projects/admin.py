"""Staff screens for projects (with their awards inline), awarding bodies, awards and themes."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from members.admin_base import AdminWords, RegistryAdminMixin, RegistryInlineMixin

from . import rules
from .models import Award, AwardingBody, Project, Theme
from .services import project_save


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["lead", "participants"]  # the admin adds the fields its fieldsets show

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead")
        if lead is not None and "participants" in cleaned:
            try:
                rules.check_lead_takes_part(lead.pk, {member.pk for member in cleaned["participants"]})
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class AwardInline(RegistryInlineMixin, admin.StackedInline):
    model = Award
    words = AdminWords(pgettext_lazy("accusative", "award"), _("another award"))
    extra = 0
    autocomplete_fields = ["body"]
    fields = [("body", "kind"), ("year", "month", "day"), ("title_ru", "title_en"), ("scan", "link")]


@admin.register(Project)
class ProjectAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "project"), _("another project"))
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

    def save_model(self, request, obj, form, change):
        # A project and its participants are written together by the service, which checks the lead again.
        participants = form.cleaned_data.get("participants")
        if participants is None:
            participants = obj.participants.all() if obj.pk else []
        project_save(project=obj, participants=participants)

    def save_related(self, request, form, formsets, change):
        # The participants are saved by save_model(); the inline awards by their formsets.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(AwardingBody)
class AwardingBodyAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "awarding body"), _("another awarding body"))
    list_display = ["name_ru", "name_en", "level", "slug"]
    list_filter = ["level"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Award)
class AwardAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "award"), _("another award"))
    list_display = ["__str__", "project", "body", "kind", "year", "month", "day"]
    list_filter = ["body", "kind", "year"]
    list_select_related = ["project", "body"]
    search_fields = ["title_ru", "title_en", "project__title_ru", "project__title_en", "body__name_ru", "body__name_en"]
    autocomplete_fields = ["project", "body"]


@admin.register(Theme)
class ThemeAdmin(RegistryAdminMixin, SimpleHistoryAdmin):
    words = AdminWords(pgettext_lazy("accusative", "theme"), _("another theme"))
    list_display = ["name_ru", "name_en", "slug"]
    search_fields = ["name_ru", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
