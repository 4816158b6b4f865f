"""CSV formula escaping survives any separator Excel may split on, and the import undoes it exactly."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from members.models import Member
from members.spreadsheets import formulas
from members.spreadsheets.columns import staff_columns
from members.spreadsheets.files import CSV

from .factories import MemberFactory
from .spreadsheets import run_import
from .test_export_staff import CSV_FORMAT, post_export

SEMICOLON_NAME = "Acme;=2+5;x"
SEPARATORS = [",", ";", "\t", "\n", "\r"]


def excel_pieces(raw: str, separator: str) -> list[str]:
    """What a spreadsheet splitting the raw text on `separator` could make cells of, quotes taken off."""
    return [piece.strip('"') for piece in raw.split(separator)]


def starts_a_formula(piece: str) -> bool:
    return piece.startswith(formulas.FORMULA_PREFIXES)


@pytest.mark.django_db
def test_the_staff_csv_quotes_every_field_and_no_piece_split_on_a_semicolon_is_a_formula(admin_client):
    MemberFactory(name_ru=SEMICOLON_NAME, city_en="Comma,+1", short_name="Tab\t@x", employees=3)
    raw = post_export(
        admin_client,
        file_format=CSV_FORMAT,
        columns=["name_ru", "city_en", "short_name", "headcount"],
        with_contacts=True,
    )
    text = raw.content.decode("utf-8-sig")
    data_line = text.splitlines()[1]
    assert data_line.startswith('"') and data_line.count('"') == 8  # four fields, each quoted
    for separator in SEPARATORS:
        assert not any(starts_a_formula(piece) for piece in excel_pieces(text, separator)), separator


@pytest.mark.django_db
def test_a_semicolon_formula_round_trips_through_the_staff_csv_unchanged(admin_client, admin_user):
    member = MemberFactory(name_ru=SEMICOLON_NAME, city_en="a;'=b", short_name="'quoted")
    columns = [column.key for column in staff_columns(with_contacts=True)]
    content = post_export(admin_client, file_format=CSV_FORMAT, columns=columns, with_contacts=True).content
    report = run_import(content, CSV, user=admin_user, commit=True)
    assert report.ok, report.errors
    assert report.counts == {"unchanged": 1}
    member.refresh_from_db()
    assert (member.name_ru, member.city_en, member.short_name) == (SEMICOLON_NAME, "a;'=b", "'quoted")
    assert Member.objects.count() == 1


@given(st.text(alphabet="=+-@'\t\r\n,;ab ", max_size=12))
def test_escape_is_undone_by_unescape_and_leaves_no_formula_after_any_separator(text):
    escaped = formulas.escape(text)
    assert formulas.unescape(escaped) == text
    for separator in SEPARATORS:
        assert not any(starts_a_formula(piece) for piece in escaped.split(separator))


def test_a_csv_field_written_with_quote_all_reads_back_whole():
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerow([formulas.escape(SEMICOLON_NAME)])
    assert buffer.getvalue() == '"Acme;\'=2+5;x"\r\n'
