"""The two names of a city in the spreadsheets: both columns in the template, and older single-column files."""

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from members.english import by_script, legal_form_gloss, transliterate
from members.models import Member
from members.spreadsheets.columns import BY_KEY, header_names, normalise_header
from tests.governance.factories import DocumentFactory

from .factories import MemberFactory
from .spreadsheets import run_rows
from .test_export_staff import post_export
from .test_export_staff import staff as staff_user

pytestmark = pytest.mark.django_db


def test_the_template_has_both_city_columns_and_reads_the_old_city_header():
    assert {"city_ru", "city_en", "summary_ru", "summary_en"} <= set(BY_KEY)
    names = header_names()
    for language, header in (("ru", "Город"), ("en", "City"), ("en", "city")):
        with translation.override(language):
            assert names[normalise_header(header)].key == "city", header


@pytest.mark.parametrize(
    ("header", "city", "expected"),
    [
        ("city", "Хельсинки", ("Хельсинки", "Helsinki")),  # the English name is kept
        ("Город", "Tampere", ("Хельсинки", "Tampere")),  # the Russian name is kept
        ("City", "", ("", "")),  # a blank city was no city
    ],
)
def test_an_old_file_with_one_city_column_fills_the_column_of_the_names_script(header, city, expected):
    member = MemberFactory(country="FI", region=None, registration_number="", city_ru="Хельсинки", city_en="Helsinki")
    report = run_rows([["slug", "country", header], [member.slug, "FI", city]], commit=True)
    assert report.ok, report.errors
    member.refresh_from_db()
    assert (member.city_ru, member.city_en) == expected


def test_both_city_columns_win_over_an_old_one_in_the_same_file():
    member = MemberFactory(country="FI", region=None, registration_number="")
    rows = [["slug", "country", "city", "city_ru", "city_en"], [member.slug, "FI", "Oslo", "Эспоо", "Espoo"]]
    assert run_rows(rows, commit=True).ok
    member.refresh_from_db()
    assert (member.city_ru, member.city_en) == ("Эспоо", "Espoo")
    assert member.search_text.count("espoo") == 1 and "эспоо" in member.search_text


def test_the_staff_export_writes_both_names_and_the_public_export_the_sheet_language(client, django_user_model):
    exporter = client
    exporter.force_login(staff_user(django_user_model, "exporter", "view_member", "export_members"))
    MemberFactory(name_en="Nord Heat", city_ru="Хельсинки", city_en="Helsinki", summary_ru="Тепло.", summary_en="Heat.")
    staff = load_workbook(io.BytesIO(post_export(exporter).content)).worksheets[0]
    values = [cell for row in staff.iter_rows(values_only=True) for cell in row]
    assert "Хельсинки" in values and "Helsinki" in values
    response = client.get("/en/members/export.xlsx")
    public = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).worksheets[0]
    cells = [cell for row in public.iter_rows(values_only=True) for cell in row]
    assert "Helsinki" in cells and "Хельсинки" not in cells and "Heat." in cells


def test_english_helpers():
    assert transliterate("10-рп") == "10-rp"
    assert transliterate("Щёлково") == "Shchelkovo"
    assert legal_form_gloss("ФГБОУ  ВО") == "federal state budgetary educational institution of higher education"
    assert legal_form_gloss("Oy") == ""
    assert by_script("Калининград") == ("Калининград", "")
    assert by_script(" Bergen ") == ("", "Bergen")


def test_a_document_number_is_transliterated_on_the_english_governance_page(client):
    DocumentFactory(number="10-рп")
    assert "No. 10-rp" in client.get("/en/governance/").content.decode()
    assert "10-рп" in client.get("/governance/").content.decode()


def test_a_members_city_in_the_staff_search_is_found_by_either_name():
    member = MemberFactory(city_ru="Берген", city_en="Bergen")
    assert list(Member.objects.search("берген")) == list(Member.objects.search("BERGEN")) == [member]
