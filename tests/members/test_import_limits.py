"""The import's row limit (declared and found streaming), stale sheet dimensions, and slugs of many new rows."""

import io
import re
import zipfile

import pytest
from django.utils import translation

from members.models import Member
from members.spreadsheets import files
from members.spreadsheets.files import CSV, XLSX, FileRefused, check_file

from .factories import MemberFactory, valid_inn
from .spreadsheets import csv_bytes, run_import, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["country", "registration_number", "name_ru", "name_en"]
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(autouse=True)
def _english_and_a_small_limit(settings):
    settings.REGISTRY_IMPORT_MAX_ROWS = 3
    with translation.override("en"):
        yield


def rows(count: int, name_en: str = "") -> list[list]:
    return [HEADER] + [["RU", valid_inn(500 + index), f"Участник {index}", name_en] for index in range(count)]


def with_dimension(content: bytes, ref: str) -> bytes:
    """The workbook `content` with its sheet's declared dimension rewritten to `ref`, the rows untouched."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == SHEET:
                data, replaced = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
                assert replaced == 1
            package.writestr(info.filename, data)
    return target.getvalue()


def check(content: bytes, name: str = "members.xlsx") -> str:
    return check_file(name, io.BytesIO(content), len(content))


def test_a_stale_dimension_still_imports_every_row():
    content = with_dimension(xlsx_bytes(rows(3)), "A1:D1")
    assert files.declared_rows(io.BytesIO(content)) == 1
    report = run_import(content, XLSX, commit=True)
    assert report.ok, report.errors
    assert report.counts == {"new": 3}
    assert Member.objects.count() == 3


def test_the_limit_itself_is_accepted():
    report = run_import(xlsx_bytes(rows(3)), XLSX)
    assert report.ok and report.counts == {"new": 3}


def test_a_workbook_declaring_more_rows_than_the_limit_is_refused_before_it_is_parsed(monkeypatch):
    content = with_dimension(xlsx_bytes(rows(2)), "A1:D1000000")

    def no_parsing(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(files.openpyxl, "load_workbook", no_parsing)
    with pytest.raises(FileRefused) as refusal:
        check(content)
    assert "declares 999,999 rows" in str(refusal.value) and "at most 3" in str(refusal.value)


@pytest.mark.parametrize("file_format", [XLSX, CSV])
def test_a_file_past_the_limit_without_saying_so_is_refused_at_the_first_row_past_it(file_format):
    content = xlsx_bytes(rows(4)) if file_format == XLSX else csv_bytes(rows(4))
    if file_format == XLSX:
        content = with_dimension(content, "A1:D1")  # declares one row, holds five
    assert check(content, f"members.{file_format}") == file_format
    report = run_import(content, file_format, commit=True)
    assert not report.ok
    assert [error.message for error in report.errors if error.row == 0] == [str(files.too_many_rows())]
    assert Member.objects.count() == 0


def test_the_reader_stops_at_the_first_row_past_the_limit():
    read = []
    with pytest.raises(FileRefused):
        for number, _values in files.read_rows(io.BytesIO(csv_bytes(rows(100))), CSV):
            read.append(number)
    assert read == [1, 2, 3, 4]


def test_many_new_rows_of_one_name_get_the_next_free_slugs(settings):
    settings.REGISTRY_IMPORT_MAX_ROWS = 100
    MemberFactory(slug="acme", registration_number=valid_inn(1))
    MemberFactory(slug="acme-3", registration_number=valid_inn(2))
    report = run_import(xlsx_bytes(rows(5, name_en="Acme")), XLSX, commit=True)
    assert report.ok, report.errors
    made = sorted(Member.objects.exclude(slug__in=["acme", "acme-3"]).values_list("slug", flat=True))
    assert made == ["acme-2", "acme-4", "acme-5", "acme-6", "acme-7"]


def test_a_row_with_values_far_to_the_right_is_refused():
    wide = [["country", "registration_number"], ["RU", valid_inn(3)] + [None] * files.MAX_COLUMNS + ["x"]]
    report = run_import(xlsx_bytes(wide), XLSX)
    assert [error.row for error in report.errors] == [0] and "column 200" in report.errors[0].message
    trailing_blanks = [["country", "registration_number", "name_ru"], ["RU", valid_inn(3), "Имя"] + [""] * 300]
    assert run_import(csv_bytes(trailing_blanks), CSV).ok
