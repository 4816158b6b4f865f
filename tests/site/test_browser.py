"""End to end in Debian's headless Chromium, driven by Playwright's sync API against the live server.

Skipped with a reason when /usr/bin/chromium is absent, except where REQUIRE_BROWSER=1 (CI): there
a missing browser fails. Playwright's bundled browsers are never downloaded.
"""

import os
import re
from pathlib import Path

import pytest

from members.models import Member
from tests.members.factories import MemberFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is absent: install Debian's chromium package to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the tests' own ORM calls
    # (factories, database set-up and flush) are still plain synchronous code, so Django's async
    # guard is lifted while the browser is open, and only then.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def open_page(browser):
    """A new page whose console errors and failed requests are collected in `page.errors`."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        # A load the page's own navigation cancels (a link clicked while the favicon loads) is no failure.
        page.on(
            "requestfailed",
            lambda request: request.failure != "net::ERR_ABORTED" and page.errors.append(f"failed: {request.url}"),
        )
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def directory(browser):
    finnish = [
        MemberFactory(country="FI", region=None, name_ru=f"Финская {n:02d}", name_en=f"Finnish {n:02d}", employees=n)
        for n in range(30)
    ]
    MemberFactory.create_batch(5, country="NO", region=None)
    return finnish


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_filter_page_through_open_a_member_and_switch_language(live_server, open_page, directory, javascript):
    page = open_page(java_script_enabled=javascript)
    page.goto(f"{live_server.url}/members/")
    assert page.locator("h2.result-count").inner_text().strip() == "Найдено 35 участников"

    page.get_by_label(re.compile(r"^Финляндия")).check()
    page.get_by_role("button", name="Показать участников").click()
    page.wait_for_url(re.compile(r"country=FI"))
    assert page.locator("h2.result-count").inner_text().strip() == "Найдено 30 участников"
    assert page.locator(".member-card").count() == 25

    page.get_by_role("link", name="Следующая страница").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "country=FI" in page.url
    names = page.locator(".member-card h3").all_inner_texts()
    assert names == [f"Финская {n:02d}" for n in range(25, 30)]

    page.get_by_role("link", name="Финская 27").click()
    page.wait_for_url(re.compile(r"/members/[\w-]+/$"))
    assert page.locator("h1").inner_text() == "Финская 27"

    page.get_by_role("link", name="EN").click()
    page.wait_for_url(re.compile(r"/en/members/[\w-]+/$"))
    assert page.locator("h1").inner_text() == "Finnish 27"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.errors == []


def test_the_language_switch_keeps_the_directory_query(live_server, open_page, directory):
    page = open_page()
    page.goto(f"{live_server.url}/members/?country=FI&ordering=-headcount&page=2")
    page.get_by_role("link", name="EN").click()
    page.wait_for_url(re.compile(r"/en/members/\?"))
    assert page.url.endswith("/en/members/?country=FI&ordering=-headcount&page=2")
    assert page.locator(".member-card h3").first.inner_text() == "Finnish 04"
    assert page.errors == []


def test_a_nonsense_filter_shows_a_message_in_the_browser(live_server, open_page, directory):
    page = open_page()
    response = page.goto(f"{live_server.url}/en/members/?headcount_min=abc&country=ZZ")
    assert response.status == 200
    assert "could not be understood" in page.get_by_role("alert").inner_text()
    assert page.errors == []


@pytest.mark.parametrize("path", ["/", "/members/", "/en/members/?country=FI", "member"])
def test_pages_fit_a_phone_without_sideways_scrolling(live_server, open_page, directory, path):
    Member.objects.filter(pk=directory[0].pk).update(name_ru="Очень-длинное-название-организации-без-пробелов")
    if path == "member":
        path = directory[0].get_absolute_url()
    page = open_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}{path}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert page.errors == []
