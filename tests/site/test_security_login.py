"""Admin sign-in: lockout by user name and address together, its cool-off, sessions, cookies, passwords."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cluster_registry.security import client_ip

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-1"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Each sign-in hashes the password; the production hasher would make this file take half a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)


def sign_in(client, password, username="editor", address="198.51.100.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def fail_to_the_limit(client, **kwargs):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "wrong-password", **kwargs)
    return response


def test_the_right_password_signs_in(client, staff):
    assert sign_in(client, PASSWORD).status_code == 302


def test_one_failure_short_of_the_limit_still_lets_the_right_password_in(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong-password").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_after_the_failure_limit_even_the_right_password_is_refused(client, staff):
    assert settings.AXES_FAILURE_LIMIT <= 10
    fail_to_the_limit(client)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_binds_the_user_name_and_the_address_together(client, staff, django_user_model):
    django_user_model.objects.create_user("viewer", "viewer@example.org", PASSWORD, is_staff=True)
    fail_to_the_limit(client)
    assert sign_in(Client(), PASSWORD, address="203.0.113.9").status_code == 302  # same name, other address
    assert sign_in(Client(), PASSWORD, username="viewer").status_code == 302  # same address, other name


def test_the_lockout_ends_after_the_cool_off(client, staff):
    assert datetime.timedelta(0) < settings.AXES_COOLOFF_TIME <= datetime.timedelta(hours=1)
    fail_to_the_limit(client)
    assert sign_in(client, PASSWORD).status_code == 429
    earlier = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert sign_in(client, PASSWORD).status_code == 302


def test_a_failure_during_the_cool_off_is_not_forgiven(client, staff):
    fail_to_the_limit(client)
    almost = timezone.now() - settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=almost)
    assert sign_in(client, PASSWORD).status_code == 429


def test_behind_a_proxy_the_lockout_follows_the_address_the_proxy_saw(rf, settings):
    settings.REGISTRY_PROXY_COUNT = 1
    forged = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")
    assert client_ip(forged) == "203.0.113.5"  # the entry the proxy appended, not the one the client wrote
    bypassed = rf.get("/", REMOTE_ADDR="198.51.100.3")
    assert client_ip(bypassed) == "198.51.100.3"
    settings.REGISTRY_PROXY_COUNT = 0
    assert client_ip(forged) == "10.0.0.2"  # without a proxy the header is the client's word only


def test_behind_a_proxy_a_forged_header_does_not_escape_the_lockout(client, staff, settings):
    settings.REGISTRY_PROXY_COUNT = 1
    for forged in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{forged}, 203.0.113.5",
        )
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.200, 203.0.113.5",
    )
    assert response.status_code == 429


def test_signing_in_sets_secure_http_only_session_and_secure_csrf_cookies(client, staff):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    client.get(reverse("admin:login"))
    assert client.cookies["csrftoken"]["secure"]
    response = sign_in(client, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_the_session_ends_at_logout(client, staff):
    client.force_login(staff)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("admin:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = key
    response = stale.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("weak", ["short-pw1", "password1234", "123456789012", "editor-example"])
def test_weak_passwords_are_refused(weak, staff):
    with pytest.raises(ValidationError):
        validate_password(weak, user=staff)


def test_a_long_uncommon_password_is_accepted(staff):
    validate_password("cobalt-harbour-lantern-47", user=staff)


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"])
def test_a_sign_in_with_an_unsafe_next_lands_on_the_admins_start_page(client, staff, unsafe):
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "next": unsafe},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
