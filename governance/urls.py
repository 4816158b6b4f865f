from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.GovernanceView.as_view(), name="overview"),
]
