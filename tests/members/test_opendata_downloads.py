"""The directory's list as CSV and JSON: the page's rows, in its order; text a spreadsheet would run stays text."""

import csv
import io
import json

import pytest

from members.spreadsheets.public_export import PUBLIC_COLUMNS
from members.spreadsheets.public_export import csv_text as csv_cell

from .factories import MemberFactory
from .test_export_public import QUERIES, directory_slugs, registry  # noqa: F401 -- the same registry

pytestmark = pytest.mark.django_db

PAGE_COLUMN = len(PUBLIC_COLUMNS) - 1


def download(client, extension: str, query: str = "", language: str = ""):
    prefix = "/en" if language == "en" else ""
    response = client.get(f"{prefix}/members/export.{extension}" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # so that Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def slug_of(page: str) -> str:
    return page.rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("query", QUERIES)
def test_the_csv_and_json_hold_the_directory_s_rows_in_its_order(client, registry, query):  # noqa: F811
    for language in ("ru", "en"):
        expected = directory_slugs(client, query, language)
        _response, content = download(client, "csv", query, language)
        rows = csv_rows(content)
        assert [slug_of(row[PAGE_COLUMN]) for row in rows[1:]] == expected
        _response, content = download(client, "json", query, language)
        assert [slug_of(member["page"]) for member in json.loads(content)["members"]] == expected


def test_the_csv_quotes_every_field_and_names_the_columns_in_the_page_s_language(client, db):
    MemberFactory(name_en="Plain", short_name="", employees=12)
    response, content = download(client, "csv", language="en")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    header, row = content.decode("utf-8-sig").splitlines()
    assert header.split(",")[0] == '"Name"'
    fields = row.split(",")  # no value here holds a comma
    assert len(fields) == len(PUBLIC_COLUMNS)
    assert all(len(field) >= 2 and field[0] == field[-1] == '"' for field in fields)
    assert row.startswith('"Plain","",')  # even an empty field is quoted


def test_the_json_keys_are_the_columns_and_numbers_stay_numbers(client, db):
    member = MemberFactory(employees=12)
    _response, content = download(client, "json")
    (record,) = json.loads(content)["members"]
    assert list(record) == [key for key, _label, _width in PUBLIC_COLUMNS]
    assert record["headcount"] == 12
    assert record["registration_number"] == member.registration_number
    assert record["joined_on"] == "2015-01-01"


@pytest.mark.parametrize("name", ["=1+2;=3", "+7 (812) 000", "@SUM(A1)", "Фирма;=HYPERLINK(1)", "A, -2+3"])
def test_a_name_that_looks_like_a_formula_stays_text(client, db, name):
    MemberFactory(name_ru=name)
    _response, content = download(client, "csv")
    cell = csv_rows(content)[1][0]
    for piece in cell.replace(",", ";").split(";"):
        assert not piece.lstrip().startswith(("=", "+", "-", "@")), cell
    _response, content = download(client, "json")
    assert json.loads(content)["members"][0]["name"] == name  # JSON is data: kept as it is


def test_csv_cells_escape_formulas_at_the_start_and_after_every_separator():
    assert csv_cell("=1+2;=3") == "'=1+2;'=3"
    assert csv_cell("a, =b") == "a, '=b"
    assert csv_cell("'quoted") == "''quoted"
    assert csv_cell("Plain; text, here") == "Plain; text, here"
    assert csv_cell(12) == "12"


def test_the_directory_links_to_every_download_with_its_query(client, registry):  # noqa: F811
    content = client.get("/members/?country=FI").content.decode()
    for extension in ("xlsx", "csv", "json"):
        assert f'href="/members/export.{extension}?country=FI"' in content
