"""The member directory's filters, shared by the directory page and its spreadsheet export.

Both call `directory_queryset(request.GET, language=...)`, so the export holds exactly the
rows the directory lists for the same query string, in the same order.
"""

from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import Count, F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters.constants import EMPTY_VALUES

from .filtering import StrictFilterSet
from .limits import INTEGER_MAX, YEAR_MAX, YEAR_MIN, is_row_id
from .models import Member, Region, Sector
from .tallies import members_per_sector, public_breakdown, sector_breakdown, tallied_dimension_filter

# Long enough for any name; short enough that a pasted page of text is refused, not searched.
SEARCH_MAX_LENGTH = 200
DEFAULT_ORDERING = "name"


class UpperMultipleChoiceField(forms.MultipleChoiceField):
    """Country codes in any case: `country=fi` means Finland."""

    def to_python(self, value):
        return [code.upper() for code in super().to_python(value)]


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Row ids; anything but a short run of digits is refused before the database sees it.

    A 30-digit id would otherwise overflow SQLite's integers (an OverflowError, a 500).
    """

    def clean(self, value):
        for item in value or []:
            if not is_row_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                )
        return super().clean(value)


class IdMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdMultipleChoiceField


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CountryFilter(django_filters.MultipleChoiceFilter):
    field_class = UpperMultipleChoiceField


def country_choices():
    # A callable so the names come in the language active when the form is built.
    return [(country.code, country.name) for country in countries]


def name_in_language(language: str):
    """The member's name in `language`, falling back to the other language's name (as `Member.name`)."""
    first, second = ("name_en", "name_ru") if language[:2] == "en" else ("name_ru", "name_en")
    return Coalesce(NullIf(first, Value("")), NullIf(second, Value("")))


ORDERINGS = {
    "name": ("sort_name", "pk"),
    "-name": ("-sort_name", "-pk"),
    "headcount": (F("headcount").asc(nulls_last=True), "sort_name", "pk"),
    "-headcount": (F("headcount").desc(nulls_last=True), "sort_name", "pk"),
    "joined": (F("joined_on").asc(nulls_last=True), "sort_name", "pk"),
    "-joined": (F("joined_on").desc(nulls_last=True), "sort_name", "pk"),
}


class MemberFilter(StrictFilterSet):
    """Query parameters of `/members/`: each narrows the list; several values of one parameter widen it."""

    invalid_message = _(
        "Some filter values could not be understood, so no member is listed. Correct them and search again:"
    )

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("A word from the member's name, short name or city, in any language."),
        widget=forms.TextInput(attrs={"type": "search", "aria-describedby": "q-help"}),
    )
    country = CountryFilter(label=_("Country"), choices=country_choices, distinct=False)
    region = IdMultipleChoiceFilter(label=_("Region"), queryset=Region.objects.all(), method="filter_in")
    type = django_filters.MultipleChoiceFilter(
        label=_("Member type"), field_name="member_type", choices=Member.Type.choices, distinct=False
    )
    sector = django_filters.ModelMultipleChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="slug", method="filter_sector"
    )
    incubator = django_filters.MultipleChoiceFilter(
        label=_("Business incubator"),
        field_name="incubator_status",
        choices=[c for c in Member.IncubatorStatus.choices if c[0]],
        distinct=False,
    )
    headcount_min = IntegerFilter(
        label=_("Employees, at least"), field_name="headcount", lookup_expr="gte", min_value=0, max_value=INTEGER_MAX
    )
    headcount_max = IntegerFilter(
        label=_("Employees, at most"), field_name="headcount", lookup_expr="lte", min_value=0, max_value=INTEGER_MAX
    )
    joined_from = IntegerFilter(
        label=_("Joined in or after"),
        field_name="joined_on",
        lookup_expr="year__gte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    joined_to = IntegerFilter(
        label=_("Joined in or before"),
        field_name="joined_on",
        lookup_expr="year__lte",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    former = django_filters.BooleanFilter(
        label=_("Show former members too"), method="filter_former", widget=forms.CheckboxInput
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Order by"),
        method="keep",
        empty_label=None,
        choices=[
            ("name", _("Name, A to Z")),
            ("-name", _("Name, Z to A")),
            ("-headcount", _("Employees, most first")),
            ("headcount", _("Employees, fewest first")),
            ("-joined", _("Joined, most recent first")),
            ("joined", _("Joined, earliest first")),
        ],
    )

    # Facets are counted under every other filter, as in a shop's sidebar.
    FACETS = ("country", "region", "type", "sector", "incubator")

    class Meta:
        model = Member
        fields = []

    def __init__(self, data=None, *args, language: str = "ru", **kwargs):
        super().__init__(data, *args, **kwargs)
        self.language = language

    def filter_former(self, queryset, name, value):
        # Unchecked (False) narrows to today's members; the base queryset never holds more than
        # published members who have joined, so checked it adds the former ones and nobody else.
        return queryset if value else queryset.current()

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    # An empty choice arrives as an empty QuerySet, which django-filter does not treat as "no value".
    def filter_in(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{name}__in": value})

    def filter_sector(self, queryset, name, value):
        if not value:
            return queryset
        # A subquery rather than a join, so a member in two chosen sectors is listed once.
        through = Member.sectors.through.objects.filter(sector__in=value)
        return queryset.filter(pk__in=through.values("member_id"))

    def keep(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset, with its tie-breakers

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset).annotate(sort_name=name_in_language(self.language))
        ordering = self.form.cleaned_data.get("ordering") or DEFAULT_ORDERING
        return queryset.order_by(*ORDERINGS[ordering])

    def filtered_without(self, excluded: str | None) -> QuerySet:
        """The queryset under every valid filter but `excluded` (None: every filter), unordered (for facet counts)."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in (excluded, "ordering"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def is_used(self, name: str) -> bool:
        """Whether filter `name` narrows the list (a valid, non-empty value)."""
        value = self.form.cleaned_data.get(name)
        if isinstance(value, QuerySet):
            return not value.query.is_empty()  # an unchosen model choice is `.none()`: no query to tell
        return value not in EMPTY_VALUES

    def filters_in_use(self) -> int:
        """How many filters narrow the list (the ordering is not a filter, nor an unticked checkbox: False)."""
        self.errors  # noqa: B018 -- validates the form, filling cleaned_data
        data = self.form.cleaned_data
        return sum(self.is_used(name) and data[name] is not False for name in data if name != "ordering")

    def facets(self) -> dict[str, dict]:
        """For each facet, {value: number of members}, and under "total" the number of members listed.

        Whatever the number of members: one grouped query under every filter gives the total and the
        counts of each facet not in use (its "other filters" are all the filters); a facet in use is
        counted under the other filters in a query of its own; sectors, a many-to-many, in one more.
        """
        self.errors  # noqa: B018 -- validates the form, filling cleaned_data
        tallied = self.tallied_facets()
        return tallied if tallied is not None else self.counted_facets()

    def counted_facets(self) -> dict[str, dict]:
        """`facets()` counted over the members themselves, under any filters."""
        self.errors  # noqa: B018 -- validates the form, filling cleaned_data
        fields = {name: self.filters[name].field_name for name in ("country", "type", "incubator")}
        fields["region"] = "region"
        rows = list(self.filtered_without(None).values(*fields.values()).annotate(n=Count("pk")))
        result: dict = {"total": sum(row["n"] for row in rows)}
        for name, field in fields.items():
            if self.is_used(name):
                rows_for_facet = self.filtered_without(name).values(field).annotate(n=Count("pk"))
            else:
                rows_for_facet = rows
            counts: dict = {}
            for row in rows_for_facet:
                counts[row[field]] = counts.get(row[field], 0) + row["n"]
            result[name] = counts
        result["region"].pop(None, None)  # members with no region are not a choice
        members = self.filtered_without("sector").values("pk")
        through = Member.sectors.through.objects.filter(member_id__in=members)
        rows = through.values("sector_id").annotate(n=Count("member_id"))
        result["sector"] = {row["sector_id"]: row["n"] for row in rows}
        return result

    def tallied_facets(self) -> dict[str, dict] | None:
        """`facets()` from the tallies of public members (`members.tallies`), or None where they cannot tell.

        They can under no filter and under any of country, region, type, incubator status and one sector:
        the directory as most visitors open and narrow it, whatever the number of members in two queries of
        a few hundred rows. A search, a headcount or joining filter, former members or two sectors at once
        need the members themselves.
        """
        if not self.is_valid():
            return None
        data = self.form.cleaned_data
        used = {name for name in data if name != "ordering" and self.is_used(name) and data[name] is not False}
        if used - {*TALLIED_FACETS, "sector"}:
            return None
        sectors = {sector.pk for sector in data["sector"]} if "sector" in used else set()
        if len(sectors) > 1:
            return None
        chosen = {TALLIED_FACETS[name]: self._tallied_values(name, data[name]) for name in used - {"sector"}}
        rows = sector_breakdown(sectors.pop()) if sectors else public_breakdown()
        result: dict = {"total": sum(row["members"] for row in rows if tallied_dimension_filter(row, chosen))}
        for name, dimension in TALLIED_FACETS.items():
            others = {key: values for key, values in chosen.items() if key != dimension}
            counts: dict = {}
            for row in rows:
                if tallied_dimension_filter(row, others):
                    counts[row[dimension]] = counts.get(row[dimension], 0) + row["members"]
            result[name] = counts
        result["region"].pop(None, None)  # members with no region are not a choice
        result["sector"] = members_per_sector(chosen)
        return result

    @staticmethod
    def _tallied_values(name: str, value) -> set:
        if name == "region":
            return {region.pk for region in value}
        return set(value)


