"""The staff admin in Chromium at 1,280 px: the member list fits, its filters are short, no time-zone warning.

Staff sit in Helsinki, Oslo and Copenhagen as well as Moscow: the browser here runs an hour behind the server.
Skipped when /usr/bin/chromium is absent, except where REQUIRE_BROWSER=1 (CI).
"""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from cluster_registry.admin_site import LANGUAGE_COOKIE
from members.models import Member
from tests.members.factories import IncubatorFactory, MemberFactory, RegionFactory
from tests.site.test_security_browser import browser, complain  # noqa: F401 (the fixture, shared)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAMES = [
    "Ассоциация энергоэффективных домов Северо-Западного федерального округа",
    "Балтийский центр экологических решений и технологий водоочистки",
    "Городская лаборатория качества воздуха и мониторинга окружающей среды",
]


@pytest.fixture
def staff_page(browser, live_server, settings, django_user_model):  # noqa: F811 (the imported fixture)
    """Signs a superuser in; `open(language, width=1280)` gives a page in that admin language, an hour behind Moscow."""
    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain HTTP
    settings.CSRF_COOKIE_SECURE = False
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", None))
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    contexts = []

    def open_page(language, width=1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, timezone_id="Europe/Helsinki")
        cookies = {django_settings.SESSION_COOKIE_NAME: session, LANGUAGE_COOKIE: language}
        context.add_cookies([{"name": name, "value": value, "url": live_server.url} for name, value in cookies.items()])
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda message: complain(page, message))
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


def registry_of_many_countries():
    kaliningrad = RegionFactory(name_en="Kaliningrad Oblast", name_ru="Калининградская область", code="RU-KGD")
    uusimaa = RegionFactory(country="FI", name_en="Uusimaa", name_ru="Уусимаа", code="FI-18")
    incubator = IncubatorFactory()
    for index, name in enumerate(LONG_NAMES):
        MemberFactory(
            name_ru=name,
            region=kaliningrad,
            employees=2100 + index,
            incubator=incubator,
            incubator_status=Member.IncubatorStatus.ALUMNUS,
        )
    MemberFactory.create_batch(2, country="FI", region=uusimaa, employees=40)
    MemberFactory(country="NO", region=None, incubator_status=Member.IncubatorStatus.RESIDENT, incubator=incubator)


def visit(page, live_server, url):
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    page.wait_for_load_state("load")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_member_list_fits_1280_px_without_a_sideways_scroll(staff_page, live_server, language):
    registry_of_many_countries()
    page = staff_page(language)
    visit(page, live_server, reverse("admin:members_member_changelist"))
    assert page.locator("html").get_attribute("lang") == language
    results = page.locator("#changelist .results")
    assert results.evaluate("node => node.scrollWidth <= node.clientWidth"), results.evaluate(
        "node => node.scrollWidth"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for column in ["headcount", "incubator_state", "joined", "is_published"]:
        box = page.locator(f"#result_list th.column-{column}").bounding_box()
        assert box["x"] + box["width"] <= results.bounding_box()["x"] + results.bounding_box()["width"] + 1, column
    assert page.problems == []


def test_the_country_filter_lists_the_registry_countries_only(staff_page, live_server):
    registry_of_many_countries()
    page = staff_page("ru")
    visit(page, live_server, reverse("admin:members_member_changelist"))
    countries = page.locator('#changelist-filter details[data-filter-title="страна"] li').all_inner_texts()
    assert [text.strip() for text in countries] == ["Все", "Норвегия (1)", "Россия (3)", "Финляндия (2)"]
    assert page.problems == []


def test_date_fields_carry_no_time_zone_warning(staff_page, live_server):
    member = MemberFactory(employees=12)
    page = staff_page("ru")
    visit(page, live_server, reverse("admin:members_member_change", args=[member.pk]))
    assert page.evaluate("new Date().getTimezoneOffset() * -60") != int(
        page.locator("body").get_attribute("data-admin-utc-offset")
    )
    assert page.locator("input.vDateField").count() >= 2  # the inlines' dates, with Django's calendar
    assert page.locator(".datetimeshortcuts").count() >= 2
    assert page.locator(".timezonewarning").count() == 0
    assert page.problems == []
