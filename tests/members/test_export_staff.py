"""The staff export from the admin's member list: filters and search, columns, contacts, safe cells."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.text import capfirst
from openpyxl import Workbook, load_workbook

from cluster_registry.admin_site import LANGUAGE_COOKIE
from members.permissions import EXPORT_MEMBERS, VIEW_CONTACT_DETAILS
from members.services import member_leave
from members.spreadsheets.columns import BY_KEY, staff_columns
from members.spreadsheets.public_export import SheetWriter, csv_text

from .factories import MemberFactory, SectorFactory
from .spreadsheets import csv_of, sheet_of

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:members_member_export")
CHANGELIST_URL = reverse("admin:members_member_changelist")
XLSX_FORMAT, CSV_FORMAT = "0", "1"


def staff(django_user_model, name, *codenames):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", None, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="members", codename__in=codenames))
    return user


@pytest.fixture
def exporter(client, django_user_model):
    client.force_login(staff(django_user_model, "exporter", "view_member", EXPORT_MEMBERS.codename))
    return client


def post_export(client, query="", file_format=XLSX_FORMAT, columns=None, with_contacts=False):
    resource = "memberresourcewithcontacts" if with_contacts else "memberresource"
    keys = columns or [column.key for column in staff_columns(with_contacts=with_contacts)]
    data = {"format": file_format, "resource": "0", **{f"{resource}_{key}": "on" for key in keys}}
    response = client.post(f"{EXPORT_URL}?{query}" if query else EXPORT_URL, data)
    assert response.status_code == 200, response.content[:500]
    return response


def header(key: str) -> str:
    return str(capfirst(BY_KEY[key].label))


def cells_of(sheet, row: int) -> dict:
    """The cells of a row by their column's key."""
    keys = {header(key): key for key in BY_KEY}
    return {keys[title.value]: cell for title, cell in zip(sheet[1], sheet[row], strict=True)}


def exported_names(response, file_format=XLSX_FORMAT) -> set[str]:
    if file_format == XLSX_FORMAT:
        sheet = sheet_of(response.content)
        return {cells_of(sheet, row)["name_ru"].value for row in range(2, sheet.max_row + 1)}
    rows = csv_of(response.content)
    column = rows[0].index(header("name_ru"))
    return {row[column] for row in rows[1:]}


@pytest.mark.parametrize("file_format", [XLSX_FORMAT, CSV_FORMAT])
def test_the_export_follows_the_membership_filter_and_the_search(exporter, file_format):
    MemberFactory(name_ru="Текущая Альфа", name_en="Alpha")
    MemberFactory(name_ru="Текущая Бета", name_en="Beta", country="FI", region=None)
    former = MemberFactory(name_ru="Бывшая Гамма", name_en="Gamma")
    member_leave(member=former, left_on=datetime.date(2018, 1, 1))
    assert exported_names(post_export(exporter, "", file_format), file_format) == {"Текущая Альфа", "Текущая Бета"}
    assert exported_names(post_export(exporter, "membership=former", file_format), file_format) == {"Бывшая Гамма"}
    assert exported_names(post_export(exporter, "membership=all&q=ГАММА", file_format), file_format) == {"Бывшая Гамма"}
    assert exported_names(post_export(exporter, "country__exact=FI", file_format), file_format) == {"Текущая Бета"}


def test_the_changelist_export_button_carries_the_filters(exporter):
    MemberFactory()
    response = exporter.get(CHANGELIST_URL, {"membership": "former", "q": "x"})
    assert f'href="{EXPORT_URL}?membership=former&amp;q=x"' in response.content.decode()


def test_only_the_chosen_columns_are_exported(exporter):
    MemberFactory(name_ru="Одна")
    sheet = sheet_of(post_export(exporter, columns=["name_ru", "country", "country_code"]).content)
    assert [cell.value for cell in sheet[1]] == [header("name_ru"), header("country"), header("country_code")]
    assert [cell.value for cell in sheet[2]] == ["Одна", "Россия", "RU"]


