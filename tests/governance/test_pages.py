"""The public governance page and the chair on the home page, in both languages."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.members.factories import MemberFactory

from .factories import AffiliationFactory, BoardSeatFactory, ChairTermFactory, DocumentFactory, month

pytestmark = pytest.mark.django_db

PAGE = "/governance/"


def test_the_page_is_at_its_address_in_both_languages():
    assert reverse("governance:overview") == PAGE
    from django.utils import translation

    with translation.override("en"):
        assert reverse("governance:overview") == "/en/governance/"


@pytest.mark.parametrize(
    "path,words",
    [
        (PAGE, ["Председательство", "Норвегия", "март 2015\xa0г.", "последний известный", "Дания"]),
        ("/en" + PAGE, ["Chairmanship", "Norway", "March 2015", "last known", "Denmark"]),
    ],
)
def test_the_page_renders_in_both_languages(client, release_terms, path, words):
    MemberFactory(country="DK", region=None, registration_number="")
    response = client.get(path)
    assert response.status_code == 200
    for word in words:
        assert word in response.text


def test_the_last_known_term_is_marked_and_no_current_chair_is_claimed(client, release_terms):
    response = client.get("/en" + PAGE)
    assert response.context["marked"] == release_terms[-1]
    assert not response.context["marked_is_current"]
    assert "No chairmanship term is recorded for today" in response.text
    assert response.text.count('class="is-marked"') == 1  # the table row
    assert response.text.count("is-marked") == 3  # and the bar, and the item of the list shown on phones


def test_a_term_covering_today_is_marked_current(client):
    today = datetime.date.today()
    term = ChairTermFactory(country="FI", first_month=month(today.year - 1, 1), last_month=month(today.year + 1, 1))
    response = client.get("/en" + PAGE)
    assert response.context["marked"] == term
    assert "The board is chaired by Finland" in response.text


def test_the_timeline_draws_one_bar_per_term_with_a_table_alternative(client, release_terms):
    response = client.get(PAGE)
    assert response.text.count("<rect ") == 4
    assert response.text.count('<tr class="is-marked">') == 1
    assert len(response.context["timeline"].bars) == 4


def test_handover_bars_meet_in_the_middle_of_the_handover_month(release_terms):
    from governance.models import ChairTerm
    from governance.timeline import build_timeline

    bars = build_timeline(list(ChairTerm.objects.in_order())).bars
    for before, after in zip(bars, bars[1:], strict=False):
        assert float(before.x) + float(before.width) == pytest.approx(float(after.x), abs=0.11)
    assert float(bars[1].x) > float(bars[0].x) + float(bars[0].width) - 0.11


def test_the_page_has_no_inline_style_or_script(client, release_terms):
    response = client.get(PAGE)
    assert not re.search(r"\sstyle=", response.text)
    assert not re.search(r"<script(?![^>]*\ssrc=)", response.text)
    assert "css/governance.css" in response.text


def test_documents_are_in_date_order_with_undated_ones_last(client):
    DocumentFactory(title_ru="Позднее", date=datetime.date(2017, 2, 10))
    DocumentFactory(title_ru="Без даты", date=None)
    DocumentFactory(title_ru="Раньше", date=datetime.date(2014, 1, 1), date_precision="year")
    text = client.get(PAGE).text
    assert text.index("Раньше") < text.index("Позднее") < text.index("Без даты")
    assert '<time datetime="2014">2014</time>' in text


def test_board_and_affiliations_are_shown_and_private_members_are_not_named(client):
    public = MemberFactory(name_ru="Открытая организация")
    hidden = MemberFactory(name_ru="Скрытая организация", is_published=False)
    BoardSeatFactory(person="Иван Петров", member=public)
    BoardSeatFactory(person="Пётр Иванов", member=hidden)
    AffiliationFactory(name_ru="Балтийский альянс", year_joined=2016)
    text = client.get(PAGE).text
    assert "Иван Петров" in text and "Пётр Иванов" in text
    assert "Открытая организация" in text
    assert "Скрытая организация" not in text
    assert "Балтийский альянс" in text and "2016" in text


def build(size):
    for number in range(size):
        first = month(1950 + 2 * number, 1)
        ChairTermFactory(country="NO", first_month=first, last_month=month(first.year + 2, 1), member=MemberFactory())
        BoardSeatFactory(member=MemberFactory())
        AffiliationFactory()
        DocumentFactory()


@pytest.mark.parametrize("size", [2, 20])
def test_the_page_makes_as_many_queries_at_twenty_rows_as_at_two(client, django_assert_max_num_queries, size):
    build(size)
    with django_assert_max_num_queries(10):  # +1: the registry revision, the page cache's key; +1: the footer
        response = client.get(PAGE)
    assert len(response.context["terms"]) == size


@pytest.mark.parametrize(
    "path,label,period",
    [
        ("/", "Последний известный председатель", "апрель 2017\xa0г. – апрель 2018\xa0г."),
        ("/en/", "Last known chair of the board", "April 2017 – April 2018"),
    ],
)
def test_the_home_page_shows_the_last_known_chair_with_its_dates(client, release_terms, path, label, period):
    MemberFactory()  # the home page shows its cards once the registry has a member
    text = client.get(path).text
    assert label in text
    assert period in text
    assert reverse("governance:overview") in text


def test_the_home_page_shows_a_current_chair_as_current(client):
    today = datetime.date.today()
    ChairTermFactory(country="FI", first_month=month(today.year, today.month), last_month=month(today.year + 1, 1))
    MemberFactory()
    text = client.get("/en/").text
    assert "Chair of the board" in text
    assert "Last known chair" not in text
