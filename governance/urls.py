from django.urls import path

from pagecache import cache_public_page

from . import views

app_name = "governance"

urlpatterns = [
    path("", cache_public_page(views.GovernanceView.as_view()), name="overview"),
]
