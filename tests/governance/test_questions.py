"""Who chairs when, the history, per-country statistics, and who is next in the rotation."""

import datetime

import pytest

from governance.models import BoardSeat, ChairTerm
from tests.members.factories import MemberFactory

from .factories import BoardSeatFactory, ChairTermFactory, month

pytestmark = pytest.mark.django_db


def chair_on(day):
    return [str(term.country) for term in ChairTerm.objects.covering(day)]


def test_the_chair_on_the_first_and_last_day_of_a_terms_first_month(release_terms):
    assert chair_on(datetime.date(2014, 10, 1)) == ["RU"]
    assert chair_on(datetime.date(2014, 10, 31)) == ["RU"]


def test_chair_on_handover_month_is_the_incoming_country(release_terms):
    assert chair_on(datetime.date(2015, 3, 1)) == ["NO"]
    assert chair_on(datetime.date(2016, 3, 31)) == ["FI"]
    assert chair_on(datetime.date(2017, 4, 15)) == ["RU"]


def test_the_chair_in_the_month_before_a_handover_is_the_outgoing_country(release_terms):
    assert chair_on(datetime.date(2016, 2, 29)) == ["NO"]


def test_the_last_month_of_the_last_term_still_has_its_chair(release_terms):
    assert chair_on(datetime.date(2018, 4, 30)) == ["RU"]


def test_nobody_chairs_after_the_last_term_or_before_the_first(release_terms):
    assert chair_on(datetime.date(2018, 5, 1)) == []
    assert chair_on(datetime.date.today()) == []
    assert chair_on(datetime.date(2014, 9, 30)) == []


def test_nobody_chairs_between_terms():
    ChairTermFactory(country="NO", first_month=month(2015, 1), last_month=month(2015, 6))
    ChairTermFactory(country="FI", first_month=month(2015, 9), last_month=month(2016, 3))
    assert chair_on(datetime.date(2015, 6, 30)) == ["NO"]
    assert chair_on(datetime.date(2015, 7, 1)) == []
    assert chair_on(datetime.date(2015, 8, 31)) == []
    assert chair_on(datetime.date(2015, 9, 1)) == ["FI"]


def test_the_last_known_term_today_is_the_releases_last_one_and_it_is_over(release_terms):
    last = ChairTerm.objects.last_known()
    assert last == release_terms[-1]
    assert not last.covers(datetime.date.today())


def test_the_last_known_term_during_a_term_is_that_term(release_terms):
    assert ChairTerm.objects.last_known(on=datetime.date(2016, 1, 10)) == release_terms[1]
    assert ChairTerm.objects.last_known(on=datetime.date(2016, 3, 10)) == release_terms[2]
    assert ChairTerm.objects.last_known(on=datetime.date(2014, 1, 1)) is None


def test_a_planned_future_term_is_not_the_last_known_one(release_terms):
    ChairTermFactory(country="DK", first_month=month(2099, 1), last_month=month(2099, 12))
    assert ChairTerm.objects.last_known() == release_terms[-1]


def test_the_history_is_in_order(release_terms):
    assert list(ChairTerm.objects.order_by("-pk").in_order()) == release_terms


def test_months_chaired_count_a_handover_month_once_for_the_incoming_country(release_terms):
    stats = {str(row["country"]): (row["terms"], row["months"]) for row in ChairTerm.objects.by_country()}
    # Russia: October 2014 to February 2015 (5) and April 2017 to April 2018 (13);
    # Norway: March 2015 to February 2016; Finland: March 2016 to March 2017.
    assert stats == {"RU": (2, 18), "FI": (1, 13), "NO": (1, 12)}
    assert sum(months for _, months in stats.values()) == 43  # October 2014 to April 2018, each month once


def test_a_gap_loses_no_month_of_the_term_before_it():
    ChairTermFactory(country="NO", first_month=month(2015, 1), last_month=month(2015, 6))
    ChairTermFactory(country="FI", first_month=month(2015, 9), last_month=month(2016, 3))
    months = {str(row["country"]): row["months"] for row in ChairTerm.objects.by_country()}
    assert months == {"NO": 6, "FI": 7}


def test_the_rotation_puts_member_countries_that_never_chaired_first_then_the_least_recent(release_terms):
    for country in ["RU", "FI", "NO", "DK"]:
        MemberFactory(country=country, region=None, registration_number="")
    rotation = ChairTerm.objects.rotation()
    assert [str(row["country"]) for row in rotation] == ["DK", "NO", "FI", "RU"]
    assert rotation[0]["last_month"] is None
    assert rotation[1]["last_month"] == month(2016, 3)


def test_the_rotation_counts_only_countries_of_public_members(release_terms):
    MemberFactory(country="RU", region=None, registration_number="")
    MemberFactory(country="DK", region=None, registration_number="", is_published=False)
    MemberFactory(country="SE", region=None, registration_number="", current=False)
    assert [str(row["country"]) for row in ChairTerm.objects.rotation()] == ["RU"]


def test_the_current_board_is_ranked_chair_first():
    director = BoardSeatFactory(person="Anna", role=BoardSeat.Role.DIRECTOR)
    chair = BoardSeatFactory(person="Boris", role=BoardSeat.Role.CHAIR)
    vice = BoardSeatFactory(person="Carl", role=BoardSeat.Role.VICE_CHAIR)
    BoardSeatFactory(person="Former", ended_on=datetime.date(2016, 1, 1))
    BoardSeatFactory(person="Future", started_on=datetime.date(2099, 1, 1))
    assert list(BoardSeat.objects.current().by_rank()) == [chair, vice, director]