def test_contact_details_are_exported_only_with_their_permission(client, django_user_model):
    MemberFactory(contact_name="Иван Контактов", contact_email="ivan@example.org")
    client.force_login(staff(django_user_model, "plain", "view_member", EXPORT_MEMBERS.codename))
    form = client.get(EXPORT_URL).content.decode()
    assert "contact_email" not in form
    # Even when the contact columns are asked for by name, they are not written.
    response = post_export(client, columns=["name_ru", "contact_name", "contact_email"])
    values = [str(cell.value) for row in sheet_of(response.content).iter_rows() for cell in row]
    assert "Иван Контактов" not in values and "ivan@example.org" not in values
    client.force_login(
        staff(django_user_model, "trusted", "view_member", EXPORT_MEMBERS.codename, VIEW_CONTACT_DETAILS.codename)
    )
    response = post_export(client, columns=["name_ru", "contact_name", "contact_email"], with_contacts=True)
    assert [cell.value for cell in sheet_of(response.content)[2]][1:] == ["Иван Контактов", "ivan@example.org"]


def test_staff_without_the_export_permission_cannot_export(client, django_user_model):
    client.force_login(staff(django_user_model, "viewer", "view_member"))
    assert client.get(EXPORT_URL).status_code == 403
    assert client.post(EXPORT_URL, {"format": XLSX_FORMAT, "resource": "0"}).status_code == 403
    assert EXPORT_URL not in client.get(CHANGELIST_URL).content.decode()


def test_staff_xlsx_keeps_numbers_dates_and_yes_no_typed(exporter):
    MemberFactory(employees=40)
    sheet = sheet_of(post_export(exporter, columns=["headcount", "headcount_reported_on", "is_published"]).content)
    cells = cells_of(sheet, 2)
    headcount, reported, published = cells["headcount"], cells["headcount_reported_on"], cells["is_published"]
    assert (headcount.value, headcount.data_type) == (40, "n")
    assert reported.is_date and reported.value.date() == datetime.date(2017, 12, 31)
    assert (published.value, published.data_type) == (True, "b")
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:C2"


FORMULAS = ["=1+2", "+7 812 000-00-00", "-минус", "@SUM(A1:A2)", "\tтаб", "\rвозврат"]


@pytest.mark.parametrize("text", FORMULAS)
def test_staff_exports_write_formula_like_text_as_text_in_both_formats(client, django_user_model, text):
    client.force_login(
        staff(django_user_model, "all", "view_member", EXPORT_MEMBERS.codename, VIEW_CONTACT_DETAILS.codename)
    )
    MemberFactory(name_ru=text, contact_phone=text, employees=7)
    columns = ["name_ru", "contact_phone", "headcount"]
    sheet = sheet_of(post_export(client, columns=columns, with_contacts=True).content)
    cells = cells_of(sheet, 2)
    name, phone, headcount = cells["name_ru"], cells["contact_phone"], cells["headcount"]
    for cell in (name, phone):
        assert cell.data_type == "s" and cell.quotePrefix
    assert (headcount.value, headcount.data_type) == (7, "n")
    rows = csv_of(post_export(client, file_format=CSV_FORMAT, columns=columns, with_contacts=True).content)
    assert dict(zip(rows[0], rows[1], strict=True)) == {
        header("name_ru"): "'" + text,
        header("headcount"): "7",
        header("contact_phone"): "'" + text,
    }


def test_the_writers_keep_negative_numbers_numbers_and_escape_only_text():
    workbook_writer = SheetWriter("t", [("a", 10), ("b", 10), ("c", 10), ("d", 10)])
    workbook_writer.append([-5, -2.5, "-5", "'quoted"])
    buffer = io.BytesIO()
    workbook_writer.save(buffer)
    number, fraction, text, quoted = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0][2]
    assert (number.value, number.data_type, number.quotePrefix) == (-5, "n", False)
    assert (fraction.value, fraction.data_type) == (-2.5, "n")
    assert (text.value, text.data_type, text.quotePrefix) == ("-5", "s", True)
    assert (quoted.value, quoted.quotePrefix) == ("'quoted", False)
    assert [csv_text(value) for value in (-5, -2.5, "-5", "'quoted", "plain", None, True)] == [
        "-5",
        "-2.5",
        "'-5",
        "''quoted",
        "plain",
        "",
        "да",
    ]


