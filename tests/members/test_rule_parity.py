"""One table of bad values through every way in: the admin, `full_clean()`, the service and the import.

Each rule of members, membership periods and headcount reports is written once (`members.rules`, the
model fields' validators); here every way in must refuse the same value, on the same field, with the
same message.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members import rules
from members.limits import INTEGER_MAX, YEAR_MIN, next_year
from members.models import HeadcountReport, Member, MembershipPeriod
from members.services import member_join, member_leave, member_report_headcount, member_save

from .factories import IncubatorFactory, RegionFactory
from .spreadsheets import run_rows

pytestmark = pytest.mark.django_db

VALID = {
    "name_ru": "Проверка правил",
    "name_en": "Rule check",
    "slug": "rule-check",
    "country": "RU",
    "registration_number": "7830002293",
    "member_type": "company",
    "cluster_role": "participant",
}
# The import's column of each model field that differs from it.
IMPORT_COLUMN = {"employees": "headcount", "reported_on": "headcount_reported_on"}


@dataclass
class Case:
    id: str
    field: str  # the model field the refusal belongs to
    member: dict = field(default_factory=dict)  # overrides of VALID; "region"/"incubator" name a fixture
    period: tuple = (datetime.date(2016, 3, 1), None)  # (joined_on, left_on)
    headcount: tuple | None = None  # (employees, reported_on)
    message: object = None  # the expected message (a callable for one that depends on the day)


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def year_message() -> str:
    return rules.YEAR_OUT_OF_RANGE % {"min": YEAR_MIN, "max": next_year()}


CASES = [
    Case("no name", "name_ru", {"name_ru": "", "name_en": ""}, message=rules.NAME_MISSING),
    Case("region of another country", "region", {"region": "finnish"}, message=rules.REGION_ELSEWHERE),
    Case("incubator without status", "incubator_status", {"incubator": "ingria"},
         message=rules.INCUBATOR_WITHOUT_STATUS),
    Case("status without incubator", "incubator", {"incubator_status": "resident"}, message=rules.INCUBATOR_MISSING),
    Case(
        "incubator years reversed",
        "incubator_to_year",
        {"incubator_status": "resident", "incubator": "ingria", "incubator_from_year": 2016, "incubator_to_year": 2015},
        message=rules.INCUBATOR_YEARS_REVERSED,
    ),
    Case("incubator year of 5", "incubator_from_year", {"incubator_status": "resident", "incubator": "ingria",
         "incubator_from_year": 5}, message=year_message),
    Case("incubator year after next year", "incubator_to_year", {"incubator_status": "alumnus", "incubator": "ingria",
         "incubator_to_year": datetime.date.today().year + 2}, message=year_message),
    Case("invalid registration number", "registration_number", {"registration_number": "7830002294"}),
    Case("left before joined", "left_on", period=(datetime.date(2016, 3, 1), datetime.date(2016, 2, 1)),
         message=rules.LEFT_BEFORE_JOINED),
    Case("headcount dated tomorrow", "reported_on", headcount=(10, tomorrow), message=rules.HEADCOUNT_IN_FUTURE),
    Case("negative headcount", "employees", headcount=(-1, datetime.date(2017, 12, 31))),
    Case("headcount too large", "employees", headcount=(INTEGER_MAX + 1, datetime.date(2017, 12, 31))),
]  # fmt: skip


@pytest.fixture
def named():
    """The regions and incubators a case names; the incubator is not the default one, so none is taken."""
    return {
        "finnish": RegionFactory(country="FI", name_en="Uusimaa", name_ru="Уусимаа", code="FI-18"),
        "ingria": IncubatorFactory(is_default=False),
    }


def member_values(case: Case, named) -> dict:
    values = {**VALID, **case.member}
    for key in ("region", "incubator"):
        if key in values:
            values[key] = named[values[key]]
    return values


def headcount_of(case: Case) -> tuple | None:
    if case.headcount is None:
        return None
    employees, day = case.headcount
    return employees, day() if callable(day) else day


def messages(error: ValidationError, field_name: str) -> list[str]:
    return [str(message) for message in error.message_dict.get(field_name, [])]


def through_full_clean(case: Case, named) -> list[str]:
    member = Member(**member_values(case, named))
    if case.field in {"left_on", "employees", "reported_on"}:
        member.save()  # the member itself is valid; its period or report is checked
        joined_on, left_on = case.period
        record = MembershipPeriod(member=member, joined_on=joined_on, left_on=left_on)
        if case.headcount:
            employees, day = headcount_of(case)
            record = HeadcountReport(member=member, employees=employees, reported_on=day)
    else:
        record = member
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return messages(caught.value, case.field)


def through_services(case: Case, named) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        member = member_save(member=Member(**member_values(case, named)))
        joined_on, left_on = case.period
        member_join(member=member, joined_on=joined_on)
        if left_on:
            member_leave(member=member, left_on=left_on)
        if case.headcount:
            employees, day = headcount_of(case)
            member_report_headcount(member=member, employees=employees, reported_on=day)
    return messages(caught.value, case.field)


def through_admin(case: Case, named, client) -> list[str]:
    values = member_values(case, named)
    data = {key: value.pk if hasattr(value, "pk") else value for key, value in values.items()}
    joined_on, left_on = case.period
    data.update({"periods-TOTAL_FORMS": "1", "periods-INITIAL_FORMS": "0", "periods-0-joined_on": joined_on})
    data["periods-0-left_on"] = left_on or ""
    data.update({"headcounts-TOTAL_FORMS": "1", "headcounts-INITIAL_FORMS": "0"})
    data.update({"yearly_figures-TOTAL_FORMS": "0", "yearly_figures-INITIAL_FORMS": "0"})
    if case.headcount:
        employees, day = headcount_of(case)
        data.update({"headcounts-0-employees": employees, "headcounts-0-reported_on": day})
    response = client.post(reverse("admin:members_member_add"), data)
    assert response.status_code == 200, "the admin saved what it should refuse"
    assert not Member.objects.exists()
    errors = response.context["adminform"].form.errors.get(case.field, [])
    for inline in response.context["inline_admin_formsets"]:
        for form_errors in inline.formset.errors:
            errors = [*errors, *form_errors.get(case.field, [])]
    return [str(message) for message in errors]


def through_import(case: Case, named) -> list[str]:
    values = {**VALID, **case.member}
    values["region"] = named["finnish"].name_en if "region" in values else ""
    values["incubator"] = named["ingria"].name_en if "incubator" in values else ""
    values["joined_on"], values["left_on"] = case.period
    if case.headcount:
        values["headcount"], values["headcount_reported_on"] = headcount_of(case)
    column = IMPORT_COLUMN.get(case.field, case.field)
    values.setdefault(column, "")  # errors are reported under the file's own header
    report = run_rows([list(values), list(values.values())])
    assert not report.ok
    return [error.message for error in report.errors if error.column == column]


def undone(way, *args):
    """What `way` says of the case, with whatever it wrote rolled back (each way starts from the same rows)."""
    with transaction.atomic():
        verdict = way(*args)
        transaction.set_rollback(True)
    return verdict


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_way_in_refuses_a_bad_value_on_the_same_field_with_the_same_message(case, named, staff_client):
    verdicts = {
        "full_clean": undone(through_full_clean, case, named),
        "service": undone(through_services, case, named),
        "admin": undone(through_admin, case, named, staff_client),
        "import": undone(through_import, case, named),
    }
    first = verdicts["full_clean"]
    assert first, f"full_clean() accepted {case.id}"
    assert all(found == first for found in verdicts.values()), verdicts
    if case.message is not None:
        expected = case.message() if callable(case.message) else case.message
        assert first == [str(expected)]


def test_the_admin_refuses_a_headcount_dated_tomorrow_on_its_field(named, staff_client):
    case = next(case for case in CASES if case.id == "headcount dated tomorrow")
    assert through_admin(case, named, staff_client) == [str(rules.HEADCOUNT_IN_FUTURE)]
    assert not HeadcountReport.objects.exists()


def test_the_admin_refuses_an_incubator_year_of_5_on_its_field(named, staff_client):
    case = next(case for case in CASES if case.id == "incubator year of 5")
    assert through_admin(case, named, staff_client) == [year_message()]


def test_a_headcount_dated_today_and_an_incubator_year_of_next_year_are_accepted(named):
    member = member_save(
        member=Member(**VALID, incubator_status="resident", incubator=named["ingria"], incubator_to_year=next_year())
    )
    member_report_headcount(member=member, employees=7, reported_on=timezone.localdate())
    assert Member.objects.get(pk=member.pk).headcount == 7


def test_loading_fixtures_refuses_a_record_that_breaks_a_rule(named):
    from django.core.management.base import CommandError

    from cluster_registry.management.commands.load_registry_data import check_loaded_records

    member = Member.objects.create(**VALID)  # saved raw, as loaddata saves
    check_loaded_records()
    HeadcountReport.objects.create(member=member, employees=3, reported_on=tomorrow())
    with pytest.raises(CommandError) as caught:
        check_loaded_records()
    assert str(rules.HEADCOUNT_IN_FUTURE) in str(caught.value)
