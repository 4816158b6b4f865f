"""The members app's resources in the public API: members, regions, sectors, incubators, the figures.

Members are read through the directory's own `directory_queryset()`: the same filter set (its query
parameters, values and messages), the same public rule (published members who are current today) and
the same total order. A member's fields are the public export's allow-list (`PUBLIC_FIELDS`): the rows are
loaded with `.only()` those fields, so a field not on the list is never read, let alone written out.
The pieces every app's API shares are in `members/apitools.py`.
"""

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse

from .apitools import (
    CountryField,
    OptionalUrlField,
    PagesSerializer,
    PublicViewSet,
    RegionRefSerializer,
    SlugRefSerializer,
    api_url,
    country_record,
    page_urls,
    unknown_parameters,
)
from .filters import MemberFilter, directory_queryset
from .models import Incubator, Member, Region, Sector
from .registration import registration_scheme
from .spreadsheets.public_export import PUBLIC_FIELDS

# The model columns a member's API record reads: the allow-list's own, and the keys of its relations.
MEMBER_COLUMNS = tuple(field for field in PUBLIC_FIELDS if "__" not in field and field != "pk")


class RegistrationSerializer(serializers.Serializer):
    scheme = serializers.CharField(help_text="org-id.guide scheme: RU-INN, RU-OGRN, FI-PRO, NO-BRC, DK-CVR")
    number = serializers.CharField()
    org_id = serializers.CharField(help_text="The scheme and the number: an org-id.guide identifier")


class MemberSerializer(serializers.Serializer):
    """A member's public record: the public export's allow-list, names in both languages as fields."""

    url = serializers.SerializerMethodField()
    slug = serializers.SlugField()
    pages = serializers.SerializerMethodField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()
    short_name = serializers.CharField()
    legal_form = serializers.CharField()
    member_type = serializers.ChoiceField(choices=Member.Type.choices)
    cluster_role = serializers.ChoiceField(choices=Member.Role.choices)
    country = CountryField()
    region = serializers.SerializerMethodField()
    city_ru = serializers.CharField()
    city_en = serializers.CharField()
    sectors = serializers.SerializerMethodField()
    headcount = serializers.IntegerField(allow_null=True)
    joined_on = serializers.DateField(allow_null=True)
    incubator_status = serializers.CharField()
    incubator = serializers.SerializerMethodField()
    registration = serializers.SerializerMethodField()
    website = OptionalUrlField()
    summary_ru = serializers.CharField()
    summary_en = serializers.CharField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, member) -> str:
        return api_url(self.context["request"], "api:member-detail", slug=member.slug)

    @extend_schema_field(PagesSerializer)
    def get_pages(self, member) -> dict:
        return page_urls(self.context["request"], "members:member-detail", slug=member.slug)

    @extend_schema_field(RegionRefSerializer(allow_null=True))
    def get_region(self, member):
        if member.region_id is None:
            return None
        region = member.region
        url = api_url(self.context["request"], "api:region-detail", pk=region.pk)
        return {"url": url, "id": region.pk, "name_ru": region.name_ru, "name_en": region.name_en}

    @extend_schema_field(SlugRefSerializer(many=True))
    def get_sectors(self, member) -> list:
        request = self.context["request"]
        return [
            {
                "url": api_url(request, "api:sector-detail", slug=s.slug),
                "slug": s.slug,
                "name_ru": s.name_ru,
                "name_en": s.name_en,
            }
            for s in member.sectors.all()
        ]

    @extend_schema_field(SlugRefSerializer(allow_null=True))
    def get_incubator(self, member):
        if member.incubator_id is None:
            return None
        incubator = member.incubator
        url = api_url(self.context["request"], "api:incubator-detail", slug=incubator.slug)
        return {"url": url, "slug": incubator.slug, "name_ru": incubator.name_ru, "name_en": incubator.name_en}

    @extend_schema_field(RegistrationSerializer(allow_null=True))
    def get_registration(self, member):
        scheme = registration_scheme(member.country, member.registration_number)
        if not scheme:
            return None
        number = member.registration_number
        return {"scheme": scheme, "number": number, "org_id": f"{scheme}-{number}"}


def public_member_rows(members):
    """`members` loaded with the allow-list's fields only, their region, incubator and sectors in two queries."""
    sectors = Sector.objects.only("pk", "slug", "name_ru", "name_en").order_by("name_en")
    return (
        members.select_related("region", "incubator")
        .only(*PUBLIC_FIELDS, "incubator__slug")
        .prefetch_related(Prefetch("sectors", queryset=sectors))
    )


# The OpenAPI description of the directory's `sector` filter: slugs (drf-spectacular cannot tell from a method).
extend_schema_field(OpenApiTypes.STR)(MemberFilter.base_filters["sector"])


