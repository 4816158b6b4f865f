"""The staff export page in Chromium: the columns' "all" and "none" work under the strict CSP.

Skipped when /usr/bin/chromium is absent, except where REQUIRE_BROWSER=1 (CI).
"""

import pytest
from django.urls import reverse

from members.spreadsheets.columns import COLUMNS
from tests.members.factories import MemberFactory
from tests.site.test_admin_browser import staff_page, visit  # noqa: F401 (the fixture, shared)
from tests.site.test_security_browser import browser  # noqa: F401 (the fixture, shared)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_all_and_none_tick_the_columns_of_the_whole_list_or_one_group(staff_page, live_server, language):  # noqa: F811
    MemberFactory()
    page = staff_page(language)
    visit(page, live_server, reverse("admin:members_member_export"))
    boxes = page.locator("[data-export-columns] input[type=checkbox]")
    assert boxes.count() == len(COLUMNS)
    page.click("button[data-check=none]:not([data-group])")
    assert page.locator("[data-export-columns] input:checked").count() == 0
    page.click("button[data-check=all][data-group=location]")
    location = [column.key for column in COLUMNS if column.group == "location"]
    checked = page.locator("[data-export-columns] input:checked")
    assert sorted(checked.nth(i).get_attribute("name").split("_", 1)[1] for i in range(checked.count())) == sorted(
        location
    )
    page.click("button[data-check=none][data-group=location]")
    page.click("button[data-check=all]:not([data-group])")
    assert page.locator("[data-export-columns] input:checked").count() == len(COLUMNS)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.problems == []  # no CSP report, no script error
