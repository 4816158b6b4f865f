"""The staff's admin: the cluster's name in its header, the registry first in its sidebar, its own language.

`/admin/` has no language prefix, so the public site's LocaleMiddleware would always show it in Russian.
Staff pick the admin's language with the switch in its header (`language_view`, remembered in a cookie of
the admin's own); until they do, `AdminLanguageMiddleware` follows the browser's Accept-Language.
"""

from axes.apps import AppConfig as AxesConfig
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

LANGUAGE_COOKIE = "admin_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
# The sidebar's order: the registry's own apps, then the staff accounts; the background tasks, the access logs last.
APP_ORDER = ["members", "governance", "projects", "reports", "portal", "auth"]
LAST_APPS = ["django_tasks_db", "axes"]


def cluster_name() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return settings.CLUSTER_NAME.get(language) or settings.CLUSTER_NAME[settings.LANGUAGE_CODE]


def app_position(app: dict) -> tuple[int, str]:
    label = app["app_label"]
    if label in APP_ORDER:
        return (APP_ORDER.index(label), "")
    if label in LAST_APPS:
        return (len(APP_ORDER) + 1 + LAST_APPS.index(label), "")
    return (len(APP_ORDER), str(app["name"]))


class RegistryAdminSite(admin.AdminSite):
    site_header = lazy(cluster_name, str)()
    site_title = lazy(cluster_name, str)()
    index_title = _("Registry administration")
    index_template = "admin/start.html"  # the staff's start page (staff_home.py), the app list beside it

    def get_app_list(self, request, app_label=None):
        return sorted(super().get_app_list(request, app_label), key=app_position)

    def index(self, request, extra_context=None):
        from .staff_home import start_page_context  # the apps' models are not loaded when the site is built

        return super().index(request, extra_context={**start_page_context(request), **(extra_context or {})})

    def get_urls(self):
        from reports.views import admin_urls  # the apps' models are not loaded when the site is built

        # The language switch is not behind admin_view: the login page has it too. The reports come
        # before Django's own patterns, whose catch-all would answer them with a 404.
        return [path("language/", language_view, name="language"), *admin_urls(self), *super().get_urls()]

    def each_context(self, request):
        context = super().each_context(request)
        context["admin_languages"] = [(code, translation.get_language_info(code)) for code, _name in settings.LANGUAGES]
        return context


class RegistryAdminConfig(AdminConfig):
    default_site = "cluster_registry.admin_site.RegistryAdminSite"


class AccessLogsConfig(AxesConfig):
    """django-axes under a name staff read in the sidebar ("Axes" otherwise)."""

    verbose_name = _("Access logs")


def supported(code: str | None) -> str | None:
    try:
        return translation.get_supported_language_variant(code) if code else None
    except LookupError:
        return None


def browser_language(request) -> str:
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code != "*" and (language := supported(code)):
            return language
    return settings.LANGUAGE_CODE


def admin_language(request) -> str:
    return supported(request.COOKIES.get(LANGUAGE_COOKIE)) or browser_language(request)


@require_POST
def language_view(request):
    """Remember the admin language the staff member chose and go back to the page they were on."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("admin:index")
    response = HttpResponseRedirect(target)
    if language := supported(request.POST.get("language")):
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=LANGUAGE_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


class AdminLanguageMiddleware:
    """Under /admin/ only, the staff member's language instead of the public site's (Russian for unprefixed paths).

    Goes right after LocaleMiddleware, whose Content-Language then names the language chosen here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(reverse("admin:index")):
            return self.get_response(request)
        language = admin_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response
