"""The yearly import at N members × 4 years beside its floor.

The file is the yearly staff export's layout (`yearly_columns`), written from the bench registry's
members (their registration number, or slug, and headcount), with made-up figures for 2014 to 2017.
The project's import is called as the admin's confirm step calls it (file checks, then
`import_yearly_figures(commit=True)`: every row read, matched, checked by the models' rules, its size
category computed, written with history); the floor reads the same file with openpyxl and writes it
with bulk_create, with no check and no history. Before each run of new rows the figures are deleted
(untimed); the unchanged re-import runs last, on the rows the project's import left.
"""

import random
import time
from pathlib import Path

from django.db import connection, transaction
from django.utils import translation
from django.utils.text import capfirst
from openpyxl import Workbook, load_workbook

from members.models import Member, YearlyFigures
from members.spreadsheets.columns import normalise_header
from members.spreadsheets.files import check_file, read_rows
from members.spreadsheets.yearly_columns import yearly_columns, yearly_header_names
from members.spreadsheets.yearly_import import import_yearly_figures

from .stats import current_rss_mb, peak_rss_mb, summary

YEARS = (2014, 2015, 2016, 2017)
FILE = "yearly-import.xlsx"
CHUNK = 1000


def prepare(config: dict, log) -> dict:
    """Write the file: one row for each member and year."""
    rng, path = random.Random(config["seed"]), Path(config["workdir"]) / FILE
    columns = yearly_columns(with_figures=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    with translation.override("ru"):
        sheet.append([str(capfirst(column.label)) for column in columns])
    rows = 0
    members = Member.objects.order_by("pk").values_list("country", "registration_number", "slug", "name_ru",
                                                        "headcount")  # fmt: skip
    for country, number, slug, name, headcount in members.iterator(chunk_size=5000):
        for year in YEARS:
            sheet.append([str(country), number, "" if number else slug, name, year, *_figures(rng, headcount or 10)])
            rows += 1
    workbook.save(path)
    log(f"  {rows:,} rows of yearly figures written")
    return {"rows": rows, "bytes": path.stat().st_size}


def _figures(rng: random.Random, headcount: int) -> list:
    employees = max(1, round(headcount * rng.uniform(0.85, 1.1)))
    revenue = employees * rng.randint(1_000, 6_000)
    new_products = rng.randint(0, 5)
    return ["", employees, revenue, round(revenue * rng.uniform(0, 0.3)), round(revenue * 0.03),
            round(revenue * 0.08), new_products, rng.randint(0, new_products), ""]  # fmt: skip


def remove_figures() -> None:
    """Delete every row of figures and their history, by plain SQL (untimed)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (YearlyFigures.history.model, YearlyFigures):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def project_import(path: Path) -> dict:
    with path.open("rb") as stream:
        file_format = check_file(path.name, stream, path.stat().st_size)
        report = import_yearly_figures(read_rows(stream, file_format), user=None, commit=True, allow_figures=True,
                                       source=path.name)  # fmt: skip
    if not report.ok:
        raise RuntimeError(f"the yearly import refused {path.name}: {report.errors[:3]}")
    return {key: value for key, value in report.counts.items() if value}


def floor_import(path: Path) -> dict:
    """openpyxl and bulk_create: members looked up once, no rule, no size category, no history."""
    members = {}
    for pk, country, number, slug in Member.objects.values_list("pk", "country", "registration_number", "slug"):
        members[(country, number or slug)] = pk
    workbook = load_workbook(path, read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    names = yearly_header_names()
    keys = [getattr(names.get(normalise_header(text)), "key", None) for text in next(rows)]
    figures = [key for key in keys if key in {"year", "employees", "revenue", "exports", "rnd", "investment",
                                              "new_products", "new_products_foreign"}]  # fmt: skip
    created, batch = 0, []
    with transaction.atomic():
        for values in rows:
            row = dict(zip(keys, values, strict=True))
            member = members[(row["country"], row["registration_number"] or row["slug"])]
            batch.append(YearlyFigures(member_id=member, currency="RUB", **{key: row[key] for key in figures}))
            if len(batch) == CHUNK:
                created, batch = created + len(YearlyFigures.objects.bulk_create(batch)), []
        created += len(YearlyFigures.objects.bulk_create(batch)) if batch else 0
    workbook.close()
    return {"new": created}


# variant -> (how it imports, whether each run needs the figures removed first, the expected outcome's key)
VARIANTS = {
    "floor_new": (floor_import, True, "new"),
    "project_new": (project_import, True, "new"),
    "project_unchanged": (project_import, False, "unchanged"),
}


def measure(variant: str, *, config: dict) -> dict:
    function, fresh, outcome_key = VARIANTS[variant]
    path, rows = Path(config["workdir"]) / FILE, config["files"]["rows"]
    baseline, times, outcome = current_rss_mb(), [], {}
    for _run in range(config["import_repeat"]):
        if fresh:
            remove_figures()
        started = time.perf_counter()
        outcome = function(path)
        times.append(time.perf_counter() - started)
        if outcome != {outcome_key: rows}:
            raise RuntimeError(f"yearly {variant}: expected {rows} {outcome_key}, the import reported {outcome}")
    figures = summary(times)
    seconds = figures["median_ms"] / 1000
    return {
        **figures,
        "seconds": round(seconds, 3),
        "rows": rows,
        "rows_per_second": round(rows / seconds, 1) if seconds else None,
        "outcome": outcome,
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
