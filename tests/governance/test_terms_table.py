"""The chairmanship terms on a phone: no always-empty column, and a list in place of the drawing."""

import re

import pytest

from tests.members.factories import MemberFactory

from .factories import ChairTermFactory, month

pytestmark = pytest.mark.django_db

PAGE = "/governance/"


def terms_table_headers(html: str) -> list[str]:
    table = re.search(r'<table class="data-table chair-terms">.*?</thead>', html, re.S).group()
    return re.findall(r'<th scope="col">([^<]*)</th>', table)


def test_columns_no_term_fills_are_left_out(client, release_terms):
    assert terms_table_headers(client.get(PAGE).text) == ["Страна", "Первый месяц", "Последний месяц", "Месяцев"]


@pytest.mark.parametrize(
    "fields,header",
    [
        ({"person": "И. И. Иванов"}, "Организация-участник и лицо"),
        ({"notes_ru": "Досрочно"}, "Примечания"),
        ({"notes_en": "Early hand-over"}, "Примечания"),  # shown in the other language, so not empty
    ],
)
def test_a_column_one_term_fills_is_shown(client, release_terms, fields, header):
    ChairTermFactory(country="FI", first_month=month(2019, 1), last_month=month(2019, 12), **fields)
    html = client.get(PAGE).text
    assert header in terms_table_headers(html)


def test_a_chair_organisation_that_is_not_public_does_not_fill_its_column(client, release_terms):
    hidden = MemberFactory(is_published=False)
    ChairTermFactory(country="FI", first_month=month(2019, 1), last_month=month(2019, 12), member=hidden)
    assert "Организация-участник и лицо" not in terms_table_headers(client.get(PAGE).text)


def test_the_timeline_has_a_list_of_the_same_terms_for_narrow_screens(client, release_terms):
    html = client.get("/en" + PAGE).text
    items = re.findall(r'<li class="tone-\d( is-marked)?"><span class="chair-timeline-country">(\w+)</span>', html)
    assert [country for _, country in items] == ["Russia", "Norway", "Finland", "Russia"]
    assert [bool(marked) for marked, _ in items] == [False, False, False, True]
