"""Checking an uploaded file before anything parses it, then reading its rows.

Only .xlsx and .csv are accepted. The checks use the file's name, its size, its first bytes and, for
an xlsx, the zip directory alone (names and declared sizes, no decompression but of the small content
types part), so an .xls, a file that only pretends to be an .xlsx, an oversized file and a zip bomb are
refused with a clear message before openpyxl sees them. openpyxl then parses the XML with defusedxml
(it does so whenever defusedxml is installed, and this module refuses xlsx files when it is not).

Rows: a file may hold at most `max_rows()` rows below its header (REGISTRY_IMPORT_MAX_ROWS). A workbook
that declares more (its first sheet's `<dimension>`) is refused with the other checks, before it is
parsed; any file is refused at the first row past the limit while it streams. The declared dimension
is only trusted for that refusal: openpyxl's read-only mode would stop reading at the declared last
row, so the reader resets it and reads every row that is there.
"""

import codecs
import csv
import io
import re
import zipfile
from pathlib import PurePath

import openpyxl
import openpyxl.xml
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader

from .formulas import unescape

XLSX, CSV = "xlsx", "csv"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx
MAX_PARTS = 200  # a workbook of one sheet has about a dozen
MAX_RATIO = 100  # XML compresses 5 to 20 times; a zip bomb, thousands of times
UNPACKED_PER_UPLOADED_BYTE = 30  # with the 5 MB default: at most 150 MB unpacked
CONTENT_TYPES = "[Content_Types].xml"
MAX_COLUMNS = 200  # the staff export has about 30; a row reaching column XFD is refused, not read on
SHEET_HEAD_BYTES = 64_000  # the <dimension> element comes before the sheet's views, columns and data
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]*\d*:)?[A-Z]*(\d+)\"")
WORKBOOK_TYPES = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)


class FileRefused(Exception):
    """The file is not read; the message says why and what to do."""


def max_upload_bytes() -> int:
    return settings.REGISTRY_IMPORT_MAX_BYTES


def max_rows() -> int:
    """The most rows an import reads below the header."""
    return settings.REGISTRY_IMPORT_MAX_ROWS


def too_many_rows(declared: int | None = None) -> FileRefused:
    """The refusal of a file past the row limit: `declared` rows by its dimension, or found streaming."""
    limit = number_format(max_rows(), force_grouping=True)
    if declared is None:
        return FileRefused(
            _("The file has more than %(limit)s rows; an import takes at most %(limit)s. Split it into parts.")
            % {"limit": limit}
        )
    return FileRefused(
        _("The workbook declares %(rows)s rows; an import takes at most %(limit)s. Split it into parts.")
        % {"rows": number_format(declared, force_grouping=True), "limit": limit}
    )


def check_file(name: str, stream, size: int) -> str:
    """The file's format (XLSX or CSV), or FileRefused. Reads no more than the zip directory."""
    extension = PurePath(name or "").suffix.lower()
    if extension == ".xls":
        raise FileRefused(_("Old Excel files (.xls) are not accepted. Open the file and save it as .xlsx."))
    if extension not in (".xlsx", ".csv"):
        raise FileRefused(_("Only .xlsx and .csv files are accepted."))
    if size > max_upload_bytes():
        raise FileRefused(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_upload_bytes())}
        )
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if extension == ".csv":
        if head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            raise FileRefused(_("This is a spreadsheet file with a .csv name. Upload it as .xlsx, or save it as CSV."))
        return CSV
    check_xlsx_package(stream, head, size)
    return XLSX


def check_xlsx_package(stream, head: bytes, size: int) -> None:
    if head.startswith(OLE2_MAGIC):
        raise FileRefused(
            _("This is an old Excel (.xls) or a password-protected workbook with an .xlsx name. "
              "Save it as an .xlsx without a password.")
        )  # fmt: skip
    if not head.startswith(ZIP_MAGIC):
        raise FileRefused(_("This file is not an Excel workbook: an .xlsx file is a zip package, and this is not."))
    try:
        archive = zipfile.ZipFile(stream)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise FileRefused(_("This file is not an Excel workbook: its zip package is damaged.")) from error
    _check_proportions(infos, size)
    _check_workbook_type(archive)
    declared = declared_rows(stream)
    if declared is not None and declared - 1 > max_rows():
        raise too_many_rows(declared - 1)
    stream.seek(0)


