from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/sign-in/<str:secret>/", views.sign_in_link, name="sign-in"),
    path("account/sign-out/", views.sign_out_view, name="sign-out"),
    path("account/propose/", views.propose, name="propose"),
    path("account/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("account/questionnaire/", views.questionnaire_open, name="questionnaire-open"),
    path("account/questionnaire/<int:year>/", views.questionnaire, name="questionnaire"),
    path("join/", views.join, name="join"),
    path("join/confirm/<str:secret>/", views.join_confirm, name="confirm"),
    path("privacy/", views.privacy, name="privacy"),
]
