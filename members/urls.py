from django.urls import path

from pagecache import cache_public_page

from . import views
from .page_cache import member_page_tokens
from .spreadsheets import downloads, public_export

app_name = "members"

urlpatterns = [
    path("", cache_public_page(views.MemberListView.as_view()), name="member-list"),
    path("export.xlsx", public_export.member_list_export, name="member-list-export"),
    path("export.csv", downloads.member_list_csv, name="member-list-csv"),
    path("export.json", downloads.member_list_json, name="member-list-json"),
    path(
        "<slug:slug>/",
        # Keyed by the member's own token: a change to another member keeps this page (members.page_cache).
        cache_public_page(views.MemberDetailView.as_view(), tokens=member_page_tokens),
        name="member-detail",
    ),
]
