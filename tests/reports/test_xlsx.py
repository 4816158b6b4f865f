"""The reports' xlsx: typed cells, units in the headers, the coverage beside each figure, no formula cells."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .crafted import member_with_figures, rate

pytestmark = pytest.mark.django_db

REPORTS = ("indicators", "cdc", "composition")


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(response.content))


def cells(response) -> dict[str, list[tuple]]:
    book = workbook(response)
    return {sheet.title: list(sheet.iter_rows(min_row=2, values_only=True)) for sheet in book}


@pytest.fixture
def registry():
    member_with_figures(country="RU", revenue=1000, employees=10, new_products=3, new_products_foreign=1)
    member_with_figures(country="FI", revenue=12, employees=4, new_products=2)
    member_with_figures(country="RU", employees=300, size_category="large")
    member_with_figures(year=2016, country="RU", revenue=800, employees=9)
    rate("EUR", 2017, "70")


def get(client, slug):
    return client.get(reverse(f"admin:reports-{slug}-xlsx"), {"year": 2017}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("slug", REPORTS)
def test_no_cell_is_a_formula_and_numbers_are_numbers(staff_client, registry, slug):
    book = workbook(get(staff_client, slug))
    numbers = 0
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str) and cell.row > 1:  # a figure written as text
                    assert not cell.value.replace(",", "").replace(".", "").replace("\u00a0", "").isdigit()
                numbers += isinstance(cell.value, int | float | Decimal)
    assert numbers >= 3


def test_the_indicators_sheet_has_units_and_coverage_beside_each_figure(staff_client, registry):
    book = workbook(get(staff_client, "indicators"))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:6] == ["Indicator", "Unit", "2017", "2016", "Change, %", "Target 2017"]
    assert headers[6:8] == ["Reported by, members", "Of, members"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    employees = rows["Employees (average for the year)"]
    assert employees[1] == "people" and employees[2] == 314 and employees[6:8] == (3, 4)
    revenue = rows["Revenue of SME members"]
    assert revenue[1] == "thousand roubles" and revenue[2] == Decimal(1000 + 12 * 70) and revenue[6:8] == (2, 2)
    assert revenue[3] == 800 and revenue[4] == pytest.approx(130.0)  # (1,840 - 800) / 800


def test_composition_shares_are_numbers_in_per_cent(staff_client, registry):
    summary = cells(get(staff_client, "composition"))["Composition 2017"]
    shares = {row[0]: (row[1], row[2]) for row in summary}
    assert shares["Share of SMEs"] == (pytest.approx(50.0), "%")
    assert shares["Members at the year's end"] == (4, "members")
