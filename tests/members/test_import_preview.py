"""The import preview: verdict, counts and confirm button first; changed and erroneous rows before the unchanged
(folded); new rows with their values; each error with its row, member, column, value and what is allowed."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from cluster_registry.admin_site import LANGUAGE_COOKIE
from members.models import Member
from members.spreadsheets import uploads
from members.spreadsheets.columns import BY_KEY

from .factories import MemberFactory, valid_inn
from .spreadsheets import XLSX, xlsx_bytes
from .test_import_roundtrip import staff_export

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:members_member_import")
# The session and its user; the import's lookups (regions, sectors, incubators, the default incubator, the
# members' keys); the chunk's members and their headcount history. None of them grows with the rows.
PREVIEW_QUERIES = 9


@pytest.fixture(autouse=True)
def _upload_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(uploads, "FOLDER", tmp_path / "imports")


def upload(client, content: bytes, language="ru"):
    client.cookies[LANGUAGE_COOKIE] = language
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile("members.xlsx", content)})


def exported_rows(client) -> list[list]:
    sheet = load_workbook(io.BytesIO(staff_export(client, XLSX))).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def column(rows, key) -> int:
    return rows[0].index(str(capfirst(BY_KEY[key].label)))


def row_numbers(page: str, table_id: str) -> list[int]:
    table = re.search(rf'<table id="{table_id}".*?</table>', page, re.S).group(0)
    return [int(number) for number in re.findall(r'<tr class="import-\w+">\s*<td>(\d+)</td>', table)]


def test_the_preview_of_an_edited_export_puts_its_3_changed_rows_first_and_the_confirm_button_before_them(
    admin_client,
):
    call_command("load_registry_data", verbosity=0)
    rows = exported_rows(admin_client)
    assert len(rows) - 1 == Member.objects.count() >= 50
    name, headcount, reported = (column(rows, key) for key in ("name_en", "headcount", "headcount_reported_on"))
    edited = [12, 30, 47]  # rows of the sheet (1 is the header), spread through the file
    for number in edited:
        rows[number - 1][name] = f"{rows[number - 1][name]} (renamed)"
    rows[29][headcount], rows[29][reported] = 999, datetime.date(2026, 6, 30)

    page = upload(admin_client, xlsx_bytes(rows)).content.decode()

    assert row_numbers(page, "import-rows") == edited
    assert page.index('id="import-confirm"') < page.index('id="import-rows"') < page.index('id="import-unchanged"')
    assert page.index("import-counts") < page.index('id="import-confirm"')
    unchanged = re.search(r'<details[^>]*id="import-unchanged">(.*?)</details>', page, re.S).group(1)
    assert len(re.findall(r'<tr class="import-unchanged">', unchanged)) == len(rows) - 1 - 3
    assert "999" in page and "(renamed)" in page


def test_a_new_row_shows_its_values(admin_client):
    rows = [["country", "registration_number", "name_ru", "member_type", "headcount", "headcount_reported_on"]]
    rows.append(["FI", "2345678-0", "Новая компания", "research", 12, "2024-12-31"])
    page = upload(admin_client, xlsx_bytes(rows)).content.decode()
    found = re.search(r'<tr class="import-new">(.*?)</tr>', page, re.S).group(1)
    for text in ("Новая компания", "Финляндия (FI)", "Научная или образовательная организация", "12"):
        assert text in found, text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", ["Строка", "Участник", "Столбец", "Значение", "«Компания»", "Неизвестное значение"]),
        ("en", ["Row", "Member", "Column", "Value", "«Company»", "Unknown value"]),
    ],
)
def test_an_error_names_the_row_member_column_value_and_what_is_allowed_in_the_admins_language(
    admin_client, language, words
):
    rows = [["country", "registration_number", "name_ru", "name_en", "member_type"]]
    rows.append(["RU", valid_inn(901), "Ошибочная", "Erroneous", "kompaniya"])
    page = upload(admin_client, xlsx_bytes(rows), language).content.decode()
    errors = re.search(r'<table id="import-errors".*?</table>', page, re.S).group(0)
    cells = re.search(r"<tbody>\s*<tr>(.*?)</tr>", errors, re.S).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", cells)[:4] == ["2", "Ошибочная" if language == "ru" else "Erroneous",
                                                            "member_type", "kompaniya"]  # fmt: skip
    for word in words:
        assert word in errors, word
    with translation.override(language):
        allowed = [str(label) for _value, label in Member.Type.choices]
    with translation.override("en" if language == "ru" else "ru"):
        foreign = [str(label) for _value, label in Member.Type.choices]
    assert all(f"«{label}»" in errors for label in allowed)
    assert not any(f"«{label}»" in errors for label in foreign)
    assert not any(f"«{value}»" in errors for value in Member.Type.values)  # nor the codes


def test_an_unknown_country_says_how_to_write_one(admin_client):
    rows = [["country", "registration_number", "name_ru"], ["Нарния", "123", "Сказочная"]]
    page = upload(admin_client, xlsx_bytes(rows)).content.decode()
    errors = re.search(r'<table id="import-errors".*?</table>', page, re.S).group(0)
    assert "Нарния" in errors and "ISO" in errors and "Сказочная" in errors


@pytest.mark.parametrize("size", [3, 30])
def test_the_preview_costs_the_same_queries_for_3_or_30_rows(admin_client, django_assert_num_queries, size):
    members = [MemberFactory(name_ru=f"Участник {n}") for n in range(size)]
    rows = [["country", "registration_number", "name_ru", "headcount", "headcount_reported_on"]]
    rows += [["RU", member.registration_number, f"{member.name_ru}!", 7, "2024-12-31"] for member in members]
    rows += [["RU", valid_inn(700 + n), f"Новый {n}", 3, "2024-12-31"] for n in range(size)]
    rows += [["RU", "12", "Ошибка", None, None]]
    # On PostgreSQL the bounded slot (pagecache.bounded) takes an advisory lock and releases it: 2 queries more.
    expected = PREVIEW_QUERIES + (2 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(expected):
        response = upload(admin_client, xlsx_bytes(rows))
    assert response.context["report"].counts == {"updated": size, "new": size, "error": 1}
