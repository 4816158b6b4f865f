"""Production headers, cookies, hosts, CSRF and error pages.

The test settings are the production settings (debug off, HSTS, secure cookies); only the HTTPS
redirect is off, so that the test client can speak plain HTTP. Each test that depends on a
production value says so with an assert on the setting first.
"""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path, reverse

from cluster_registry import urls as site_urls

pytestmark = pytest.mark.django_db
BASE_DIR = Path(settings.BASE_DIR)


def _explode(request):
    raise RuntimeError("a secret detail that must never reach the browser")


# Used as ROOT_URLCONF by the error-page tests: the site plus a view that fails.
urlpatterns = [path("boom/", _explode), *site_urls.urlpatterns]


@pytest.mark.parametrize("url", ["/", "/members/", "/admin/login/"])
def test_production_security_headers_on_public_and_admin_pages(client, url):
    assert settings.DEBUG is False and settings.SECURE_HSTS_SECONDS >= 31536000
    response = client.get(url, secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_public_policy_allows_no_inline_script_or_style_and_no_other_host(client):
    directives = _directives(client.get("/"))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "script-src-attr" not in directives and "style-src-attr" not in directives


def test_the_admin_has_the_same_strict_policy(staff_client, client):
    assert _directives(staff_client.get(reverse("admin:index"))) == _directives(client.get("/"))


def test_admin_pages_load_no_inline_script_element(staff_client):
    # Django's admin keeps its data in data- attributes of external scripts; a bare <script> would be refused.
    for url in [
        reverse("admin:index"),
        reverse("admin:members_member_changelist"),
        reverse("admin:members_member_add"),
    ]:
        html = staff_client.get(url).text
        for chunk in html.split("<script")[1:]:
            assert " src=" in chunk.split(">", 1)[0], chunk[:200]


def test_a_request_for_an_unknown_host_gets_400_with_the_plain_page(client):
    response = client.get("/", HTTP_HOST="attacker.example.com")
    assert response.status_code == 400
    assert "Bad request" in response.text
    assert "attacker.example.com" not in response.text


def test_https_redirect_in_production_leaves_the_health_check_alone(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/members/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200


def test_admin_forms_refuse_a_post_without_the_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(reverse("admin:members_member_add"), {"name_ru": "Без токена", "slug": "no-token"})
    assert response.status_code == 403
    page = client.get(reverse("admin:members_member_add"))
    token = page.cookies["csrftoken"].value
    response = client.post(reverse("admin:members_member_add"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200  # past the CSRF check, back with the form's own errors


def test_the_import_refuses_an_upload_or_a_confirmation_without_the_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    upload = SimpleUploadedFile("members.csv", b"country,slug\nRU,x\n", content_type="text/csv")
    assert client.post(reverse("admin:members_member_import"), {"file": upload}).status_code == 403
    assert client.post(reverse("admin:members_member_import_confirm"), {"token": "x"}).status_code == 403
    assert client.get(reverse("admin:members_member_import")).status_code == 200


def test_a_server_error_shows_the_plain_page_and_is_logged_without_a_traceback_for_the_visitor(settings):
    settings.ROOT_URLCONF = __name__
    records = []
    handler = logging.Handler(level=logging.ERROR)
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = Client(raise_request_exception=False).get("/boom/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 500
    assert "Server error" in response.text and "Ошибка сервера" in response.text
    assert "Traceback" not in response.text and "secret detail" not in response.text
    assert records and records[0].exc_info[0] is RuntimeError


def test_an_unknown_page_gets_the_sites_404_page(client):
    response = client.get("/members/absent/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.text
    assert reverse("members:member-list") in response.text


def test_error_templates_do_not_load_anything_inline():
    for name in ["400.html", "403.html", "404.html", "500.html"]:
        text = (BASE_DIR / "templates" / name).read_text()
        assert "<script" not in text and "style=" not in text
    for name in ["400.html", "500.html"]:  # rendered while something is wrong: no tag that could fail
        text = (BASE_DIR / "templates" / name).read_text()
        assert "{%" not in text and "{{" not in text and "{#" not in text


def _production_env(tmp_path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="production-like-" + "k" * 60,
        DJANGO_ALLOWED_HOSTS="registry.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    return env


def test_check_deploy_passes_at_warning_level_with_the_production_environment(tmp_path):
    result = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_environment_gives_secure_http_only_cookies_and_a_proxy_aware_lockout(tmp_path):
    code = (
        "import django; from django.conf import settings as s; django.setup(); "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_PROXY_SSL_HEADER, s.REGISTRY_PROXY_COUNT, s.AUTHENTICATION_BACKENDS[0])"
    )
    env = {
        **_production_env(tmp_path),
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_SETTINGS_MODULE": "cluster_registry.settings",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == (
        "True True True True ('HTTP_X_FORWARDED_PROTO', 'https') 1 axes.backends.AxesStandaloneBackend"
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**_production_env(tmp_path), "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
