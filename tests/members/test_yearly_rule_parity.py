"""One table of bad yearly figures through every way in: the admin, `full_clean()`, the service and the import.

Each refusal is expected on the same field with the same message (`members.rules`), and the database's
own constraint refuses what a raw write would let through.
"""

import io
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from members import rules
from members.limits import AMOUNT_MAX, YEAR_MIN
from members.models import YearlyFigures
from members.services import yearly_figures_save
from members.spreadsheets.files import XLSX, read_rows
from members.spreadsheets.yearly_import import import_yearly_figures

from .factories import MemberFactory
from .spreadsheets import xlsx_bytes

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    id: str
    field: str
    values: dict
    message: object
    database_refuses: bool = False


def year_message():
    return rules.YEAR_OUT_OF_RANGE % {"min": YEAR_MIN, "max": timezone.localdate().year}


CASES = [
    Case("negative revenue", "revenue", {"revenue": -1}, rules.FIGURE_NEGATIVE, True),
    Case("negative headcount", "employees", {"employees": -3}, rules.FIGURE_NEGATIVE, True),
    Case("amount too large", "investment", {"investment": AMOUNT_MAX + 1},
         rules.FIGURE_TOO_LARGE % {"limit_value": AMOUNT_MAX}),
    Case("exports above revenue", "exports", {"revenue": 100, "exports": 101}, rules.EXPORTS_ABOVE_REVENUE, True),
    Case("foreign new products above all", "new_products_foreign", {"new_products": 1, "new_products_foreign": 2},
         rules.FOREIGN_PRODUCTS_ABOVE_ALL, True),
    Case("year to come", "year", {"year": 2100}, year_message),
    Case("year before 1990", "year", {"year": 1989}, year_message),
]  # fmt: skip


def message_of(case):
    return str(case.message() if callable(case.message) else case.message)


def figures_of(case, member):
    return YearlyFigures(member=member, **{"year": 2016, "currency": "RUB", **case.values})


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_full_clean(case):
    with pytest.raises(ValidationError) as refused:
        figures_of(case, MemberFactory()).full_clean()
    assert refused.value.message_dict[case.field] == [message_of(case)]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_service(case):
    with pytest.raises(ValidationError) as refused:
        yearly_figures_save(figures=figures_of(case, MemberFactory()))
    assert refused.value.message_dict[case.field] == [message_of(case)]
    assert not YearlyFigures.objects.exists()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_import(case):
    member = MemberFactory()
    values = {"year": 2016, **case.values}
    header = ["country", "registration_number", *values]
    content = xlsx_bytes([header, ["RU", member.registration_number, *values.values()]])
    report = import_yearly_figures(read_rows(io.BytesIO(content), XLSX), allow_figures=True, commit=True)
    assert [(error.column, error.message) for error in report.errors] == [(case.field, message_of(case))]
    assert not YearlyFigures.objects.exists()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_admin(case, staff_client):
    member = MemberFactory()
    values = {"member": member.pk, "year": 2016, "currency": "RUB", "source": "reported", **case.values}
    response = staff_client.post(reverse("admin:members_yearlyfigures_add"), values)
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors
    assert errors[case.field] == [message_of(case)]
    assert not YearlyFigures.objects.exists()


@pytest.mark.parametrize("case", [case for case in CASES if case.database_refuses], ids=lambda case: case.id)
def test_database(case):
    member = MemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyFigures.objects.create(member=member, **{"year": 2016, "currency": "RUB", **case.values})