class DirectoryFilterBackend(DjangoFilterBackend):
    """The directory's filter set, through `directory_queryset()`: an invalid value is a 400 naming it."""

    def filter_queryset(self, request, queryset, view):
        filterset, members = directory_queryset(request.query_params, language=settings.LANGUAGE_CODE)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return members


@extend_schema(responses={200: MemberSerializer, 400: OpenApiTypes.OBJECT})
class MemberViewSet(PublicViewSet):
    """Published members who are current today, filtered and ordered as the directory (`/members/`)."""

    serializer_class = MemberSerializer
    lookup_field = "slug"
    filter_backends = [DirectoryFilterBackend]
    filterset_class = MemberFilter
    known_parameters = tuple(MemberFilter.base_filters)

    def get_queryset(self):
        return public_member_rows(Member.objects.public())

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return public_member_rows(super().filter_queryset(queryset))


class RegionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail")
    country = CountryField()
    members = serializers.SerializerMethodField(help_text="The region's members in the API")

    class Meta:
        model = Region
        fields = ["url", "id", "name_ru", "name_en", "code", "country", "members"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_members(self, region) -> str:
        request = self.context["request"]
        return api_reverse("api:member-list", request=request) + f"?region={region.pk}"


class RegionViewSet(PublicViewSet):
    """Regions of the member countries (Russia's federal subjects, and regions elsewhere)."""

    serializer_class = RegionSerializer
    queryset = Region.objects.order_by("country", "name_en", "pk")


class SectorSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:sector-detail", lookup_field="slug")
    members = serializers.SerializerMethodField(help_text="The sector's members in the API")

    class Meta:
        model = Sector
        fields = ["url", "slug", "name_ru", "name_en", "members"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_members(self, sector) -> str:
        return api_reverse("api:member-list", request=self.context["request"]) + f"?sector={sector.slug}"


class SectorViewSet(PublicViewSet):
    """The sectors members work in (the directory's `sector` filter takes the slug)."""

    serializer_class = SectorSerializer
    queryset = Sector.objects.order_by("name_en", "pk")
    lookup_field = "slug"


class IncubatorSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:incubator-detail", lookup_field="slug")

    class Meta:
        model = Incubator
        fields = ["url", "slug", "name_ru", "name_en", "operator_ru", "operator_en"]


class IncubatorViewSet(PublicViewSet):
    """Business incubators whose residents and alumni the registry counts."""

    serializer_class = IncubatorSerializer
    queryset = Incubator.objects.order_by("name_en", "pk")
    lookup_field = "slug"


class AsOfSerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="A past date, YYYY-MM-DD: the members current that day, headcounts as reported by then",
    )

    def validate_on(self, day: datetime.date) -> datetime.date:
        if day > timezone.localdate():
            raise ValidationError(_("Choose today or a date in the past."))
        return day


def figures_record(figures: dict, request) -> dict:
    """`MemberQuerySet.figures()` as the API writes them: countries and regions with both names."""
    return {
        "totals": figures["totals"],
        "by_country": [
            {"country": country_record(str(row["country"])), "members": row["members"], "headcount": row["headcount"]}
            for row in figures["by_country"]
        ],
        "by_region": [
            {
                "region": {
                    "url": api_url(request, "api:region-detail", pk=row["region"]),
                    "id": row["region"],
                    "name_ru": row["region__name_ru"],
                    "name_en": row["region__name_en"],
                },
                "country": row["country"],
                "members": row["members"],
            }
            for row in figures["by_region"]
        ],
        "by_type": figures["by_type"],
        "by_incubator_status": figures["by_incubator_status"],
        "incubators": [
            {
                "url": api_url(request, "api:incubator-detail", slug=i.slug),
                "slug": i.slug,
                "name_ru": i.name_ru,
                "name_en": i.name_en,
            }
            for i in figures["incubators"]
        ],
    }


class FiguresViewSet(viewsets.ViewSet):
    """The cluster's figures, the home page's: today, or as of a past date (`?on=YYYY-MM-DD`)."""

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, required=False)],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        unknown_parameters(request, {"on"})
        form = AsOfSerializer(data=request.query_params)
        form.is_valid(raise_exception=True)
        day = form.validated_data.get("on")
        figures = Member.objects.public_figures(on=day)
        as_of = (day or timezone.localdate()).isoformat()
        return Response({"as_of": as_of, **figures_record(figures, request)})


def register(router) -> None:
    router.register("members", MemberViewSet, basename="member")
    router.register("regions", RegionViewSet, basename="region")
    router.register("sectors", SectorViewSet, basename="sector")
    router.register("incubators", IncubatorViewSet, basename="incubator")
    router.register("figures", FiguresViewSet, basename="figures")
