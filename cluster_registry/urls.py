"""Root URLs: Russian pages at the bare path, English under /en/, health check and admin unprefixed."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from pagecache import cache_public_page

from . import api, media, opendata, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api.urlpatterns, "api"))),
    path("sitemap.xml", sitemap, {"sitemaps": opendata.SITEMAPS}, name="sitemap"),
    path("robots.txt", opendata.robots_txt, name="robots-txt"),
    re_path(r"^media/(?P<path>.+)$", media.media, name="media"),
]

urlpatterns += i18n_patterns(
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("members/", include("members.urls")),
    path("governance/", include("governance.urls")),
    path("projects/", include("projects.urls")),
    path("open-data/", cache_public_page(opendata.OpenDataView.as_view()), name="open-data"),
    path("", include("portal.urls")),
    prefix_default_language=False,
)

# A server error while the database cannot be reached answers 503 with templates/503.html, not 500.
handler500 = "cluster_registry.views.server_error"
