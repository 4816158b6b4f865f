"""Template context every page needs."""

from django.conf import settings
from django.utils.translation import get_language


def cluster(request):
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return {"cluster_name": settings.CLUSTER_NAME.get(language) or settings.CLUSTER_NAME["ru"]}
