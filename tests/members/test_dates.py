"""Dates in each language's own style, from members/dates.py, in Python and in templates."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from members.dates import day_label, month_label

DAY = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en", "1 December 2026", "December 2026"),
        ("ru", "1 декабря 2026\xa0г.", "декабрь 2026\xa0г."),
    ],
)
def test_a_day_and_a_month_are_written_as_the_language_writes_them(language, day, month):
    with translation.override(language):
        assert day_label(DAY) == day
        assert month_label(DAY) == month
        rendered = Template("{% load dates %}{{ d|day_label }}|{{ d|month_label }}").render(Context({"d": DAY}))
        assert rendered == f"{day}|{month}"


def test_russian_months_take_the_genitive_after_a_day_and_the_nominative_alone():
    with translation.override("ru"):
        assert [day_label(datetime.date(2016, number, 2)).split()[1] for number in (3, 5, 8)] == [
            "марта",
            "мая",
            "августа",
        ]
        assert [month_label(datetime.date(2016, number, 1)).split()[0] for number in (3, 5, 8)] == [
            "март",
            "май",
            "август",
        ]


def test_the_year_and_its_abbreviation_never_part():
    with translation.override("ru"):
        assert day_label(DAY).endswith("2026\xa0г.") and " г." not in day_label(DAY)


def test_no_date_gives_no_text():
    assert day_label(None) == month_label(None) == ""
