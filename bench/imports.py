"""Import timings: the project's import (members.spreadsheets), its floor, and the anchor.

Each variant runs in a process of its own; before each timed run of a "new rows" variant, what the
previous run imported is deleted (untimed), so every run finds the rows new. The order the runner
keeps matters: `project_new` leaves its rows in place for `project_unchanged` and `project_changed`.
The project's import is called as the admin's confirm step calls it (file checks, then
`import_members(commit=True)`: every row read, matched, validated and written with history); the
dry run of the preview before it is timed once and reported beside it.
"""

import datetime
import time
from pathlib import Path

from django.db import connection, transaction
from openpyxl import load_workbook

from members.models import HeadcountReport, Incubator, Member, MembershipPeriod, Region, Sector
from members.spreadsheets.columns import MEMBER_FIELDS, header_names, normalise_header
from members.spreadsheets.engine import import_members
from members.spreadsheets.files import check_file, read_rows

from . import anchor, import_files
from .stats import current_rss_mb, peak_rss_mb, summary

CHUNK = 1000


def project_import(path: Path, *, commit: bool = True):
    with path.open("rb") as stream:
        file_format = check_file(path.name, stream, path.stat().st_size)
        report = import_members(
            read_rows(stream, file_format), user=None, commit=commit, allow_contacts=True, source=path.name
        )
    if not report.ok:
        raise RuntimeError(f"the import refused {path.name}: {report.errors[:3]}")
    return dict(report.counts)


def anchor_import(path: Path):
    return {key: value for key, value in anchor.import_xlsx(path.read_bytes()).items() if value}


