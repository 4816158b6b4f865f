"""Input no form or id can hold gets 400 or 404, never 500: one guard for the whole site (cluster_registry/guards.py).

A NUL character in the path, the query, a form field or a cookie is a 400 (PostgreSQL cannot even
compare it); a malformed object or version id in any admin URL of the registry's models is a 404.
"""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern

from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db
REGISTRY_APPS = {"members", "governance", "projects", "reports"}


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-test-password-1")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/members/?sector=%00",
        "/en/members/?sector=water%00x",
        "/members/?q=%00",
        "/members/%00/",
        "/en/projects/?%00=1",
        "/healthz?x=%00",
    ],
)
def test_a_nul_in_a_public_url_is_a_bad_request(url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "country__exact=%00",
        "member_type__exact=%00",
        "incubator_status__exact=%00",
        "search_text__contains=%00",
        "q=%00",
        "membership=%00",
    ],
)
def test_a_nul_in_the_admins_member_list_filters_is_a_bad_request(staff, query):
    assert staff.get(f"/admin/members/member/?{query}").status_code == 400


def test_a_nul_in_the_admins_autocomplete_is_a_bad_request(staff):
    query = "term=%00&app_label=members&model_name=member&field_name=sectors"
    assert staff.get(f"/admin/autocomplete/?{query}").status_code == 400


def test_a_nul_in_a_posted_form_or_a_cookie_is_a_bad_request(client):
    client = Client(raise_request_exception=False)
    response = client.post("/admin/login/", {"username": "admin\x00", "password": "x"})
    assert response.status_code == 400
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 400


def test_text_without_nul_still_passes(client):
    assert client.get("/members/?q=%25%30%30water").status_code == 200


def registry_admin_urls():
    """(model, URL pattern) for every admin URL of the registry's models that takes an object id."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in REGISTRY_APPS:
            continue
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern)
            if isinstance(pattern, URLPattern) and ("object_id" in route or route.startswith("^([^/]+)/")):
                yield model, route


def fill(route: str, object_id: str, version_id: str) -> str:
    """The URL of a route (`<path:object_id>/...`, or simple-history's `^([^/]+)/history/([^/]+)/$`)."""
    values = iter([object_id, version_id])
    route = re.sub(r"\(\[\^/\]\+\)", lambda match: next(values), route.strip("^$"))
    return route.replace("<path:object_id>", object_id).replace("<str:version_id>", version_id)


@pytest.mark.parametrize("bad_id", ["abc", "1.5", "%00", "99999999999999999999999"])
def test_no_admin_url_of_the_registry_answers_500_for_a_malformed_id(staff, bad_id):
    member = MemberFactory()
    routes = list(registry_admin_urls())
    assert len({model for model, _ in routes}) >= 10 and any("history/(" in route for _, route in routes)
    for model, route in routes:
        prefix = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls = [fill(route, object_id=bad_id, version_id="1")]
        if "history/(" in route:
            urls.append(fill(route, object_id=str(member.pk), version_id=bad_id))
        for url in urls:
            response = staff.get(prefix + url)
            assert response.status_code in {400, 404}, (prefix + url, response.status_code)


def test_a_well_formed_id_still_reaches_its_view(staff):
    member = MemberFactory()
    version = member.history.latest()
    assert staff.get(f"/admin/members/member/{member.pk}/history/").status_code == 200
    assert staff.get(f"/admin/members/member/{member.pk}/history/{version.history_id}/").status_code == 200


def test_a_visitor_not_signed_in_is_sent_to_the_login_whatever_the_id():
    response = Client(raise_request_exception=False).get("/admin/members/member/abc/history/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
