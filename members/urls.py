from django.urls import path

from pagecache import cache_public_page

from . import views
from .spreadsheets import public_export

app_name = "members"

urlpatterns = [
    path("", cache_public_page(views.MemberListView.as_view()), name="member-list"),
    path("export.xlsx", public_export.member_list_export, name="member-list-export"),
    path("<slug:slug>/", cache_public_page(views.MemberDetailView.as_view()), name="member-detail"),
]
