"""Root URLs: Russian pages at the bare path, English under /en/, health check and admin unprefixed."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from pagecache import cache_public_page

from . import media, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    re_path(r"^media/(?P<path>.+)$", media.media, name="media"),
]

urlpatterns += i18n_patterns(
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("members/", include("members.urls")),
    path("governance/", include("governance.urls")),
    path("projects/", include("projects.urls")),
    prefix_default_language=False,
)

# A server error while the database cannot be reached answers 503 with templates/503.html, not 500.
handler500 = "cluster_registry.views.server_error"
