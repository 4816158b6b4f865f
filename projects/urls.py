from django.urls import path

from pagecache import cache_public_page

from . import views

app_name = "projects"

urlpatterns = [
    path("", cache_public_page(views.ProjectListView.as_view()), name="project-list"),
    path("<slug:slug>/", cache_public_page(views.ProjectDetailView.as_view()), name="project-detail"),
]
