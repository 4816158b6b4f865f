"""The files the import benchmark reads, made once per run from members N to 2N-1 of the generator.

The import template is the staff export, so the "new rows" file is the staff export of those members:
they are written into the bench database inside a transaction, exported, and rolled back, so the
registry is as it was and every row of the file is new to it. The anchor's file holds the first
`anchor_rows` of them in django-import-export's own format (its default export, ids blanked).
The "changed" files are the new file with one row in ten changed (a new headcount on a new date, and
the city), one file for each timed run so that each run changes what the previous one left.
"""

import datetime
import time
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from members.models import Member
from members.spreadsheets.columns import header_names, normalise_header
from members.spreadsheets.staff_export import MemberResourceWithContacts, SafeXLSX

from . import anchor, generator, populate

NEW, PROJECT_ANCHOR, ANCHOR = "import-new.xlsx", "import-project-anchor.xlsx", "import-anchor.xlsx"
CHANGE_EVERY = 10


def changed_name(run: int) -> str:
    return f"import-changed-{run}.xlsx"


def staff_export(queryset, path: Path) -> None:
    """The admin's staff export (with contact details), as staff would download it for an import."""
    dataset = MemberResourceWithContacts().export(queryset=queryset)
    path.write_bytes(SafeXLSX().export_data(dataset))


def anchor_file(queryset, path: Path) -> None:
    dataset = anchor.MemberResource().export(queryset=queryset)
    position = dataset.headers.index("id")
    del dataset["id"]  # new rows: the library creates a member for a row without an id
    dataset.insert_col(position, [""] * len(dataset), header="id")
    path.write_bytes(anchor.xlsx_format().export_data(dataset))


class Steps:
    """Seconds taken by each named step, logged as they finish."""

    def __init__(self, log):
        self.log, self.seconds, self.started = log, {}, time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(now - self.started, 2)
        self.log(f"  {name}: {self.seconds[name]:.1f} s")
        self.started = now


def prepare(config: dict, log) -> dict:
    workdir, members, steps = Path(config["workdir"]), config["members"], Steps(log)
    anchor_rows = min(members, config["anchor_rows"])
    max_pk = Member.objects.aggregate(top=Max("pk"))["top"] or 0
    with translation.override("ru"), transaction.atomic():
        new = write_new_members(config, max_pk)
        steps.done("new members written (rolled back later)")
        staff_export(new, workdir / NEW)
        steps.done(f"staff export of {members:,} rows (the import template)")
        anchor_file(new.filter(pk__lte=new.values_list("pk", flat=True)[anchor_rows - 1]), workdir / ANCHOR)
        steps.done(f"django-import-export's export of {anchor_rows:,} rows")
        transaction.set_rollback(True)
    changed = write_changed(workdir / NEW, {run: workdir / changed_name(run) for run in range(config["import_repeat"])})
    first_rows(workdir / NEW, workdir / PROJECT_ANCHOR, anchor_rows)
    steps.done("changed files written")
    return {
        "max_pk": max_pk,
        "rows": members,
        "anchor_rows": anchor_rows,
        "changed_rows": changed,
        "bytes": (workdir / NEW).stat().st_size,
        "steps": steps.seconds,
    }


def write_new_members(config: dict, max_pk: int):
    """Members N to 2N-1, with their history and summaries, in the caller's transaction."""
    members, seed, batch = config["members"], config["seed"], config["batch_size"]
    reference = populate.reference_data()
    for start in range(members, 2 * members, batch):
        populate.write_members(generator.member_specs(seed, start, min(start + batch, 2 * members)), reference)
    new = Member.objects.filter(pk__gt=max_pk).order_by("pk")
    new.sync_summaries()
    return new


def first_rows(source: Path, target: Path, count: int) -> None:
    """The header and the first `count` rows of `source`: the anchor's rows in the project's format."""
    workbook = load_workbook(source, read_only=True)
    out = Workbook(write_only=True)
    sheet = out.create_sheet()
    for values in workbook.worksheets[0].iter_rows(max_row=count + 1, values_only=True):
        sheet.append(values)
    workbook.close()
    out.save(target)


def write_changed(source: Path, targets: dict[int, Path]) -> int:
    """Copy `source` once for each run, changing one row in ten: headcount + run + 1 on a new day, and the city."""
    workbook = load_workbook(source, read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = next(rows)
    keys = [getattr(header_names().get(normalise_header(text)), "key", None) for text in header]
    at = {key: index for index, key in enumerate(keys) if key}
    books = {run: Workbook(write_only=True) for run in targets}
    sheets = {run: book.create_sheet() for run, book in books.items()}
    for sheet in sheets.values():
        sheet.append(header)
    changed = 0
    for number, values in enumerate(rows):
        if number % CHANGE_EVERY == 0:
            changed += 1
        for run, sheet in sheets.items():
            sheet.append(_changed(list(values), at, run) if number % CHANGE_EVERY == 0 else values)
    workbook.close()
    for run, book in books.items():
        book.save(targets[run])
    return changed


def _changed(values: list, at: dict, run: int) -> list:
    day = timezone.localdate() - datetime.timedelta(days=30 - run)  # after the generator's last report
    values[at["headcount"]] = (values[at["headcount"]] or 0) + run + 1
    values[at["headcount_reported_on"]] = day
    values[at["city_ru"]] = f"{values[at['city_ru']] or ''} {run + 1}".strip()
    return values
