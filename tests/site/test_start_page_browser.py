"""The staff's start page in Chromium: its work-to-do links at 1,280 px, one clicked to exactly its members;
the page within a phone's 375 px.

Skipped when /usr/bin/chromium is absent, except where REQUIRE_BROWSER=1 (CI).
"""

import pytest
from django.urls import reverse

from members.models import Member
from tests.site.test_admin_browser import staff_page, visit  # noqa: F401 (the fixture, shared)
from tests.site.test_security_browser import browser  # noqa: F401 (the fixture, shared)
from tests.site.test_start_page import a_registry_with_work_to_do

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_work_to_do_link_opens_the_list_of_exactly_those_members(staff_page, live_server, language):  # noqa: F811
    expected = a_registry_with_work_to_do()
    page = staff_page(language)
    visit(page, live_server, reverse("admin:index"))
    links = page.locator("a[data-todo]")
    keys = {links.nth(i).get_attribute("data-todo") for i in range(links.count())}
    assert set(expected) <= keys
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("#content-related .app-members").count() == 1  # the app list stays reachable
    link = page.locator('a[data-todo="no_registration_number"]')
    assert link.locator("xpath=following-sibling::span[@class='count']").inner_text() == "1"
    link.click()
    page.wait_for_load_state("load")
    names = page.locator("#result_list tbody th a").all_inner_texts()
    member = Member.objects.get(name_ru__in=expected["no_registration_number"])
    assert [name.strip() for name in names] == [member.name_ru if language == "ru" else member.name_en]
    assert page.problems == []


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_start_page_fits_a_375_px_phone(staff_page, live_server, language):  # noqa: F811
    a_registry_with_work_to_do()
    page = staff_page(language, width=375)
    visit(page, live_server, reverse("admin:index"))
    page.screenshot(path=f"/tmp/adminio-start-375-{language}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = page.evaluate(
        """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376)
           .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 30)).slice(0, 8)"""
    )
    assert overflow <= 0, wide
    assert page.locator("a[data-todo]").first.is_visible()
    assert page.problems == []
