"""Running an import over a file's rows: read, match, plan and (when confirmed and faultless) write.

The rows stream through in chunks of `CHUNK_SIZE`: each chunk costs four reads and, when writing, a few
bulk statements per table, so 100,000 rows need neither 100,000 queries nor 100,000 rows in memory.
The dry run reads and plans without writing. The confirmed run does the same inside one transaction
and writes chunk by chunk; the first error stops the writing, the rest of the file is still checked so
the report lists every error, and the transaction is rolled back: an error anywhere writes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from pagecache import bump

from . import cells
from .columns import BY_KEY, COLUMNS, Column, header_names, normalise_header
from .files import FileRefused
from .lookups import Lookups
from .plans import ChunkState, Plan, plan_row
from .rows import Matcher, Row, RowReader
from .writer import write_plans

CHUNK_SIZE = 1000
PREVIEW_LIMIT = 1000  # rows described one by one in the preview; the counts cover every row
ERROR_LIMIT = 10_000  # errors listed; more are counted
NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
UNKNOWN = object()  # a column whose header is unknown (reported once, not on every row)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowOutcome:
    row: int
    status: str
    name: str
    changes: list[tuple[str, object, object]]


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    committed: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def changed(self) -> int:
        return self.counts[NEW] + self.counts[UPDATED]

    def add_error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < ERROR_LIMIT:
            self.errors.append(RowError(row, column, message))


class TransactionalImporter:
    """An import's outer loop: a dry run, or one transaction that an error anywhere rolls back; its header's columns.

    `columns` are those the import reads; those marked `contact` need `allow_restricted` (a permission).
    """

    report: ImportReport
    headers: dict[str, str]
    columns: tuple[Column, ...] = COLUMNS
    allow_restricted: bool = True

    def restricted_message(self) -> str:
        return _("You may not import contact details.")

    def _header_column(self, index: int, text, column: Column | None):
        """The column of a header cell, or UNKNOWN (with the header's error reported), or None for a blank one."""
        if cells.is_blank(text):
            return None
        message = None
        if column is None:
            known = ", ".join(str(known.label) for known in self.columns if self.allow_restricted or not known.contact)
            message = _("Unknown column. The columns an import reads are: %(known)s.") % {"known": known}
        elif column.contact and not self.allow_restricted:
            message = self.restricted_message()
        elif column.key in self.headers:
            message = _("This column appears twice.")
        if message:
            self.report.add_error(1, str(text).strip(), message)
            return UNKNOWN
        self.headers[column.key] = str(text).strip()
        return column

    def database_refused(self) -> str:
        return _("The database refused the changes, so nothing was written. Someone may have changed "
                 "members meanwhile; check the file again.")  # fmt: skip

    def run(self, rows) -> ImportReport:
        """Import `rows`, an iterator of (row number, cell values) whose first item is the header."""
        try:
            if self.commit:
                with transaction.atomic():
                    self._run(rows)
                    if self.report.ok:
                        bump()  # the rows went in by bulk SQL, which sends no signals
                    else:
                        transaction.set_rollback(True)
            else:
                self._run(rows)
        except FileRefused as error:
            self.report.add_error(0, "", str(error))
        except DatabaseError:
            self.report.add_error(0, "", self.database_refused())
        self.report.committed = self.commit and self.report.ok
        return self.report


class MemberImporter(TransactionalImporter):
    def __init__(self, *, user=None, commit: bool = False, allow_contacts: bool = True, source: str = ""):
        self.user, self.commit, self.allow_restricted = user, commit, allow_contacts
        self.reason = (_("Imported from %(file)s") % {"file": source})[:100] if source else _("Imported")
        self.report = ImportReport()
        self.headers: dict[str, str] = {}

    def _run(self, rows) -> None:
        first = next(rows, None)
        if first is None:
            self.report.add_error(1, "", _("The file is empty."))
            return
        layout = self._read_header(first[1])
        if layout is None:
            return
        lookups = Lookups()
        reader, matcher = RowReader(layout, lookups), Matcher(lookups)
        keys = set(self.headers)
        while chunk := list(islice(rows, CHUNK_SIZE)):
            read = [row for row in (reader.read(number, values) for number, values in chunk) if row]
            for row in read:
                matcher.match(row)
            self._plan_chunk(read, keys, lookups)

    def _read_header(self, header) -> list | None:
        names, layout = header_names(), []
        for index, text in enumerate(header):
            column = names.get(normalise_header(text)) if not cells.is_blank(text) else None
            layout.append(self._header_column(index, text, column))
        if "country" not in self.headers:
            self.report.add_error(1, str(BY_KEY["country"].label), _("The file needs a column with the country."))
        if not {"registration_number", "slug"} & set(self.headers):
            self.report.add_error(
                1, str(BY_KEY["registration_number"].label), _("The file needs a registration number or slug column.")
            )
        readable = "country" in self.headers and {"registration_number", "slug"} & set(self.headers)
        return layout if readable else None

    def _plan_chunk(self, rows: list[Row], keys: set[str], lookups: Lookups) -> None:
        matched = [row.member_id for row in rows if row.member_id is not None and not row.errors]
        state = ChunkState.load(matched, keys)
        plans = []
        for row in rows:
            plan = plan_row(row, state, lookups) if not row.errors else None
            self._record(row, plan)
            if plan is not None and plan.changes:
                plans.append(plan)
        if self.commit and self.report.ok and plans:
            write_plans(plans, user=self.user, reason=self.reason)

    def _record(self, row: Row, plan: Plan | None) -> None:
        if plan is None:
            status = ERROR
            for key, message in row.errors:
                self.report.add_error(row.number, self._column_name(key), message)
        else:
            status = NEW if plan.is_new else UPDATED if plan.changes else UNCHANGED
        self.report.counts[status] += 1
        if len(self.report.rows) < PREVIEW_LIMIT:
            name = plan.member.name if plan else (row.values.get("name_ru") or row.values.get("name_en") or row.slug)
            changes = plan.changes if plan and not plan.is_new else []
            self.report.rows.append(RowOutcome(row.number, status, name or "", changes))

    def _column_name(self, key: str) -> str:
        if key in self.headers:
            return self.headers[key]
        return str(BY_KEY[key].label) if key in BY_KEY else key


def import_members(rows, **options) -> ImportReport:
    """Check (and with `commit=True` write) the rows of an import; see MemberImporter for the options."""
    return MemberImporter(**options).run(iter(rows))
