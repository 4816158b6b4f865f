from django.urls import path

from pagecache import cache_public_page

from . import exports, views

app_name = "members"

urlpatterns = [
    path("", cache_public_page(views.MemberListView.as_view()), name="member-list"),
    path("export.xlsx", exports.member_list_export, name="member-list-export"),
    path("<slug:slug>/", cache_public_page(views.MemberDetailView.as_view()), name="member-detail"),
]
