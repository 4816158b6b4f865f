"""The directory's cards and filters as a visitor reads them, in both languages."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from members.cards import monogram
from members.models import Member
from members.templatetags.members_text import place as place_line

from .factories import MemberFactory, RegionFactory, SectorFactory

pytestmark = pytest.mark.django_db

URL = "/members/"


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="member-card">.*?</li>\s*(?=<li class="member-card">|</ol>)', html, re.S)


def kaliningrad():
    return RegionFactory(country="RU", name_ru="Калининградская область", name_en="Kaliningrad Oblast", code="RU-KGD")


# The place line


def test_a_federal_city_is_not_named_twice():
    member = MemberFactory(city_ru="Санкт-Петербург", city_en="St. Petersburg")
    assert place_line(member) == "Санкт-Петербург, Россия"
    with translation.override("en"):
        assert place_line(member) == "St. Petersburg, Russia"


def test_a_city_in_a_region_gets_city_region_country_in_the_page_language():
    member = MemberFactory(city_ru="Калининград", city_en="Kaliningrad", region=kaliningrad())
    assert place_line(member) == "Калининград, Калининградская область, Россия"
    with translation.override("en"):
        assert place_line(member) == "Kaliningrad, Kaliningrad Oblast, Russia"


def test_without_city_or_region_the_line_still_reads():
    assert place_line(MemberFactory(city_ru="", city_en="", region=None, country="FI")) == "Финляндия"
    assert place_line(MemberFactory(city_ru="", city_en="", region=kaliningrad())) == "Калининградская область, Россия"


# The monogram


@pytest.mark.parametrize(
    "name,legal_form,expected",
    [
        ("Институт городской энергетики", "", "ИГ"),
        ("ЭкоТерм", "ООО", "ЭТ"),
        ("EcoTherm", "", "ET"),
        ("ООО «Аквафильтр»", "ООО", "А"),
        ("«Balt» Solar", "", "BS"),
        ("Bergen Hydro AS", "AS", "BH"),
        ("Association of Energy-Efficient Homes", "", "AE"),
        ("Центр по обращению с отходами", "", "ЦО"),
        ("42", "", ""),
    ],
)
def test_the_monogram_takes_the_initials_of_the_name_without_its_legal_form(name, legal_form, expected):
    assert monogram(name, legal_form) == expected


# Cards


def test_a_card_reads_place_type_sectors_headcount_and_year_without_a_country_label(client):
    member = MemberFactory(name_ru="Балтийский центр", city_ru="Калининград", region=kaliningrad(), employees=2100)
    member.sectors.set([SectorFactory(name_ru="Водные технологии"), SectorFactory(name_ru="Обращение с отходами")])
    MemberFactory(name_ru="Второй")
    [card, other] = cards(client.get(URL).content.decode())
    assert "Страна" not in card
    assert "Калининград, Калининградская область, Россия" in card
    assert "Компания" in card
    assert "Водные технологии, Обращение с отходами" in card
    assert "2\xa0100" in card  # Russian groups thousands with a no-break space
    assert '<span class="monogram">БЦ</span>' in card
    assert ">2015</time>" in card
    assert "Водные технологии" not in other and "Отрасли" not in other  # a member in no sector says nothing


def test_the_english_card_groups_thousands_with_a_comma(client):
    MemberFactory(employees=44186)
    [card] = cards(client.get("/en" + URL).content.decode())
    assert "44,186" in card and "Employees" in card


def test_numbers_in_facets_follow_the_language():
    context = {"group": {"name": "region"}, "option": {"value": "1", "label": "Уусимаа", "count": 12345}, "id": "1"}
    assert "(12\xa0345)" in render_to_string("includes/facet_option.html", context)
    with translation.override("en"):
        assert "(12,345)" in render_to_string("includes/facet_option.html", context)


def test_member_page_headcounts_are_grouped_the_place_is_one_line_and_sectors_link_the_directory(client):
    member = MemberFactory(city_ru="Санкт-Петербург", employees=44186)
    member.sectors.set([SectorFactory(slug="water", name_ru="Водные технологии", name_en="Water technology")])
    html = client.get(member.get_absolute_url()).content.decode()
    assert ">44\xa0186<" in html
    assert "Санкт-Петербург, Россия" in html
    assert "Санкт-Петербург, Санкт-Петербург" not in html
    assert '<a href="/members/?sector=water">Водные технологии</a>' in html
    english = client.get(f"/en/members/{member.slug}/").content.decode()
    assert ">44,186<" in english
    assert '<a href="/en/members/?sector=water">Water technology</a>' in english


# Facets


def test_regions_are_grouped_under_their_country(client):
    MemberFactory.create_batch(2, city_ru="Калининград", region=kaliningrad())
    MemberFactory(city_ru="Санкт-Петербург")
    MemberFactory(country="FI", city_ru="Tampere", region=RegionFactory(country="FI", name_ru="Пирканмаа", code=""))
    response = client.get(URL)
    [region] = [group for group in response.context["facet_groups"] if group["name"] == "region"]
    subgroups = [(group["label"], [option["label"] for option in group["options"]]) for group in region["subgroups"]]
    assert subgroups == [("Россия", ["Калининградская область", "Санкт-Петербург"]), ("Финляндия", ["Пирканмаа"])]
    html = response.content.decode()
    russia = html.index('class="facet-group-name"', html.index('id="id_region"'))
    assert (
        html.index(">Россия</span>", russia) < html.index("Калининградская область") < html.index(">Финляндия</span>")
    )
    assert html.index(">Финляндия</span>") < html.index("Пирканмаа&nbsp;")


def test_a_chosen_region_with_no_member_left_stays_under_its_country(client):
    MemberFactory(city_ru="Санкт-Петербург")
    empty = kaliningrad()
    response = client.get(URL, {"region": empty.pk, "country": "RU"})
    [region] = [group for group in response.context["facet_groups"] if group["name"] == "region"]
    russia = region["subgroups"][0]
    assert russia["label"] == "Россия"
    assert {option["label"]: option["checked"] for option in russia["options"]}["Калининградская область"]


# Export link and the disclosure of the filters


def test_an_empty_result_offers_no_download(client):
    MemberFactory(name_ru="Аквафильтр")
    assert "export.xlsx" in client.get(URL, {"q": "Аквафильтр"}).content.decode()
    empty = client.get(URL, {"q": "Несуществующая"}).content.decode()
    assert "Найдено 0 участников" in empty
    assert "export.xlsx" not in empty


@pytest.mark.parametrize(
    "query,is_open",
    [
        ({}, False),
        ({"ordering": "-headcount"}, False),
        ({"page": "1"}, False),
        ({"country": "RU"}, True),
        ({"q": "эко"}, True),
        ({"headcount_min": "abc"}, True),
    ],
)
def test_the_filters_are_folded_unless_one_is_in_use_or_wrong(client, query, is_open):
    MemberFactory(name_ru="Эко")
    html = client.get(URL, query).content.decode()
    assert re.search(r'<details class="filters-disclosure"( open)?>', html).group(1) == (" open" if is_open else None)


def test_the_folded_filters_say_how_many_are_in_use(client):
    MemberFactory(country="RU")
    html = client.get(URL, {"country": "RU", "type": Member.Type.COMPANY}).content.decode()
    assert '<span class="filters-in-use">выбрано: 2</span>' in html


def test_the_joining_year_labels_read_naturally(client):
    html = client.get(URL).content.decode()
    assert ">Вступил с … года</label>" in html
    assert ">Вступил до … года включительно</label>" in html
    assert "в году или" not in html
