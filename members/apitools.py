"""The pieces every app's API resources share: pagination, the read-only viewset, links, countries, references.

They live in the bottom app so that governance and projects build on them (`members/api.py` holds the
members' own resources). Links are reversed once per request and filled in (`Links`): a page of 100
members holds some 600 of them.
"""

import functools

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

PAGE_SIZE, MAX_PAGE_SIZE = 25, 100


def unknown_parameters(request, known) -> None:
    """A 400 naming every query parameter not in `known`: a typo is an error, not a silently ignored filter."""
    unknown = sorted(set(request.query_params) - set(known))
    if unknown:
        raise ValidationError({name: [_("Unknown parameter.")] for name in unknown})


class ApiPagination(PageNumberPagination):
    """`page` and `page_size` (at most 100); either one not a positive whole number is a 400 naming it."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        for name in (self.page_query_param, self.page_size_query_param):
            value = request.query_params.get(name)
            if value is not None and not (value.isdigit() and 0 < len(value) <= 9 and int(value) > 0):
                raise ValidationError({name: [_("Enter a whole number, 1 or more.")]})
        return super().paginate_queryset(queryset, request, view)


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource: a query parameter it does not know is a 400 naming it, not silently ignored."""

    pagination_class = ApiPagination
    known_parameters: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        known = {"page", "page_size", *self.known_parameters} if self.action == "list" else set()
        unknown_parameters(request, known)


@functools.cache
def country_record(code: str) -> dict:
    """An ISO 3166 code with the country's name in both languages."""
    names = {}
    for language in ("ru", "en"):
        with translation.override(language):
            names[f"name_{language}"] = countries.name(code)
    return {"code": code, **names}


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    name_ru = serializers.CharField()
    name_en = serializers.CharField()


@extend_schema_field(CountrySerializer)
class CountryField(serializers.Field):
    def to_representation(self, value):
        return country_record(str(value))


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class OptionalUrlField(serializers.CharField):
    """An address that may be missing: null rather than an empty text, so it is always a URI when given."""

    def to_representation(self, value):
        return str(value) or None


class PagesSerializer(serializers.Serializer):
    ru = serializers.URLField()
    en = serializers.URLField()


class Links:
    """Absolute URLs of one view for many objects: reversed once per request with a placeholder, then filled in.

    A page of 100 members holds some 600 links; reversing each costs more than the rest of the record.
    """

    PLACEHOLDER = "0placeholder0"  # matches a slug, a pk and the router's lookup pattern

    def __init__(self, request):
        self.request = request
        self.templates: dict[tuple, tuple[str, str]] = {}

    def __call__(self, viewname: str, language: str | None = None, **kwargs) -> str:
        ((name, value),) = kwargs.items()
        key = (viewname, name, language)
        if key not in self.templates:
            with translation.override(language or translation.get_language()):
                path = reverse(viewname, kwargs={name: self.PLACEHOLDER})
            head, tail = self.request.build_absolute_uri(path).split(self.PLACEHOLDER)
            self.templates[key] = (head, tail)
        head, tail = self.templates[key]
        return f"{head}{value}{tail}"


def links(request) -> Links:
    if not hasattr(request, "_api_links"):
        request._api_links = Links(request)
    return request._api_links


def page_urls(request, viewname: str, **kwargs) -> dict:
    """The public page in both languages, as absolute URLs."""
    return {language: links(request)(viewname, language, **kwargs) for language in ("ru", "en")}


def api_url(request, viewname: str, **kwargs) -> str:
    return links(request)(viewname, **kwargs)


class LinkedSerializer(serializers.Serializer):
    """A reference to another object: its key, its API URL and its names."""

    url = serializers.URLField()


class RegionRefSerializer(LinkedSerializer):
    id = serializers.IntegerField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()


class SlugRefSerializer(LinkedSerializer):
    slug = serializers.SlugField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()