def _check_proportions(infos: list[zipfile.ZipInfo], size: int) -> None:
    """Refuse a package whose parts, unpacked, are out of proportion to the file (a zip bomb)."""
    too_big = _("The workbook unpacks to far more than a member list needs (a “zip bomb”?); it was not opened.")
    if len(infos) > MAX_PARTS:
        raise FileRefused(too_big)
    unpacked = sum(info.file_size for info in infos)
    if unpacked > max_upload_bytes() * UNPACKED_PER_UPLOADED_BYTE or unpacked > max(size, 1) * MAX_RATIO:
        raise FileRefused(too_big)
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > max(info.compress_size, 1) * MAX_RATIO:
            raise FileRefused(too_big)
        if info.flag_bits & 0x1:
            raise FileRefused(_("The workbook is encrypted. Save it without a password."))


def _check_workbook_type(archive: zipfile.ZipFile) -> None:
    try:
        info = archive.getinfo(CONTENT_TYPES)
    except KeyError as error:
        raise FileRefused(_("This zip file is not an Excel workbook.")) from error
    with archive.open(info) as part:
        content_types = part.read(256_000)
    if not any(kind in content_types for kind in WORKBOOK_TYPES):
        raise FileRefused(_("This file is not an Excel workbook (it may be another Office document)."))


def declared_rows(stream) -> int | None:
    """The last row the first sheet's `<dimension>` declares, from the head of its XML; None if none is read."""
    try:
        reader = ExcelReader(stream, read_only=True)
        reader.read_manifest()
        reader.read_workbook()
        _sheet, relation = next(reader.parser.find_sheets())
        with reader.archive.open(relation.target.lstrip("/")) as part:
            head = part.read(SHEET_HEAD_BYTES)
    except Exception:  # noqa: BLE001 -- a part we cannot find here is the reader's to refuse, with its message
        return None
    finally:
        stream.seek(0)
    found = DIMENSION.search(head)
    return int(found.group(1)) if found and found.group(1) else None


def read_rows(stream, file_format: str):
    """(row number, cell values) for every row of the first sheet, the header first; at most `max_rows()` below it."""
    rows = _xlsx_rows(stream) if file_format == XLSX else _csv_rows(stream)
    last = max_rows() + 1
    for number, values in rows:
        if number > last:
            raise too_many_rows()
        if len(values) > MAX_COLUMNS and any(value not in (None, "") for value in values[MAX_COLUMNS:]):
            raise FileRefused(
                _("Row %(row)d has values beyond column %(limit)d; a member list has far fewer columns.")
                % {"row": number, "limit": MAX_COLUMNS}
            )
        yield number, values


def _xlsx_rows(stream):
    if not openpyxl.xml.DEFUSEDXML or openpyxl.xml.LXML:
        raise FileRefused(_("This server cannot read .xlsx files safely (defusedxml is missing); upload a .csv."))
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # read every row there is, not the rows the file says it has
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except FileRefused:
        raise
    except Exception as error:  # any parser failure, defusedxml's refusals included, is a file we cannot read
        raise FileRefused(_("The workbook could not be read: it is damaged or not a plain worksheet.")) from error
    workbook.close()


def _csv_rows(stream):
    encoding = _csv_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    first_line = text.readline()
    text.seek(0)
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        for number, values in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            yield number, [unescape(value) for value in values]
    except csv.Error as error:
        raise FileRefused(_("The CSV file could not be read: %(error)s") % {"error": error}) from error
    finally:
        text.detach()


def _csv_encoding(stream) -> str:
    """UTF-8 (with or without the byte order mark Excel writes), else Windows-1251 (Russian Excel's CSV)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(0)
    try:
        while block := stream.read(1 << 16):
            if b"\x00" in block:
                raise FileRefused(_("This is not a text file, so not a CSV file."))
            decoder.decode(block)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1251"
    stream.seek(0)
    return encoding
