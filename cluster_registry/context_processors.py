"""Template context every page needs."""

from django.conf import settings
from django.db.models import JSONField, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from members.models import Member
from pagecache.models import RegistryRevision
from pagecache.revision import ROW


def cluster(request):
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return {
        "cluster_name": settings.CLUSTER_NAME.get(language) or settings.CLUSTER_NAME["ru"],
        # Read only when a page draws the footer: a page served from the cache never does.
        "registry_footer": SimpleLazyObject(registry_footer),
    }


def registry_footer() -> dict:
    """The footer's facts: the cluster's specialised organisation (public today) and the day the registry
    last changed, in one query."""
    specialised = (
        Member.objects.public()
        .specialised()
        .order_by("pk")
        .values(data=JSONObject(slug="slug", name_ru="name_ru", name_en="name_en"))[:1]
    )
    row = (
        RegistryRevision.objects.filter(pk=ROW)
        .values("changed_at", specialised=Subquery(specialised, output_field=JSONField()))
        .first()
    )
    if row is None:  # before the first migration wrote the revision
        return {"specialised": None, "changed_on": None}
    return {
        "specialised": Member(**row["specialised"]) if row["specialised"] else None,
        "changed_on": timezone.localdate(row["changed_at"]),
    }