# The facets the tallies hold, by the tally's column.
TALLIED_FACETS = {"country": "country", "region": "region", "type": "member_type", "incubator": "incubator_status"}


class DirectoryResult(NamedTuple):
    filterset: MemberFilter
    members: QuerySet


def directory_queryset(data, *, language: str) -> DirectoryResult:
    """The directory's members for the query parameters `data` (a QueryDict such as `request.GET`).

    Returns `(filterset, members)`: `members` is `Member.objects.public()` (with `former`, the published
    former members too) narrowed by every filter and
    ordered as the page lists it (name in `language` with fallback to the other language, the chosen
    ordering, then pk, so the order is total and stable), with `region` selected. When a value is
    invalid (`filterset.is_valid()` is False, `filterset.errors` says why), `members` is empty rather
    than silently ignoring the bad value. Callers may add `select_related`/`prefetch_related`, but
    must not re-order or re-filter the rows.
    """
    # Always bound, even to no parameters, so the default ordering is applied the same way.
    members = Member.objects.published().was_member()  # narrowed to current members unless `former` is on
    filterset = MemberFilter(data if data is not None else {}, queryset=members, language=language)
    return DirectoryResult(filterset, filterset.qs.select_related("region"))


__all__ = ["DirectoryResult", "MemberFilter", "directory_queryset", "name_in_language"]
