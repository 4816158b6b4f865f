"""The public project list's filters, each choice labelled with how many projects it would show.

A choice's count takes the other chosen filters into account (choosing a member and then looking at
the bodies shows how many of that member's projects each body recognised), so each filter costs one
query whatever the number of projects. Choices that would show nothing are left out.
"""

import django_filters
from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.filtering import StrictFilterSet
from members.models import Member

from .models import Award, AwardingBody, Project, Theme

ANY = _("Any")
FILTERS = ("year", "body", "award_kind", "member", "theme")


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


def public_members(request):
    # Built per request: "public" means current today, and a module-level queryset would keep the import day.
    return Member.objects.public()


def labelled(name, count: int) -> str:
    return f"{name} ({count})"


class ProjectFilter(StrictFilterSet):
    """Query parameters of `/projects/`; a value that cannot be understood lists nothing (members/filtering.py)."""

    invalid_message = _(
        "Some filter values could not be understood, so no project is listed. Correct them and search again:"
    )

    year = YearFilter(
        label=_("Year"),
        widget=forms.Select(attrs={"aria-describedby": "id_year_help"}),
        help_text=_("Projects under way that year."),
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Awarding body"), queryset=AwardingBody.objects.all(), to_field_name="slug", empty_label=ANY
    )
    award_kind = django_filters.ChoiceFilter(label=_("Kind of award"), choices=Award.Kind.choices, empty_label=ANY)
    member = django_filters.ModelChoiceFilter(
        label=_("Member"), queryset=public_members, to_field_name="slug", empty_label=ANY
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", empty_label=ANY
    )

    class Meta:
        model = Project
        fields = list(FILTERS)

    def criteria(self) -> dict:
        """The valid, non-empty choices (the choices' counts take them into account even while another is invalid)."""
        self.errors  # noqa: B018 (validates the form, filling cleaned_data)
        cleaned = getattr(self.form, "cleaned_data", {})
        return {name: cleaned[name] for name in FILTERS if cleaned.get(name) not in (None, "")}

    def filter_queryset(self, queryset):
        return queryset.matching(**self.criteria())

    def add_counts(self) -> None:
        """Replace each filter's choices with the ones that show something, labelled with their counts."""
        criteria = self.criteria()
        for name in FILTERS:
            others = {key: value for key, value in criteria.items() if key != name}
            projects = self.queryset.matching(**others)
            choices = getattr(self, f"_{name}_choices")(projects, criteria)
            self.form.fields[name].widget.choices = [("", ANY), *choices]

    def _year_choices(self, projects, criteria):
        counts = projects.counts_by_year(until=timezone.localdate().year)
        chosen = criteria.get("year")
        if chosen is not None and chosen not in counts:
            counts[chosen] = 0
        return [(year, labelled(year, count)) for year, count in counts.items()]

    def _body_choices(self, projects, criteria):
        awards = {"awards__project__in": projects}
        if criteria.get("award_kind"):
            awards["awards__kind"] = criteria["award_kind"]
        bodies = AwardingBody.objects.filter(**awards).annotate(projects=Count("awards__project", distinct=True))
        return self._with_chosen([(body.slug, body.name, body.projects) for body in bodies], criteria.get("body"))

    def _award_kind_choices(self, projects, criteria):
        awards = Award.objects.filter(project__in=projects)
        if criteria.get("body"):
            awards = awards.filter(body=criteria["body"])
        counts = dict(awards.order_by().values_list("kind").annotate(projects=Count("project", distinct=True)))
        chosen = criteria.get("award_kind")
        return [
            (kind, labelled(label, counts.get(kind, 0)))
            for kind, label in Award.Kind.choices
            if counts.get(kind) or kind == chosen
        ]

    def _member_choices(self, projects, criteria):
        members = Member.objects.public().filter(projects__in=projects).annotate(projects_count=Count("projects"))
        rows = [(member.slug, member.name, member.projects_count) for member in members]
        return self._with_chosen(sorted(rows, key=lambda row: row[1].casefold()), criteria.get("member"))

    def _theme_choices(self, projects, criteria):
        themes = Theme.objects.filter(projects__in=projects).annotate(projects_count=Count("projects"))
        rows = [(theme.slug, theme.name, theme.projects_count) for theme in themes]
        return self._with_chosen(sorted(rows, key=lambda row: row[1].casefold()), criteria.get("theme"))

    @staticmethod
    def _with_chosen(rows, chosen):
        """Keep a chosen option that no longer shows anything, with its zero, so the form still shows it."""
        if chosen is not None and chosen.slug not in {slug for slug, _name, _count in rows}:
            rows = [*rows, (chosen.slug, chosen.name, 0)]
        return [(slug, labelled(name, count)) for slug, name, count in rows]
