"""Amounts in roubles: each currency converted with the year's rate; without a rate, listed and not summed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.cdc_report import cdc_table

from .crafted import member_with_figures, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_currencies():
    member_with_figures(country="RU", revenue=1000, employees=10)
    member_with_figures(country="FI", revenue=10, employees=5)
    member_with_figures(country="NO", revenue=50, employees=7)
    rate("EUR", 2017, "80.5")


def revenue(table):
    return next(row["figure"] for row in table["rows"] if row["key"] == "revenue_sme")


def test_a_currency_with_a_rate_is_converted_and_one_without_is_listed_not_summed(three_currencies):
    figure = revenue(cdc_table(2017))
    assert figure.value == Decimal(1000) + Decimal(10) * Decimal("80.5")
    assert [(part.currency, part.amount, part.members) for part in figure.unconverted] == [("NOK", 50, 1)]
    assert figure.reported == 3 and not figure.complete


def test_once_the_rate_is_there_everything_is_summed(three_currencies):
    rate("NOK", 2017, "7.25")
    figure = revenue(cdc_table(2017))
    assert figure.value == Decimal(1000) + Decimal(10) * Decimal("80.5") + Decimal(50) * Decimal("7.25")
    assert figure.complete and figure.unconverted == []


def test_a_rate_of_another_year_does_not_count(three_currencies):
    rate("NOK", 2016, "7.25")
    assert [part.currency for part in revenue(cdc_table(2017)).unconverted] == ["NOK"]


def test_the_page_and_the_file_say_which_amount_was_not_converted(three_currencies, staff_client):
    from .test_xlsx import cells

    page = staff_client.get(reverse("admin:reports-cdc"), {"year": 2017}, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "50 thousand NOK of 1 member not converted and not summed: no exchange rate for 2017." in text
    book = cells(staff_client.get(reverse("admin:reports-cdc-xlsx"), {"year": 2017}, HTTP_ACCEPT_LANGUAGE="en"))
    conversion = book["Revenue by currency"]
    nok = next(row for row in conversion if row[0] == "NOK")
    assert nok[1] == 50 and nok[2] is None and nok[3] is None and "not summed" in nok[5]
