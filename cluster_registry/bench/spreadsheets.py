"""The public xlsx export of the whole directory: the project's, its floor, and the anchor's.

Each variant runs in a process of its own (see `stages`), so the peak resident memory reported
is that variant's alone; `baseline_rss_mb` is what the process held before the first run.
"""

from pathlib import Path

from django.http import QueryDict
from django.test import Client
from django.urls import Resolver404, resolve
from openpyxl import Workbook, load_workbook

from members.filters import directory_queryset

from . import anchor
from .stats import current_rss_mb, peak_rss_mb, summary, timed

EXPORT_URL = "/members/export.xlsx"
# Until the public export names its fields, the floor writes these, fetched in one values_list query.
FLOOR_COLUMNS = (
    "name_ru", "name_en", "short_name", "legal_form", "member_type", "country", "region__name_ru", "city_ru",
    "website", "registration_number", "headcount", "joined_on", "incubator_status",
)  # fmt: skip


def whole_directory():
    """Every row of the directory with no filter, in its order: what the public export writes."""
    return directory_queryset(QueryDict(), language="ru").members


def project_export(path: Path) -> None:
    """The public export as a visitor gets it: `/members/export.xlsx` through the whole stack, streamed to a file."""
    response = Client().get(EXPORT_URL)
    if response.status_code != 200:
        raise RuntimeError(f"GET {EXPORT_URL} answered {response.status_code}")
    with path.open("wb") as target:
        for chunk in response.streaming_content if response.streaming else [response.content]:
            target.write(chunk)
    response.close()


def floor_columns() -> tuple[str, ...]:
    """The fields the public export reads (its allow-list), once it is in the tree."""
    try:
        from members.exports import PUBLIC_FIELDS
    except ImportError:
        return FLOOR_COLUMNS
    return PUBLIC_FIELDS


def floor_export(path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    columns = floor_columns()
    sheet.append(columns)
    for row in whole_directory().values_list(*columns).iterator(chunk_size=2000):
        sheet.append([None if value == "" else value for value in row])  # empty text as empty cells, as the export
    workbook.save(path)


def anchor_export(path: Path) -> None:
    path.write_bytes(anchor.export_xlsx(whole_directory())[0])


def data_rows(path: Path) -> int:
    """Rows below the header of the file's first sheet, read in openpyxl's streaming mode."""
    workbook = load_workbook(path, read_only=True)
    try:
        return sum(1 for _row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    finally:
        workbook.close()


EXPORTERS = {"project": project_export, "floor": floor_export, "anchor": anchor_export}


def missing_export() -> str:
    try:
        resolve(EXPORT_URL)
    except Resolver404:
        return f"{EXPORT_URL} is not in the project yet"
    return ""


def measure_export(variant: str, *, repeat: int, workdir: str) -> dict:
    """Time `repeat` runs of one variant; peak memory is this process's, taken before the file is read back."""
    if variant == "project" and missing_export():
        return {"unavailable": missing_export()}
    path = Path(workdir) / f"export-{variant}.xlsx"
    baseline = current_rss_mb()
    times = timed(lambda: EXPORTERS[variant](path), repeat)[0]
    peak = peak_rss_mb()  # before reading the file back
    figures, rows = summary(times), data_rows(path)
    seconds = figures["median_ms"] / 1000
    return {
        **figures,
        "seconds": round(seconds, 3),
        "rows": rows,
        "rows_per_second": round(rows / seconds, 1) if seconds else None,
        "bytes": path.stat().st_size,
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(peak, 1),
    }
