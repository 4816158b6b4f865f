"""The governance app's resources in the public API: chairmanship terms, affiliations, documents.

What the governance page shows: a term links to its member only while the member itself is public.
"""

from django.db.models import Exists, F, OuterRef
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members.apitools import CountryField, OptionalUrlField, PublicViewSet, SlugRefSerializer, api_url
from members.models import Member

from .models import Affiliation, ChairTerm, Document


class ChairTermSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:chair-term-detail")
    country = CountryField()
    member = serializers.SerializerMethodField(help_text="The member that chaired, while it is public")

    class Meta:
        model = ChairTerm
        fields = ["url", "id", "country", "first_month", "last_month", "member", "person", "notes_ru", "notes_en"]

    @extend_schema_field(SlugRefSerializer(allow_null=True))
    def get_member(self, term):
        if not term.member_public:
            return None
        member = term.member
        url = api_url(self.context["request"], "api:member-detail", slug=member.slug)
        return {"url": url, "slug": member.slug, "name_ru": member.name_ru, "name_en": member.name_en}


class ChairTermViewSet(PublicViewSet):
    """The board's rotating chairmanship, a member country's term from one month to another."""

    serializer_class = ChairTermSerializer

    def get_queryset(self):
        public = Exists(Member.objects.public().filter(pk=OuterRef("member_id")))
        terms = ChairTerm.objects.select_related("member").annotate(member_public=public)
        fields = ("country", "first_month", "last_month", "person", "notes_ru", "notes_en")
        return terms.only(*fields, "member__slug", "member__name_ru", "member__name_en").order_by("first_month", "pk")


class AffiliationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:affiliation-detail", lookup_field="slug")
    link = OptionalUrlField()

    class Meta:
        model = Affiliation
        fields = ["url", "slug", "name_ru", "name_en", "year_joined", "link", "description_ru", "description_en"]


class AffiliationViewSet(PublicViewSet):
    """Associations the cluster belongs to."""

    serializer_class = AffiliationSerializer
    queryset = Affiliation.objects.order_by("name_en", "pk")
    lookup_field = "slug"


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:document-detail", lookup_field="slug")
    file = serializers.SerializerMethodField()
    link = OptionalUrlField()

    class Meta:
        model = Document
        fields = [
            "url", "slug", "doc_type", "number", "date", "date_precision", "title_ru", "title_en",
            "occasion_ru", "occasion_en", "parties_ru", "parties_en", "link", "file",
        ]  # fmt: skip

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_file(self, document):
        return self.context["request"].build_absolute_uri(document.file.url) if document.file else None


class DocumentViewSet(PublicViewSet):
    """Founding documents and milestones: agreements, orders, programmes, decisions."""

    serializer_class = DocumentSerializer
    queryset = Document.objects.order_by(F("date").asc(nulls_last=True), "doc_type", "title_en", "pk")
    lookup_field = "slug"


def register(router) -> None:
    router.register("chair-terms", ChairTermViewSet, basename="chair-term")
    router.register("affiliations", AffiliationViewSet, basename="affiliation")
    router.register("documents", DocumentViewSet, basename="document")