def remove_imported(max_pk: int) -> None:
    """Delete the members an import added (pk above the registry's), their history included. Untimed.

    Plain SQL deletes: the ORM's would load every member and record its deletion in the history.
    """
    tables = [
        (Member.sectors.through._meta.db_table, "member_id"),
        (HeadcountReport._meta.db_table, "member_id"),
        (HeadcountReport.history.model._meta.db_table, "member_id"),
        (MembershipPeriod._meta.db_table, "member_id"),
        (MembershipPeriod.history.model._meta.db_table, "member_id"),
        (Member.history.model._meta.db_table, "id"),
        (Member._meta.db_table, "id"),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column in tables:
            cursor.execute(f"DELETE FROM {table} WHERE {column} > %s", [max_pk])  # noqa: S608 (our own table names)


class FloorLookups:
    """Names to ids, the least an importer must know to write the rows."""

    def __init__(self):
        self.regions = {}
        for pk, country, name_ru, name_en in Region.objects.values_list("pk", "country", "name_ru", "name_en"):
            self.regions[(country, name_ru)] = self.regions[(country, name_en)] = pk
        self.sectors = {
            name: pk for pk, *names in Sector.objects.values_list("pk", "name_ru", "name_en") for name in names
        }
        self.incubators = {
            n: pk for pk, *names in Incubator.objects.values_list("pk", "name_ru", "name_en") for n in names
        }
        self.choices = {}
        for choices in (Member.Type, Member.Role, Member.IncubatorStatus):
            self.choices.update({str(label): value for value, label in choices.choices})


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _floor_member(row: dict, lookups: FloorLookups, fields) -> Member:
    values = {key: row.get(key) for key in fields if key in row}
    for key in ("member_type", "cluster_role", "incubator_status"):
        values[key] = lookups.choices.get(values.get(key) or "", "")
    values = {
        key: ("" if value is None and key not in ("incubator_from_year", "incubator_to_year") else value)
        for key, value in values.items()
    }
    # The staff export writes the country's name for people and its code in a column of its own.
    values["country"] = country = row.get("country_code") or row["country"]
    member = Member(**values, region_id=lookups.regions.get((country, row.get("region"))))
    member.incubator_id = lookups.incubators.get(row.get("incubator"))
    member.headcount, member.joined_on = row.get("headcount"), _day(row.get("joined_on"))
    member.search_text = member.build_search_text()
    return member


def _floor_write(batch: list[dict], lookups: FloorLookups, fields) -> int:
    members = Member.objects.bulk_create([_floor_member(row, lookups, fields) for row in batch])
    periods, reports, links = [], [], []
    through = Member.sectors.through
    for row, member in zip(batch, members, strict=True):
        if row.get("joined_on"):
            periods.append(
                MembershipPeriod(
                    member=member,
                    joined_on=_day(row["joined_on"]),
                    left_on=_day(row.get("left_on")),
                    leave_reason=row.get("leave_reason") or "",
                )
            )
        if row.get("headcount") is not None:
            reports.append(
                HeadcountReport(
                    member=member, employees=row["headcount"], reported_on=_day(row["headcount_reported_on"])
                )
            )
        links += [
            through(member_id=member.pk, sector_id=lookups.sectors[name])
            for name in (row.get("sectors") or "").split("; ")
            if name
        ]
    MembershipPeriod.objects.bulk_create(periods)
    HeadcountReport.objects.bulk_create(reports)
    through.objects.bulk_create(links)
    return len(members)


def floor_import(path: Path) -> dict:
    """The same file read with openpyxl and written with bulk_create: no validation, no history."""
    lookups, names = FloorLookups(), header_names()
    workbook = load_workbook(path, read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    keys = [getattr(names.get(normalise_header(text)), "key", None) for text in next(rows)]
    fields, created, batch = [key for key in MEMBER_FIELDS if key in keys], 0, []
    with transaction.atomic():
        for values in rows:
            batch.append(dict(zip(keys, values, strict=True)))
            if len(batch) == CHUNK:
                created, batch = created + _floor_write(batch, lookups, fields), []
        created += _floor_write(batch, lookups, fields) if batch else 0
    workbook.close()
    return {"new": created}


def _changed_outcome(files: dict) -> dict:
    return {"updated": files["changed_rows"], "unchanged": files["rows"] - files["changed_rows"]}


# variant -> (how it imports, file, whether each run needs the imported rows removed first, expected outcome)
VARIANTS = {
    "floor_new": (floor_import, import_files.NEW, True, lambda files: {"new": files["rows"]}),
    "project_new": (project_import, import_files.NEW, True, lambda files: {"new": files["rows"]}),
    "project_unchanged": (project_import, import_files.NEW, False, lambda files: {"unchanged": files["rows"]}),
    "project_changed": (project_import, None, False, lambda files: _changed_outcome(files)),
    "project_anchor": (project_import, import_files.PROJECT_ANCHOR, True, lambda files: {"new": files["anchor_rows"]}),
    "anchor_new": (anchor_import, import_files.ANCHOR, True, lambda files: {"new": files["anchor_rows"]}),
}  # fmt: skip


def measure_import(variant: str, *, config: dict) -> dict:
    function, name, fresh, expected = VARIANTS[variant]
    files, workdir = config["files"], Path(config["workdir"])
    baseline, extra, times, outcome = current_rss_mb(), {}, [], {}
    if variant == "project_new":
        remove_imported(files["max_pk"])
        started = time.perf_counter()
        project_import(workdir / name, commit=False)
        extra["preview_seconds"] = round(time.perf_counter() - started, 3)
    repeat = config["anchor_repeat"] if variant == "anchor_new" else config["import_repeat"]
    for run in range(repeat):
        if fresh:
            remove_imported(files["max_pk"])
        path = workdir / (name or import_files.changed_name(run))
        started = time.perf_counter()
        outcome = function(path)
        times.append(time.perf_counter() - started)
        if outcome != expected(files):
            raise RuntimeError(f"{variant}: expected {expected(files)}, the import reported {outcome}")
    peak = peak_rss_mb()
    figures = summary(times)
    seconds, rows = figures["median_ms"] / 1000, sum(outcome.values())
    return {
        **figures,
        "seconds": round(seconds, 3),
        "rows": rows,
        "rows_per_second": round(rows / seconds, 1) if seconds else None,
        "outcome": outcome,
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(peak, 1),
        **extra,
    }