def test_a_plain_openpyxl_formula_would_be_a_formula_which_is_what_the_writer_prevents():
    # The check above is meaningful: openpyxl on its own stores "=..." as a formula.
    workbook = Workbook()
    workbook.active.append(["=1+2"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert load_workbook(io.BytesIO(buffer.getvalue())).active["A1"].data_type == "f"


def test_the_staff_file_name_has_the_cluster_and_the_date(exporter, settings):
    MemberFactory()
    response = post_export(exporter, file_format=CSV_FORMAT)
    day = datetime.date.today().isoformat()
    assert f"{settings.CLUSTER_SHORT_NAME}-members-staff-" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.csv"')
    assert day[:4] in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())


@pytest.mark.parametrize("members", [3, 30])
def test_the_staff_export_reads_the_members_in_one_pass(members, django_assert_max_num_queries, monkeypatch):
    # django-import-export would page the list with OFFSET, one query and one prefetch per 100 rows.
    from members.models import Member
    from members.spreadsheets import staff_export

    monkeypatch.setattr(staff_export, "EXPORT_CHUNK_SIZE", 10)
    for _ in range(members):
        MemberFactory().sectors.add(SectorFactory())
    with django_assert_max_num_queries(1 + -(-members // 10)) as captured:  # the rows, then sectors per chunk
        dataset = staff_export.MemberResourceWithContacts().export(queryset=Member.objects.order_by("slug"))
    assert len(dataset) == members and len(captured) >= 2
    slugs = dataset[str(capfirst(BY_KEY["slug"].label))]
    assert slugs == sorted(slugs)


def export_page(client, language="ru") -> str:
    client.cookies[LANGUAGE_COOKIE] = language
    return client.get(EXPORT_URL).content.decode()


def test_the_export_page_offers_xlsx_first_and_chosen(exporter):
    page = export_page(exporter)
    options = re.findall(r"<option ([^>]*)>([^<]*)</option>", page)
    assert [label for _attributes, label in options] == ["xlsx", "csv"]
    assert "selected" in options[0][0]


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("ru", ["Идентификация", "Местонахождение", "Деятельность", "Численность", "Членство"]),
        ("en", ["Identity", "Location", "Activity", "Headcount", "Membership"]),
    ],
)
def test_the_columns_come_in_groups_each_with_all_and_none(exporter, language, titles):
    page = export_page(exporter, language)
    assert re.findall(r"<legend>(.*?)</legend>", page) == titles
    groups = re.findall(r'<fieldset class="export-group" data-group="(\w+)">(.*?)</fieldset>', page, re.S)
    assert [key for key, _body in groups] == ["identity", "location", "activity", "headcount", "membership"]
    for key, body in groups:
        assert f'data-check="all" data-group="{key}"' in body and f'data-check="none" data-group="{key}"' in body
        boxes = re.findall(r'name="memberresource_(\w+)"', body)
        assert boxes and {BY_KEY[box].group for box in boxes} == {key}
    assert 'src="/static/js/admin_export_columns.js"' in page
    assert "<script>" not in page and " style=" not in page  # the strict CSP
    assert page.count('export-toggles" hidden') == 1 + len(groups)  # without JavaScript, no dead buttons


def test_contact_columns_are_a_group_of_their_own_for_those_who_may_see_them(client, django_user_model):
    client.force_login(
        staff(django_user_model, "trusted", "view_member", EXPORT_MEMBERS.codename, VIEW_CONTACT_DETAILS.codename)
    )
    page = export_page(client)
    assert re.findall(r"<legend>(.*?)</legend>", page)[-1] == "Контактное лицо (закрытые данные)"


@pytest.mark.parametrize(("language", "message"), [("ru", "Выберите хотя бы один столбец"), ("en", "Choose at least")])
def test_exporting_no_column_says_so_in_words_not_a_class_name(exporter, language, message):
    exporter.cookies[LANGUAGE_COOKIE] = language
    response = exporter.post(EXPORT_URL, {"format": XLSX_FORMAT, "resource": "0"})
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "MemberResource" not in page
