"""The disclosure rule itself, on plain numbers: at least 3 contributors, none above 80 %."""

from decimal import Decimal

from django.utils import translation

from reports.disclosure import MAX_SHARE_PERCENT, MIN_CONTRIBUTORS, disclose


def test_the_thresholds_are_those_of_statistics_offices():
    assert (MIN_CONTRIBUTORS, MAX_SHARE_PERCENT) == (3, 80)


def test_three_contributors_none_dominant_is_shown():
    shown = disclose(300, contributors=3, largest=100)
    assert shown.shown and shown.value == 300 and shown.reason == ""


def test_two_contributors_are_held_back_and_say_why():
    held = disclose(300, contributors=2, largest=150)
    assert not held.shown and held.value is None and held.code == "too_few"
    with translation.override("en"):
        assert "fewer than 3 members" in str(disclose(300, contributors=2, largest=150).reason)
    assert "менее 3" in held.reason or "меньше 3" in held.reason


def test_one_contributor_is_held_back():
    assert disclose(500, contributors=1, largest=500).code == "too_few"


def test_a_share_of_exactly_80_percent_is_shown():
    assert disclose(Decimal(100), contributors=3, largest=Decimal(80)).shown


def test_a_share_just_above_80_percent_is_held_back():
    held = disclose(Decimal("100"), contributors=5, largest=Decimal("80.01"))
    assert held.code == "dominant" and not held.shown
    with translation.override("en"):
        assert "more than 80%" in disclose(100, contributors=5, largest=81).reason


def test_a_sum_of_zeros_is_shown():
    assert disclose(0, contributors=3, largest=0).value == 0


def test_a_partial_sum_is_not_shown():
    held = disclose(1000, contributors=4, largest=300, complete=False)
    assert held.code == "not_converted" and held.value is None
