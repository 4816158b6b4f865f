"""What every registry admin shares: titles, links and messages that read right in Russian, and short filters.

Django's admin builds «Выберите %s для изменения», «Добавить %s» and «Добавить еще один %s» from a model's
verbose name, which is in the nominative: «Выберите участник». Each registry admin names its model once more
in the two forms those phrases need (`AdminWords`), next to the admin; `RegistryAdminMixin` and
`RegistryInlineMixin` put them into Django's titles, the «add» button, the inline «add another» link and the
saved/deleted messages (which quote names with «» in Russian, “” in English).
"""

import json
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .admin_search import FoldedSearchMixin
from .restricted import RestrictedFieldsMixin


@dataclass(frozen=True)
class AdminWords:
    """A model's name as the admin's phrases need it: «участника» (accusative), «ещё одного участника»."""

    accusative: str
    another: str


class RegistryAdminMixin(RestrictedFieldsMixin, FoldedSearchMixin):
    """For every registry ModelAdmin: set `words = AdminWords(...)`.

    It also hides restricted fields from users without their permission (`restricted.py`) and searches
    in any case and alphabet (`admin_search.py`): one base, so no registry admin goes without either.
    """

    words: AdminWords

    def changelist_view(self, request, extra_context=None):
        if request.GET.get("_popup"):
            title = gettext("Select %s") % self.words.accusative
        elif self.has_change_permission(request):
            title = gettext("Select %s to change") % self.words.accusative
        else:
            title = gettext("Select %s to view") % self.words.accusative
        context = {"title": title, "add_title": capfirst(gettext("Add %s") % self.words.accusative)}
        return super().changelist_view(request, extra_context={**context, **(extra_context or {})})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add:
            context["title"] = gettext("Add %s") % self.words.accusative
            context["add_breadcrumb"] = capfirst(context["title"])  # templates/admin/change_form.html
        elif self.has_change_permission(request, obj):
            context["title"] = gettext("Change %s") % self.words.accusative
        else:
            context["title"] = gettext("View %s") % self.words.accusative
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_admin_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_admin_formset in inline_admin_formsets:
            words = getattr(inline_admin_formset.opts, "words", None)
            if words is not None:
                inline_admin_formset.inline_formset_data = add_text_replacer(inline_admin_formset, words)
        return inline_admin_formsets

    def get_export_queryset(self, request):
        # The spreadsheet admins' export (django-import-export) rebuilds the list from the URL but, unlike
        # the list, lets a bad lookup through (a 500): a bad request, as the list answers it.
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters as error:
            raise SuspiciousOperation(f"Bad list parameters for the export: {error}") from error

    # Django words its own success messages from the verbose name; the mixin notes what happened and words them anew.
    def response_add(self, request, obj, post_url_continue=None):
        request.registry_outcome = (gettext("Added: %(name)s “%(object)s”."), obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        sentence = gettext("Added: %(name)s “%(object)s”.") if "_saveasnew" in request.POST else None
        request.registry_outcome = (sentence or gettext("Saved: %(name)s “%(object)s”."), obj)
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        request.registry_outcome = (gettext("Deleted: %(name)s “%(object)s”."), obj_display)
        return super().response_delete(request, obj_display, obj_id)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:  # «Удалить выбранные участники» otherwise
            function, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (function, name, gettext("Delete the selected records"))
        return actions

    def delete_queryset(self, request, queryset):
        count = queryset.count()
        super().delete_queryset(request, queryset)
        request.registry_outcome = (None, count)

    def message_user(self, request, message, level=messages.INFO, extra_tags="", fail_silently=False):
        outcome = getattr(request, "registry_outcome", None)
        if outcome is not None and level == messages.SUCCESS:
            message = self.outcome_message(request, *outcome)
        super().message_user(request, message, level, extra_tags, fail_silently)

    def outcome_message(self, request, sentence, obj):
        if sentence is None:  # the bulk deletion, whose `obj` is the count
            return ngettext("Deleted %(count)d record.", "Deleted %(count)d records.", obj) % {"count": obj}
        parts = [sentence % {"name": self.model._meta.verbose_name, "object": obj}]
        if "_continue" in request.POST or "_saveasnew" in request.POST:
            parts.append(gettext("You may edit it again below."))
        elif "_addanother" in request.POST:
            parts.append(gettext("You may add %s below.") % self.words.another)
        return capfirst(" ".join(parts))


def add_text_replacer(inline_admin_formset, words):
    """The inline's data for inlines.js with its «add another» link in the model's own words."""
    stock = inline_admin_formset.inline_formset_data

    def inline_formset_data():
        data = json.loads(stock())
        data["options"]["addText"] = capfirst(gettext("Add %s") % words.another)
        return json.dumps(data)

    return inline_formset_data


class InlineRowForm(forms.ModelForm):
    """An inline's row: a saved row posted back unchanged is not validated again.

    The formset does not save it, and it was valid when saved; validating it cost a query per
    constraint and field look-up on every save of the member (each of its headcount reports and periods).
    A changed, new or deleted row is validated as any form is, against the saved rows.
    """

    def _post_clean(self):
        if self.instance.pk is not None and not self.has_changed():
            return
        super()._post_clean()


class SavedRowChoiceField(forms.ModelChoiceField):
    """An inline row's hidden id, found among the rows its formset has read already (`find`).

    Django's own field looks each posted id up with a query of its own: one per saved row on every save
    of the member. An id that is not one of those rows is looked up as Django does.
    """

    def __init__(self, queryset, *, find, **kwargs):
        super().__init__(queryset, **kwargs)
        self.find = find

    def to_python(self, value):
        row = None if value in self.empty_values else self.find(value)
        return row if row is not None else super().to_python(value)


class SavedRowsInlineFormSet(forms.BaseInlineFormSet):
    """Every registry inline's formset: its rows' ids resolved without a query each (`SavedRowChoiceField`)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self._pk_field.name
        field = form.fields.get(name)
        if form.is_bound and type(field) is forms.ModelChoiceField:
            form.fields[name] = SavedRowChoiceField(
                field.queryset, find=self._saved_row, initial=field.initial, required=False, widget=field.widget
            )

    def _saved_row(self, value):
        try:
            pk = self._pk_field.to_python(value)
        except ValidationError:
            return None
        return self._existing_object(pk)  # the formset's own rows, read once for all its forms


class RegistryInlineMixin:
    """For every registry inline: set `words = AdminWords(...)` for its «add another» link."""

    words: AdminWords
    formset = SavedRowsInlineFormSet


class CountryPresentFilter(admin.SimpleListFilter):
    """The countries the registry holds, with their counts, instead of all ~250 of django-countries."""

    title = _("country")
    parameter_name = "country__exact"  # Django's own for the field: links to filtered lists keep working

    def lookups(self, request, model_admin):
        rows = model_admin.get_queryset(request).order_by().values_list("country").annotate(count=Count("pk"))
        names = dict(countries)
        labelled = [(code, names.get(code, code), count) for code, count in rows if code]
        return [(code, f"{name} ({count})") for code, name, count in sorted(labelled, key=lambda row: row[1])]

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset
