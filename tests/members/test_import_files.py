"""Files the import refuses before parsing them (.xls, fakes, oversized, zip bombs), and safe XML parsing."""

import io
import os
import subprocess
import sys
import zipfile

import openpyxl.xml
import pytest
from django.conf import settings as django_settings
from django.utils import translation

from members.spreadsheets.files import CSV, XLSX, FileRefused, check_file

from .factories import MemberFactory
from .spreadsheets import csv_bytes, errors_of, run_import, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD_ROWS = [["country", "slug", "name_ru"], ["RU", "new-member", "Новая"]]


@pytest.fixture(autouse=True)
def _english():
    # The messages are matched in English here (the Russian catalogue is tested for completeness elsewhere).
    with translation.override("en"):
        yield


def check(name: str, content: bytes) -> str:
    return check_file(name, io.BytesIO(content), len(content))


def rezip(content: bytes, *, extra: dict[str, bytes] = None, replace: dict[str, bytes] = None) -> bytes:
    """The xlsx package `content` with parts added or replaced."""
    replace, extra = replace or {}, extra or {}
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            package.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, data in extra.items():
            package.writestr(name, data)
    return target.getvalue()


def test_good_files_pass_the_checks():
    assert check("members.xlsx", xlsx_bytes(GOOD_ROWS)) == XLSX
    assert check("Members.XLSX", xlsx_bytes(GOOD_ROWS)) == XLSX
    assert check("members.csv", csv_bytes(GOOD_ROWS)) == CSV


@pytest.mark.parametrize("name", ["members.xls", "members.ods", "members.txt", "members", "members.xlsx.exe"])
def test_only_xlsx_and_csv_names_are_accepted(name):
    with pytest.raises(FileRefused) as refusal:
        check(name, xlsx_bytes(GOOD_ROWS))
    assert (".xls" in str(refusal.value)) if name.endswith(".xls") else ".xlsx and .csv" in str(refusal.value)


@pytest.mark.parametrize(
    "content",
    [
        b"country,slug\nRU,x\n",  # text
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # an old .xls (or an encrypted workbook)
        b"PK\x03\x04 this is not really a zip",
    ],
    ids=["text", "ole2-xls", "broken-zip"],
)
def test_a_file_that_only_pretends_to_be_xlsx_is_refused(content):
    with pytest.raises(FileRefused):
        check("members.xlsx", content)


def test_a_zip_that_is_not_a_workbook_is_refused():
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as package:
        package.writestr("hello.txt", "hello")
    with pytest.raises(FileRefused, match="not an Excel workbook"):
        check("members.xlsx", plain_zip.getvalue())
    word = rezip(
        xlsx_bytes(GOOD_ROWS),
        replace={"[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
                 b'officedocument.wordprocessingml.document.main+xml"/></Types>'},
    )  # fmt: skip
    with pytest.raises(FileRefused, match="not an Excel workbook"):
        check("members.xlsx", word)


def test_a_spreadsheet_named_csv_is_refused():
    with pytest.raises(FileRefused):
        check("members.csv", xlsx_bytes(GOOD_ROWS))


@pytest.mark.parametrize("name, build", [("m.xlsx", xlsx_bytes), ("m.csv", csv_bytes)])
def test_a_file_over_the_size_limit_is_refused(settings, name, build):
    content = build(GOOD_ROWS + [["RU", f"member-{n}", "Имя " * 20] for n in range(200)])
    settings.REGISTRY_IMPORT_MAX_BYTES = len(content) - 1
    with pytest.raises(FileRefused, match="largest accepted"):
        check(name, content)
    settings.REGISTRY_IMPORT_MAX_BYTES = len(content)
    check(name, content)


def test_the_size_limit_is_5_mb_by_default_and_set_by_the_environment():
    assert django_settings.REGISTRY_IMPORT_MAX_BYTES == 5 * 1024 * 1024 or "REGISTRY_IMPORT_MAX_BYTES" in os.environ
    code = "import django; django.setup(); from django.conf import settings; print(settings.REGISTRY_IMPORT_MAX_BYTES)"
    environment = {
        **os.environ,
        "REGISTRY_IMPORT_MAX_BYTES": "1234",
        "DJANGO_SETTINGS_MODULE": "cluster_registry.settings",
    }
    command = [sys.executable, "-c", code]  # our own code, no outside input
    output = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)  # noqa: S603
    assert output.stdout.strip().splitlines()[-1] == "1234"


def test_a_zip_bomb_is_refused_from_its_directory_before_it_is_unpacked(monkeypatch):
    bomb = rezip(xlsx_bytes(GOOD_ROWS), extra={"xl/media/padding.bin": b"\0" * 60_000_000})
    assert len(bomb) < 200_000  # sixty megabytes of zeros pack into very little

    def unpacked(*args, **kwargs):
        raise AssertionError("a part was decompressed")

    monkeypatch.setattr(zipfile.ZipFile, "read", unpacked)
    with pytest.raises(FileRefused, match="zip bomb"):
        check("members.xlsx", bomb)


def test_a_workbook_of_too_many_parts_is_refused():
    many = rezip(xlsx_bytes(GOOD_ROWS), extra={f"xl/extra/part{n}.xml": b"<x/>" for n in range(300)})
    with pytest.raises(FileRefused, match="zip bomb"):
        check("members.xlsx", many)


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.LXML is False  # with lxml, openpyxl would parse some parts without defusedxml


def test_xml_entities_in_a_workbook_are_refused_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FROM-THE-SERVER")
    content = xlsx_bytes(GOOD_ROWS)
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    doctype = (
        f'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file://{secret}">'
        '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    sheet = doctype + sheet.replace("<t>RU</t>", "<t>&lol2;&secret;</t>", 1)
    assert "&secret;" in sheet
    hostile = rezip(content, replace={"xl/worksheets/sheet1.xml": sheet.encode()})
    assert check("members.xlsx", hostile) == XLSX  # nothing in the package itself is out of proportion
    report = run_import(hostile, XLSX)
    assert not report.ok
    assert "could not be read" in report.errors[0].message
    assert "SECRET" not in str(report)


def test_csv_in_windows_1251_with_semicolons_is_read():
    member = MemberFactory(name_ru="Старое")
    content = csv_bytes([["Страна", "Регистрационный номер", "name_ru"], ["RU", member.registration_number, "Новое"]],
                        delimiter=";", encoding="cp1251")  # fmt: skip
    report = run_import(content, CSV, commit=True)
    assert report.counts == {"updated": 1}
    member.refresh_from_db()
    assert member.name_ru == "Новое"


def test_an_empty_file_is_reported():
    assert errors_of(run_import(b"", CSV)) == {(1, "")}
