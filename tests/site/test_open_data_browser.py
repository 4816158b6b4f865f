"""The API's documentation page and the JSON-LD of member pages in Chromium, under the strict CSP.

Chromium reports every refused script, style or connection on the console; none may appear.
Skipped when /usr/bin/chromium is absent, except where REQUIRE_BROWSER=1 (CI).
"""

import pytest
from rest_framework.throttling import AnonRateThrottle

from tests.members.factories import MemberFactory

from .test_security_browser import browser, complain  # noqa: F401 -- the shared Chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, monkeypatch):  # noqa: F811
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.on("console", lambda message: complain(page, message))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def test_the_api_documentation_renders_with_no_policy_violation(page, live_server):
    MemberFactory()
    response = page.goto(live_server.url + "/api/v1/docs/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-tag", timeout=20_000)  # the operations, read from the schema
    assert page.locator(".opblock").count() >= 20
    assert "/api/v1/members/" in page.content()
    assert page.problems == []


def test_a_member_page_with_json_ld_raises_no_policy_violation(page, live_server):
    member = MemberFactory(name_ru="<b>Ромашка</b>")
    response = page.goto(live_server.url + f"/members/{member.slug}/")
    assert response.status == 200
    page.wait_for_load_state("load")
    data = page.locator('script[type="application/ld+json"]').text_content()
    assert "Ромашка" in data
    assert page.problems == []
