"""The projects app's resources in the public API: projects, awards, awarding bodies.

What the project pages show: published projects and their awards; a project's lead and participants
only while they are public members (the others are left out entirely, as on the page).
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.apitools import OptionalUrlField, PagesSerializer, PublicViewSet, SlugRefSerializer, api_url, page_urls
from members.models import Member

from .models import Award, AwardingBody, Project

MEMBER_REF_FIELDS = ("pk", "slug", "name_ru", "name_en")


def _member_ref(request, member) -> dict:
    url = api_url(request, "api:member-detail", slug=member.slug)
    return {"url": url, "slug": member.slug, "name_ru": member.name_ru, "name_en": member.name_en}


class ThemeSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name_ru = serializers.CharField()
    name_en = serializers.CharField()


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail", lookup_field="slug")
    pages = serializers.SerializerMethodField()
    theme = ThemeSerializer()
    lead = serializers.SerializerMethodField(
        help_text="The lead member, while it is public; empty when the cluster leads"
    )
    participants = serializers.SerializerMethodField(help_text="The participating members that are public")
    awards = serializers.HyperlinkedRelatedField(view_name="api:award-detail", many=True, read_only=True)
    link = OptionalUrlField()

    class Meta:
        model = Project
        fields = [
            "url", "slug", "pages", "title_ru", "title_en", "summary_ru", "summary_en", "theme", "kind",
            "first_year", "last_year", "status", "lead", "participants", "awards", "link",
        ]  # fmt: skip

    @extend_schema_field(PagesSerializer)
    def get_pages(self, project) -> dict:
        return page_urls(self.context["request"], "projects:project-detail", slug=project.slug)

    @extend_schema_field(SlugRefSerializer(allow_null=True))
    def get_lead(self, project):
        lead = next((m for m in project.public_participants if m.pk == project.lead_id), None)
        return _member_ref(self.context["request"], lead) if lead else None

    @extend_schema_field(SlugRefSerializer(many=True))
    def get_participants(self, project) -> list:
        return [_member_ref(self.context["request"], member) for member in project.public_participants]


class ProjectViewSet(PublicViewSet):
    """Published projects and initiatives of the cluster, newest first."""

    serializer_class = ProjectSerializer
    lookup_field = "slug"

    def get_queryset(self):
        # The lead is always a participant (a rule of the model), so the public participants hold it.
        members = Member.objects.public().only(*MEMBER_REF_FIELDS).order_by("name_ru", "name_en", "pk")
        return (
            Project.objects.public()
            .select_related("theme")
            .prefetch_related(
                Prefetch("participants", queryset=members, to_attr="public_participants"),
                Prefetch("awards", queryset=Award.objects.only("pk", "project_id").order_by("pk")),
            )
            .order_by("-first_year", "title_ru", "title_en", "pk")
        )


class AwardingBodySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:awarding-body-detail", lookup_field="slug")

    class Meta:
        model = AwardingBody
        fields = ["url", "slug", "name_ru", "name_en", "level"]


class AwardingBodyViewSet(PublicViewSet):
    """Public bodies that award projects."""

    serializer_class = AwardingBodySerializer
    queryset = AwardingBody.objects.order_by("level", "name_en", "pk")
    lookup_field = "slug"


class AwardSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:award-detail")
    project = serializers.HyperlinkedRelatedField(view_name="api:project-detail", lookup_field="slug", read_only=True)
    body = serializers.HyperlinkedRelatedField(
        view_name="api:awarding-body-detail", lookup_field="slug", read_only=True
    )
    date = serializers.CharField(source="date_iso", help_text="YYYY, YYYY-MM or YYYY-MM-DD: as precise as known")
    scan = serializers.SerializerMethodField()
    link = OptionalUrlField()

    class Meta:
        model = Award
        fields = ["url", "id", "project", "body", "kind", "year", "month", "day", "date", "title_ru", "title_en",
                  "scan", "link"]  # fmt: skip

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_scan(self, award):
        return self.context["request"].build_absolute_uri(award.scan.url) if award.scan else None


class AwardViewSet(PublicViewSet):
    """Letters, diplomas, prizes and certificates given to published projects."""

    serializer_class = AwardSerializer

    def get_queryset(self):
        return Award.objects.public().select_related("project", "body").chronological()


def register(router) -> None:
    router.register("projects", ProjectViewSet, basename="project")
    router.register("awards", AwardViewSet, basename="award")
    router.register("awarding-bodies", AwardingBodyViewSet, basename="awarding-body")
