from django.urls import path

from . import exports, views

app_name = "members"

urlpatterns = [
    path("", views.MemberListView.as_view(), name="member-list"),
    path("export.xlsx", exports.member_list_export, name="member-list-export"),
    path("<slug:slug>/", views.MemberDetailView.as_view(), name="member-detail"),
]
