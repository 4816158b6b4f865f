"""The public export /members/export.xlsx: the directory's list, every page, in its order, safely typed."""

import datetime
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.text import capfirst
from openpyxl import load_workbook

from members.services import member_leave
from members.spreadsheets.public_export import PUBLIC_COLUMNS

from .factories import IncubatorFactory, MemberFactory, RegionFactory, SectorFactory

pytestmark = pytest.mark.django_db

PAGE_COLUMN = len(PUBLIC_COLUMNS) - 1  # the member's page in the registry, which ends with its slug


def export(client, query="", language=""):
    prefix = "/en" if language == "en" else ""
    response = client.get(f"{prefix}/members/export.xlsx" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, load_workbook(io.BytesIO(content)).worksheets[0]


def exported_slugs(sheet) -> list[str]:
    return [row[PAGE_COLUMN].value.rstrip("/").rsplit("/", 1)[-1] for row in sheet.iter_rows(min_row=2)]


def directory_slugs(client, query="", language="") -> list[str]:
    """Every page of the directory for `query`, in order."""
    prefix = "/en" if language == "en" else ""
    slugs, page = [], 1
    while True:
        response = client.get(f"{prefix}/members/?{query}&page={page}")
        slugs += [member.slug for member in response.context["member_list"]]
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


@pytest.fixture
def registry():
    """Thirty-odd members over two pages, of two countries, several types, sectors and sizes."""
    spb = RegionFactory()
    water = SectorFactory(slug="water", name_en="Water", name_ru="Вода")
    incubator = IncubatorFactory()
    for index in range(32):
        member = MemberFactory(
            name_ru=f"Организация {chr(0x410 + index % 32)}{index:02d}",
            name_en=f"Organisation {chr(0x41 + (31 - index) % 26)}{index:02d}",
            country="FI" if index % 4 == 0 else "RU",
            region=None if index % 4 == 0 else spb,
            member_type="research" if index % 5 == 0 else "company",
            employees=index * 7,
            incubator_status="resident" if index % 6 == 0 else "",
            incubator=incubator if index % 6 == 0 else None,
        )
        if index % 3 == 0:
            member.sectors.add(water)
    MemberFactory(slug="unpublished", is_published=False)
    member_leave(member=MemberFactory(slug="former"), left_on=datetime.date(2018, 1, 1))


QUERIES = [
    "",
    "country=FI",
    "country=ru&type=company",
    "q=организация 1",
    "sector=water&ordering=-headcount",
    "headcount_min=50&headcount_max=150&ordering=joined",
    "incubator=resident",
    "ordering=-name",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_export_lists_what_the_directory_lists_on_every_page_in_its_order(client, registry, query):
    orders = {}
    for language in ("ru", "en"):
        _response, sheet = export(client, query, language)
        orders[language] = expected = directory_slugs(client, query, language)
        assert exported_slugs(sheet) == expected
        assert "unpublished" not in expected and "former" not in expected
    if not query:
        assert len(orders["ru"]) == 32  # more than one page of the directory
        assert orders["ru"] != orders["en"]  # names sort differently in each language


def test_names_and_headers_are_in_the_active_language(client, registry):
    member = MemberFactory(name_ru="Русское имя", name_en="English name", slug="bilingual")
    for language, name in (("ru", member.name_ru), ("en", member.name_en)):
        _response, sheet = export(client, "q=english", language)
        with translation.override(language):
            headers = [str(capfirst(label)) for _key, label, _width in PUBLIC_COLUMNS]
        assert [cell.value for cell in sheet[1]] == headers
        assert sheet["A2"].value == name


def test_numbers_and_dates_are_typed_cells_and_the_sheet_is_ready_to_filter(client, registry):
    MemberFactory(name_ru="Аааа первая", slug="first", employees=1234)
    _response, sheet = export(client, "ordering=name")
    headcount, joined = sheet.cell(row=2, column=10), sheet.cell(row=2, column=11)
    assert (headcount.value, headcount.data_type) == (1234, "n")
    assert joined.is_date and joined.value.date() == datetime.date(2015, 1, 1)
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:Q{sheet.max_row}"  # 17 columns
    assert sheet.max_row == 34  # the header and 33 members
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width == PUBLIC_COLUMNS[0][2]


def test_the_file_name_has_the_cluster_and_the_date(client, registry):
    response, _sheet = export(client)
    day = timezone.localdate().isoformat()
    assert f'filename="{settings.CLUSTER_SHORT_NAME}-members-{day}.xlsx"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil")', "+7 812 000", "-2+3", "@SUM(A1)", "\tTab", "\rCR"])
def test_text_that_looks_like_a_formula_is_written_as_text(client, text):
    MemberFactory(name_ru=text, city_ru=text, slug="formula")
    _response, sheet = export(client)
    for cell in (sheet["A2"], sheet["H2"]):
        assert cell.data_type == "s"
        assert cell.quotePrefix
        assert cell.value == text.replace("\r", "\n") if text.startswith("\r") else cell.value == text


def test_private_fields_and_fields_outside_the_allow_list_are_never_read(client):
    MemberFactory(
        contact_name="PRIVATE-NAME",
        contact_email="private@example.org",
        contact_phone="+7 000 PRIVATE",
        description_ru="НЕ-ДЛЯ-ВЫГРУЗКИ",
    )
    with CaptureQueriesContext(connection) as queries:
        _response, sheet = export(client)
    values = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert not any("PRIVATE" in value or "private@" in value or "ВЫГРУЗКИ" in value for value in values)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    for column in ("contact_name", "contact_email", "contact_phone", "description_ru", "search_text"):
        assert column not in sql


def test_an_invalid_filter_exports_the_empty_list_the_directory_shows(client, registry):
    _response, sheet = export(client, "headcount_min=abc")
    assert sheet.max_row == 1
    assert directory_slugs(client, "headcount_min=abc") == []


@pytest.mark.parametrize("size", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_members(client, django_assert_max_num_queries, size, is_postgres):
    water = SectorFactory(slug="water")
    for member in MemberFactory.create_batch(size):
        member.sectors.add(water)
    # The revision token, the export's four, and on PostgreSQL the export slot's lock and unlock.
    with django_assert_max_num_queries(7 if is_postgres else 5):
        export(client, "sector=water")


def test_the_directory_links_to_the_export_with_its_filters(client, registry):
    response = client.get("/en/members/", {"country": "FI", "ordering": "-name"})
    assert 'href="/en/members/export.xlsx?country=FI&amp;ordering=-name"' in response.content.decode()
