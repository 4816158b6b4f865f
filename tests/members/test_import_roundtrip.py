"""The staff export is the import template: exported, left unchanged and imported, nothing changes."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.text import capfirst
from openpyxl import load_workbook

from members.models import HeadcountReport, Member, MembershipPeriod
from members.permissions import EXPORT_MEMBERS
from members.services import member_join, member_leave, member_report_headcount
from members.spreadsheets.columns import BY_KEY, staff_columns

from .factories import IncubatorFactory, MemberFactory, RegionFactory, SectorFactory
from .spreadsheets import CSV, XLSX, csv_bytes, csv_of, run_import, xlsx_bytes

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:members_member_export")


def everything():
    return (
        list(Member.objects.order_by("pk").values()),
        list(Member.sectors.through.objects.order_by("pk").values()),
        list(HeadcountReport.objects.order_by("pk").values()),
        list(MembershipPeriod.objects.order_by("pk").values()),
        Member.history.count(),
        HeadcountReport.history.count(),
        MembershipPeriod.history.count(),
    )


@pytest.fixture
def varied_registry():
    """Members with every kind of value the export writes, including awkward ones."""
    finland = RegionFactory(country="FI", name_en="Uusimaa", name_ru="Уусимаа", code="FI-18")
    water = SectorFactory(slug="water", name_en="Water", name_ru="Вода")
    waste = SectorFactory(slug="waste", name_en="Waste", name_ru="Отходы")
    incubator = IncubatorFactory()
    full = MemberFactory(
        name_ru="Полная «Кавычки»", name_en="Full Ltd", short_name="=ПОЛН", legal_form="ООО",
        member_type=Member.Type.RESEARCH, cluster_role=Member.Role.SPECIALISED, city_ru="-Санкт-Петербург",
        website="https://full.example.org", description_ru="Строка 1\nСтрока 2", description_en="@handle",
        incubator_status="alumnus", incubator=incubator, incubator_from_year=2012, incubator_to_year=2014,
        contact_name="Иван", contact_position="Директор", contact_email="ivan@example.org",
        contact_phone="+7 812 000-00-00", employees=120,
    )  # fmt: skip
    full.sectors.set([water, waste])
    member_report_headcount(member=full, employees=150, reported_on=datetime.date(2020, 12, 31))
    MemberFactory(country="FI", region=finland, registration_number="2617416-4", name_ru="", name_en="Oy Finland")
    former = MemberFactory(name_ru="Бывшая", employees=5)
    member_leave(member=former, left_on=datetime.date(2019, 5, 1), reason="Ликвидация")
    rejoined = MemberFactory(name_ru="Вернувшаяся")
    member_leave(member=rejoined, left_on=datetime.date(2017, 1, 1))
    member_join(member=rejoined, joined_on=datetime.date(2021, 3, 1))
    MemberFactory(name_ru="Без номера", registration_number="", slug="no-number", current=False)
    MemberFactory(name_ru="Скрытая", is_published=False, region=None)


def staff_export(client, file_format, language="ru", with_contacts=True) -> bytes:
    resource = "memberresourcewithcontacts" if with_contacts else "memberresource"
    data = {"format": "0" if file_format == XLSX else "1", "resource": "0"}
    data |= {f"{resource}_{column.key}": "on" for column in staff_columns(with_contacts=with_contacts)}
    response = client.post(f"{EXPORT_URL}?membership=all", data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("file_format", [XLSX, CSV])
def test_an_unchanged_export_imports_as_unchanged_and_writes_nothing(
    admin_client, admin_user, varied_registry, file_format, language
):
    content = staff_export(admin_client, file_format, language)
    before = everything()
    report = run_import(content, file_format, user=admin_user, commit=True)
    assert report.ok, report.errors
    assert report.counts == {"unchanged": Member.objects.count()}
    assert everything() == before


def test_an_export_without_contact_columns_is_also_a_template(client, django_user_model, varied_registry):
    user = django_user_model.objects.create_user("plain", None, None, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_member", EXPORT_MEMBERS.codename]))
    client.force_login(user)
    content = staff_export(client, XLSX, with_contacts=False)
    before = everything()
    report = run_import(content, XLSX, user=user, commit=True, allow_contacts=False)
    assert report.counts == {"unchanged": Member.objects.count()}
    assert everything() == before


def test_a_changed_export_updates_only_the_rows_that_changed(admin_client, admin_user, varied_registry):
    sheet_file = load_workbook(io.BytesIO(staff_export(admin_client, XLSX)))
    sheet = sheet_file.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    rows = [headers] + [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    name, headcount, reported = (
        headers.index(str(capfirst(BY_KEY[key].label))) for key in ("name_en", "headcount", "headcount_reported_on")
    )
    target = next(row for row in rows[1:] if row[name] == "Full Ltd")
    target[name] = "Full Limited"
    target[headcount] = 175
    target[reported] = datetime.date(2022, 6, 30)
    report = run_import(xlsx_bytes(rows), XLSX, user=admin_user, commit=True)
    assert report.counts == {"updated": 1, "unchanged": Member.objects.count() - 1}
    member = Member.objects.get(name_en="Full Limited")
    assert member.headcount == 175
    assert list(member.headcounts.latest_first().values_list("employees", flat=True)) == [175, 150, 120]
    assert Member.history.filter(history_user=admin_user).count() == 1


def exported_sheet(client, language) -> list[list]:
    # Through csv: openpyxl, writing the rows again, would take the text «=ПОЛН» for a formula.
    return csv_of(staff_export(client, CSV, language))


def without(rows, key) -> list[list]:
    index = rows[0].index(str(capfirst(BY_KEY[key].label)))
    return [row[:index] + row[index + 1 :] for row in rows]


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("kept", ["country", "country_code"])
def test_the_country_reads_back_from_its_name_in_either_language_or_from_its_code_alone(
    admin_client, admin_user, varied_registry, language, kept
):
    rows = exported_sheet(admin_client, language)
    names = {row[rows[0].index(str(capfirst(BY_KEY["country"].label)))] for row in rows[1:]}
    assert names == ({"Россия", "Финляндия"} if language == "ru" else {"Russia", "Finland"})
    rows = without(rows, "country_code" if kept == "country" else "country")
    before = everything()
    report = run_import(csv_bytes(rows), CSV, user=admin_user, commit=True)
    assert report.ok, report.errors
    assert report.counts == {"unchanged": Member.objects.count()}
    assert everything() == before


def test_a_country_name_and_code_that_disagree_are_refused(admin_client, admin_user, varied_registry):
    rows = exported_sheet(admin_client, "en")
    code = rows[0].index(str(capfirst(BY_KEY["country_code"].label)))
    rows[1][code] = "NO"
    report = run_import(csv_bytes(rows), CSV, user=admin_user)
    assert [(error.row, error.column, error.value) for error in report.errors] == [
        (2, str(capfirst(BY_KEY["country_code"].label)), "NO")
    ]
