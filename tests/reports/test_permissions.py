"""Who opens the reports: staff only; the reports built on confidential figures need the permission to see them."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cluster_registry import roles
from members.permissions import VIEW_YEARLY_FIGURES

from .crafted import member_with_figures

pytestmark = pytest.mark.django_db

CONFIDENTIAL = ("indicators", "cdc")
PAGES = [(slug, suffix) for slug in ("indicators", "cdc", "composition") for suffix in ("", "-xlsx")]


def staff_in(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, password="a-long-test-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture(autouse=True)
def figures():
    member_with_figures(revenue=123_456, employees=10)


@pytest.mark.parametrize(("slug", "suffix"), PAGES)
def test_an_editor_opens_every_report(client, django_user_model, slug, suffix):
    client.force_login(staff_in(django_user_model, roles.EDITORS, "editor"))
    assert client.get(reverse(f"admin:reports-{slug}{suffix}"), {"year": 2017}).status_code == 200


@pytest.mark.parametrize(("slug", "suffix"), PAGES)
def test_a_viewer_without_the_figures_permission_opens_only_the_composition(client, django_user_model, slug, suffix):
    viewer = staff_in(django_user_model, roles.VIEWERS, "viewer")
    assert not viewer.has_perm(VIEW_YEARLY_FIGURES)
    client.force_login(viewer)
    response = client.get(reverse(f"admin:reports-{slug}{suffix}"), {"year": 2017})
    assert response.status_code == (403 if slug in CONFIDENTIAL else 200)


def test_the_start_page_links_only_the_reports_the_viewer_may_open(client, django_user_model):
    client.force_login(staff_in(django_user_model, roles.VIEWERS, "viewer"))
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:reports-composition") in page
    assert reverse("admin:reports-indicators") not in page and reverse("admin:reports-cdc") not in page


@pytest.mark.parametrize(("slug", "suffix"), PAGES)
def test_the_public_is_sent_to_sign_in(client, slug, suffix):
    response = client.get(reverse(f"admin:reports-{slug}{suffix}"), {"year": 2017})
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_a_signed_in_non_staff_user_is_sent_to_sign_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("someone", password="a-long-test-password-1"))
    assert client.get(reverse("admin:reports-composition")).status_code == 302


def test_a_bad_year_shows_the_default_year_and_says_so(staff_client):
    page = staff_client.get(reverse("admin:reports-composition"), {"year": "abc"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
