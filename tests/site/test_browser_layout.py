"""How the public pages look in headless Chromium at a phone's 375 px and a desktop's 1,280 px, in both languages.

Screenshots of the home page, the directory and a member's page at both widths in both languages are
kept as artefacts of the run in artifacts/screenshots/ (or $ARTIFACTS_DIR/screenshots/), which git
ignores; the run's summary prints the folder.
"""

import datetime
import os
import re
from pathlib import Path

import pytest

from members.models import Member
from tests.governance.factories import BoardSeatFactory, ChairTermFactory, month
from tests.members.factories import MemberFactory, RegionFactory, SectorFactory
from tests.projects.factories import AwardFactory, ProjectFactory
from tests.site.test_browser import browser, open_page  # noqa: F401 (the fixtures, shared)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
WIDTHS = {"375": PHONE, "1280": DESKTOP}
SCREENSHOTS = Path(os.environ.get("ARTIFACTS_DIR", Path(__file__).resolve().parents[2] / "artifacts")) / "screenshots"
SAVED: list[Path] = []  # read by tests/site/conftest.py's summary

LONG_NAME = "Ассоциация энергоэффективных домов Северо-Западного федерального округа"


@pytest.fixture
def site(browser):  # noqa: F811 (the imported fixture)
    """A registry with something on every page: 30 members in regions and sectors, chair terms, awarded projects."""
    sectors = [
        SectorFactory(slug="energy-efficiency", name_ru="Энергоэффективность", name_en="Energy efficiency"),
        SectorFactory(slug="water", name_ru="Водные технологии", name_en="Water technology"),
    ]
    kaliningrad = RegionFactory(country="RU", name_ru="Калининградская область", name_en="Kaliningrad Oblast", code="")
    pirkanmaa = RegionFactory(country="FI", name_ru="Пирканмаа", name_en="Pirkanmaa", code="")
    members = [
        MemberFactory(name_ru=LONG_NAME, name_en="Association of Energy-Efficient Homes", employees=2100),
        MemberFactory(
            city_ru="Калининград",
            city_en="Kaliningrad",
            region=kaliningrad,
            member_type=Member.Type.NONPROFIT,
            employees=216,
        ),
        MemberFactory(
            country="FI", city_ru="Тампере", city_en="Tampere", region=pirkanmaa, member_type=Member.Type.RESEARCH
        ),
        *(MemberFactory(employees=10 * n + 5) for n in range(27)),
    ]
    for n, member in enumerate(members):
        member.sectors.set(sectors[: n % 3])
    terms = [("RU", (2014, 10), (2015, 3)), ("NO", (2015, 3), (2016, 3)), ("FI", (2016, 3), (2017, 4))]
    for country, first, last in terms:
        ChairTermFactory(country=country, first_month=month(*first), last_month=month(*last))
    BoardSeatFactory(member=members[1], started_on=datetime.date(2016, 3, 1))
    project = ProjectFactory(lead=members[0], participants=members[1:4], title_ru="Энергоэффективный квартал")
    AwardFactory(project=project)
    return {"member": members[0], "project": project}


def pages(site) -> dict[str, str]:
    member, project = site["member"], site["project"]
    paths = {"home": "/", "directory": "/members/", "member": member.get_absolute_url(), "governance": "/governance/"}
    paths.update({"projects": "/projects/", "project": project.get_absolute_url()})
    return paths


def in_language(path: str, language: str) -> str:
    return path if language == "ru" else "/en" + path


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def save_screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SAVED.append(path)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_page_scrolls_sideways_and_the_screenshots_are_kept(live_server, open_page, site, language, width):  # noqa: F811
    page = open_page(viewport=WIDTHS[width])
    for name, path in pages(site).items():
        response = page.goto(live_server.url + in_language(path, language))
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        assert sideways_overflow(page) <= 0, f"{path} at {width} px scrolls sideways"
        if name in ("home", "directory", "member"):
            save_screenshot(page, f"{name}-{width}-{language}")
    assert page.errors == []  # nothing refused by the Content-Security-Policy, nothing failed to load


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_on_a_phone_the_first_member_is_on_the_first_screen(live_server, open_page, site, language, javascript):  # noqa: F811
    page = open_page(viewport=PHONE, java_script_enabled=javascript)
    page.goto(live_server.url + in_language("/members/", language))
    first = page.locator(".member-card h3").first
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    assert first.inner_text() in (LONG_NAME, "Association of Energy-Efficient Homes")
    assert not page.locator("#id_q").is_visible()  # the filters are folded


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_on_a_phone_the_folded_filters_open_and_stay_open_while_in_use(live_server, open_page, site, javascript):  # noqa: F811
    page = open_page(viewport=PHONE, java_script_enabled=javascript)
    page.goto(f"{live_server.url}/members/")
    page.get_by_text("Поиск участников").click()
    page.get_by_label(re.compile(r"^Калининградская область")).check()
    page.get_by_role("button", name="Показать участников").click()
    page.wait_for_url(re.compile(r"region="))
    assert page.locator("h2.result-count").inner_text().strip() == "Найден 1 участник"
    assert page.locator("#id_q").is_visible()
    assert "выбрано: 1" in page.locator(".filters-disclosure summary").inner_text()
    assert page.errors == []


def test_on_a_desktop_the_filters_are_an_open_sidebar_and_no_facet_is_clipped(live_server, open_page, site):  # noqa: F811
    page = open_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}/members/")
    assert page.locator("#id_q").is_visible()
    filters = page.locator(".directory-filters").bounding_box()
    results = page.locator("#results-heading").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]  # side by side
    clipped = page.evaluate(
        "[...document.querySelectorAll('.facet ul, .facet li')].filter(el => el.scrollHeight > el.clientHeight + 1)"
        ".map(el => el.textContent.trim())"
    )
    assert clipped == []
    groups = page.locator("#id_region .facet-group-name").all_inner_texts()
    assert groups == ["Россия", "Финляндия"]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_chairmanship_is_a_drawing_on_a_desktop_and_a_list_on_a_phone(live_server, open_page, site, width):  # noqa: F811
    page = open_page(viewport=WIDTHS[width])
    page.goto(f"{live_server.url}/en/governance/")
    drawing, timeline = page.locator(".chair-timeline-drawing"), page.locator(".chair-timeline-list")
    assert drawing.is_visible() == (width == "1280")
    assert timeline.is_visible() == (width == "375")
    if width == "375":
        assert timeline.locator("li").all_inner_texts()[0].startswith("Russia")


def test_chart_labels_wrap_between_words_on_a_phone(live_server, open_page, site):  # noqa: F811
    page = open_page(viewport=PHONE)
    page.goto(f"{live_server.url}/")
    # A word broken across lines has two boxes; words of a hyphenated compound may end a line at the hyphen.
    broken = page.evaluate(
        """[...document.querySelectorAll('.bar-label')].filter(label => {
             const node = label.firstChild, words = /[^\\s-]+/g;
             for (let match; node && (match = words.exec(node.textContent));) {
               const range = document.createRange();
               range.setStart(node, match.index);
               range.setEnd(node, match.index + match[0].length);
               if ([...range.getClientRects()].filter(box => box.width > 0).length > 1) return true;
             }
             return false;
           }).map(label => label.textContent)"""
    )
    assert page.locator(".bar-label").count() > 5
    assert broken == []
