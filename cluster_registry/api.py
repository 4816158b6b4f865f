"""The public API's root (`/api/v1/`): each app's resources mounted, the OpenAPI description, its page.

Every response under `/api/` is public data, the same for everyone: `ApiMiddleware` opens it to every
origin for reading (CORS) and answers conditional requests from the registry's revision (`pagecache`).
The ETag stands for the revision, the day (who is current depends on it), the language (the schema's
texts) and the full path; a repeated request whose `If-None-Match` still matches is a 304 after the one
query that reads the revision, before any view, session or throttle runs.
"""

import hashlib

from django.urls import include, path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request
from django.views.decorators.http import condition
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from governance.api import register as register_governance
from members.api import register as register_members
from pagecache.models import RegistryRevision
from pagecache.revision import ROW
from projects.api import register as register_projects

API_PREFIX = "/api/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
    "Access-Control-Max-Age": "86400",
}


def _revision(request) -> tuple[str, object]:
    """(token, changed_at) of the registry, read once per request."""
    if not hasattr(request, "_registry_revision"):
        row = RegistryRevision.objects.filter(pk=ROW).values_list("token", "changed_at").first()
        request._registry_revision = row or ("", None)
    return request._registry_revision


def _etag(request) -> str | None:
    token, _changed = _revision(request)
    if not token:
        return None
    # This runs before LocaleMiddleware: the language is read from the request as it will read it.
    language = get_language_from_request(request, check_path=False)
    parts = (token, timezone.localdate().isoformat(), language, request.get_full_path())
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:32] + '"'


def _last_modified(request):
    return _revision(request)[1]


class ApiMiddleware:
    """CORS for reading, and ETag / Last-Modified / 304 for every GET under `/api/`."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(self._respond)

    def _respond(self, request):
        return self.get_response(request)

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        read = request.method in ("GET", "HEAD")
        response = self.conditional(request) if read else self.get_response(request)
        for header, value in CORS_HEADERS.items():
            response[header] = value
        patch_vary_headers(response, ["Accept-Language"])
        if response.status_code not in (200, 304):
            # An error (a bad parameter, 429) is no representation to revalidate later.
            del response["ETag"]
            del response["Last-Modified"]
        return response


class ApiDocsView(TemplateView):
    """`/api/v1/docs/`: Swagger UI from drf-spectacular-sidecar's static files, started by our own script."""

    template_name = "api/docs.html"


router = DefaultRouter()
router.include_format_suffixes = False
register_members(router)
register_governance(router)
register_projects(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(), name="api-docs"),
    path("", include(router.urls)),
]
