from django.urls import path

from pagecache import cache_public_page

from . import exports, opendata, views

app_name = "members"

urlpatterns = [
    path("", cache_public_page(views.MemberListView.as_view()), name="member-list"),
    path("export.xlsx", exports.member_list_export, name="member-list-export"),
    path("export.csv", opendata.member_list_csv, name="member-list-csv"),
    path("export.json", opendata.member_list_json, name="member-list-json"),
    path("<slug:slug>/", cache_public_page(views.MemberDetailView.as_view()), name="member-detail"),
]
