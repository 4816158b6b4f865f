"""The project's URLs plus the bench-only floor views; served only by the benchmark's own processes."""

from django.urls import path

from cluster_registry.urls import urlpatterns as project_urlpatterns

from . import api, floors

urlpatterns = [
    path("bench-floor/fixed", floors.fixed, name="bench-fixed"),
    path("bench-floor/bump", floors.bump, name="bench-bump"),
    path("bench-floor/directory", floors.directory, name="bench-directory"),
    path("bench-floor/member/<slug:slug>", floors.member, name="bench-member"),
    path("bench-floor/home", floors.home, name="bench-home"),
    path("bench-floor/as-of", floors.as_of, name="bench-as-of"),
    path("bench-floor/api-members", api.floor, name="bench-api-members"),
    *project_urlpatterns,
]
