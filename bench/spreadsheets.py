"""The public xlsx export of the whole directory: the project's, its floor, and the anchor's.

Each variant runs in a process of its own (see `stages`), so the peak resident memory reported
is that variant's alone; `baseline_rss_mb` is what the process held before the first run.
"""

from pathlib import Path

from django.http import QueryDict
from django.test import Client
from openpyxl import Workbook, load_workbook

from members.filters import directory_queryset
from members.spreadsheets.public_export import PUBLIC_FIELDS
from pagecache.downloads import download_cache

from . import anchor
from .stats import current_rss_mb, peak_rss_mb, summary, timed

EXPORT_URL = "/members/export.xlsx"


def whole_directory():
    """Every row of the directory with no filter, in its order: what the public export writes."""
    return directory_queryset(QueryDict(), language="ru").members


def project_export(path: Path) -> None:
    """The public export as a visitor gets it: `/members/export.xlsx` through the whole stack, built afresh.

    The downloads' cache is emptied first: a repeated download is served from it (one query), and what is
    measured here is the file being built.
    """
    download_cache().clear()
    response = Client().get(EXPORT_URL)
    if response.status_code != 200:
        raise RuntimeError(f"GET {EXPORT_URL} answered {response.status_code}")
    with path.open("wb") as target:
        if response.streaming:  # larger than the cache takes: a FileResponse
            for chunk in response.streaming_content:
                target.write(chunk)
        else:
            target.write(response.content)
    response.close()


def floor_export(path: Path) -> None:
    """The export's own fields (its allow-list) in one values_list query, written with no formatting."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(PUBLIC_FIELDS)
    for row in whole_directory().values_list(*PUBLIC_FIELDS).iterator(chunk_size=2000):
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


def measure_export(variant: str, *, repeat: int, workdir: str) -> dict:
    """Time `repeat` runs of one variant; peak memory is this process's, taken before the file is read back."""
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
