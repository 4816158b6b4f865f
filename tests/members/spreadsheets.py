"""Helpers for the export and import tests: build xlsx and csv files, run an import, read an export."""

import csv
import io

from openpyxl import Workbook, load_workbook

from members.spreadsheets.engine import import_members
from members.spreadsheets.files import CSV, XLSX, read_rows


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, delimiter=",", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode(encoding)


def run_import(content: bytes, file_format: str = XLSX, **options):
    """Import `content` (xlsx or csv bytes); a dry run unless commit=True."""
    return import_members(read_rows(io.BytesIO(content), file_format), **options)


def run_rows(rows, file_format: str = XLSX, **options):
    content = xlsx_bytes(rows) if file_format == XLSX else csv_bytes(rows)
    return run_import(content, file_format, **options)


def sheet_of(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def csv_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def errors_of(report) -> set[tuple[int, str]]:
    """(row, column) of every error in the report."""
    return {(error.row, error.column) for error in report.errors}


__all__ = ["CSV", "XLSX", "csv_bytes", "csv_of", "errors_of", "run_import", "run_rows", "sheet_of", "xlsx_bytes"]
