"""The member maps in Debian's headless Chromium: drawn, clickable without JavaScript, no CSP violation."""

import re

import pytest

from tests.members.factories import MemberFactory, RegionFactory
from tests.site import test_browser

# The browser tests' fixtures: Debian's Chromium (skipped, or failed under REQUIRE_BROWSER=1, when absent).
browser, open_page = test_browser.browser, test_browser.open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 375])
def test_a_country_and_a_region_on_the_map_open_the_directory_filtered_to_them(live_server, open_page, width):
    MemberFactory.create_batch(3, country="FI", region=None)
    MemberFactory.create_batch(2, region=RegionFactory(code="RU-SPE"))
    page = open_page(java_script_enabled=False, viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/")
    finland = page.locator("#map-countries a.map-area[data-code='FI']")
    assert page.get_by_role("link", name="Финляндия: 3 участника").count() == 1  # named by its <title>
    assert finland.bounding_box()["width"] > 5  # drawn, within the page
    assert page.locator("#map-countries path.map-shade-5").count() == 1  # the most members, the darkest
    finland.click()
    page.wait_for_url(re.compile(r"/members/\?country=FI$"))
    assert page.locator("h2.result-count").inner_text().strip() == "Найдено 3 участника"

    page.go_back()
    page.locator("#map-russia a.map-area[data-code='RU-SPE']").click()  # a dot: the city is too small to see
    page.wait_for_url(re.compile(r"/members/\?region=\d+$"))
    assert page.locator("h2.result-count").inner_text().strip() == "Найдено 2 участника"
    assert page.errors == []
