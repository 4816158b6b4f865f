"""The admin, its history, leaving, import and export pages work in Chromium under the Content-Security-Policy.

Chromium reports every refused inline script, handler or style on the console; none may appear.
Skipped when /usr/bin/chromium is absent, except where REQUIRE_BROWSER=1 (CI).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from cluster_registry.roles import REGISTRY_APPS
from tests.members.factories import MemberFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is absent: install Debian's chromium package to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # factories run while Playwright's loop is open
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def admin_page(browser, live_server, settings, django_user_model):
    """A page signed in as a superuser; the console's complaints are collected in `page.problems`."""
    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain HTTP
    settings.CSRF_COOKIE_SECURE = False
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", None)
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: complain(page, message))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def complain(page, message):
    if message.type not in ("error", "warning"):
        return
    where = message.location.get("url", "")
    if where.endswith("/favicon.ico"):
        return  # browsers ask for it unprompted; the site has none
    page.problems.append(f"{message.text} ({where})")


def visit(page, live_server, url):
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    assert "content-security-policy" in response.headers
    page.wait_for_load_state("load")


def test_member_admin_pages_raise_no_policy_violation(admin_page, live_server):
    member = MemberFactory(employees=12)
    pages = [
        reverse("admin:index"),
        reverse("admin:members_member_changelist"),
        reverse("admin:members_member_add"),
        reverse("admin:members_member_history", args=[member.pk]),
        reverse("admin:members_member_simple_history", args=[member.pk, member.history.first().history_id]),
        reverse("admin:members_member_as_of", args=[member.pk]),
        reverse("admin:members_member_leave", args=[member.pk]),
        reverse("admin:members_member_import"),
        reverse("admin:members_member_export"),
    ]
    for url in pages:
        visit(admin_page, live_server, url)
    assert admin_page.problems == []


def test_the_change_form_widgets_work_under_the_policy(admin_page, live_server):
    member = MemberFactory(employees=12)
    visit(admin_page, live_server, reverse("admin:members_member_change", args=[member.pk]))
    admin_page.locator("#headcounts-group .add-row a").click()  # inline rows are added by script
    assert admin_page.locator("#headcounts-group tr.form-row.dynamic-headcounts").count() >= 2
    admin_page.locator("#id_region").evaluate("node => node")  # the autocomplete's select exists
    admin_page.locator(".select2-selection").first.click()  # the autocomplete opens
    admin_page.wait_for_selector(".select2-results")
    assert admin_page.problems == []


def test_every_registry_admin_list_and_form_raises_no_policy_violation(admin_page, live_server):
    for model in [model for model in admin.site._registry if model._meta.app_label in REGISTRY_APPS]:
        info = model._meta.app_label, model._meta.model_name
        visit(admin_page, live_server, reverse("admin:{}_{}_changelist".format(*info)))
        visit(admin_page, live_server, reverse("admin:{}_{}_add".format(*info)))
    assert admin_page.problems == []
