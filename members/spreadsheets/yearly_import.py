"""The yearly import: member × year rows of figures, checked by the models' own rules, all or nothing.

The same engine as the member import (`engine.py`): the file checks and readers of `files`, the cell
cleaners of `cells`, the report, row limit, preview and signed token of the admin's import, chunks of
`CHUNK_SIZE` rows read with a few queries each, and one transaction in which an error on any row writes
nothing. A row names an existing member (country + registration number, or slug) and a year; a row that
finds no figures for that year adds them. A column left out of the file is left as it is; a blank cell
clears its figure. The rows go in by bulk SQL (`fastsql`) with a history row each for the importing
user; the size category is computed as `services.yearly_figures_save` computes it. A changed figure
clears its confirmation, and the headcount report the confirmation had made (`docs/architecture.md`).
"""

from itertools import islice

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..currencies import Currency, default_currency
from ..models import ExchangeRate, HeadcountReport, Member, YearlyFigures
from ..registration import normalise_registration_number
from ..yearly import SIZE_FIELDS
from . import cells
from .columns import normalise_header
from .engine import (
    CHUNK_SIZE,
    ERROR,
    NEW,
    PREVIEW_LIMIT,
    UNCHANGED,
    UNKNOWN,
    UPDATED,
    ImportReport,
    RowOutcome,
    TransactionalImporter,
)
from .fastsql import insert_history, insert_objects, update_objects
from .lookups import Lookups
from .yearly_columns import FIGURE_KEYS, YEARLY_BY_KEY, YEARLY_COLUMNS, yearly_header_names

CURRENCIES = {code for code, _label in Currency.choices}


class YearlyRow:
    __slots__ = ("number", "values", "errors", "member_id", "year", "figures", "changes")

    def __init__(self, number: int):
        self.number, self.values, self.errors = number, {}, []
        self.member_id = self.year = self.figures = None
        self.changes: list[tuple[str, object, object]] = []

    def error(self, key: str, message) -> None:
        self.errors.append((key, str(message)))


def _field(key: str):
    return YearlyFigures._meta.get_field(key)


def clean_cell(kind: str, key: str, value, sources: dict[str, str]):
    """A cell of the yearly import as the model stores it (None for a blank figure)."""
    if kind in ("country", "regno", "slug", "ignored"):
        return cells.clean_text(value)
    if kind in ("count", "amount", "year"):
        return None if cells.is_blank(value) else cells.validated(_field(key), cells._whole_number(value))
    if kind == "currency":
        code = cells.clean_text(value).upper()
        if code and code not in CURRENCIES:
            raise cells.CellError(_("Unknown currency; use one of: %(allowed)s.") % {"allowed": ", ".join(CURRENCIES)})
        return code
    return cells.clean_choice(value, sources)  # the source


class YearlyImporter(TransactionalImporter):
    def __init__(self, *, user=None, commit: bool = False, allow_figures: bool = True, source: str = ""):
        self.user, self.commit, self.allow_restricted = user, commit, allow_figures
        self.reason = (_("Imported from %(file)s") % {"file": source})[:100] if source else _("Imported")
        self.report = ImportReport()
        self.headers: dict[str, str] = {}
        self.seen: dict[tuple[int, int], int] = {}

    columns = YEARLY_COLUMNS

    def restricted_message(self) -> str:
        return _("You may not import confidential figures.")

    def database_refused(self) -> str:
        return _("The database refused the changes, so nothing was written. Someone may have changed the "
                 "figures meanwhile; check the file again.")  # fmt: skip

    def _run(self, rows) -> None:
        first = next(rows, None)
        if first is None:
            self.report.add_error(1, "", _("The file is empty."))
            return
        layout = self._read_header(first[1])
        if layout is None:
            return
        self.lookups = Lookups()
        self.rates = ExchangeRate.objects.as_dict()
        sources = self.lookups._choice_names(YearlyFigures.Source)
        while chunk := list(islice(rows, CHUNK_SIZE)):
            read = [row for row in (self._read(number, values, layout, sources) for number, values in chunk) if row]
            self._plan_chunk(read)

    def _read_header(self, header) -> list | None:
        names, layout = yearly_header_names(), []
        for index, text in enumerate(header):
            column = names.get(normalise_header(text)) if not cells.is_blank(text) else None
            layout.append(self._header_column(index, text, column))
        for key, message in (
            ("country", _("The file needs a column with the country.")),
            ("year", _("The file needs a column with the year.")),
        ):
            if key not in self.headers:
                self.report.add_error(1, str(YEARLY_BY_KEY[key].label), message)
        if not {"registration_number", "slug"} & set(self.headers):
            self.report.add_error(1, str(YEARLY_BY_KEY["registration_number"].label),
                                  _("The file needs a registration number or slug column."))  # fmt: skip
        return layout if self.report.ok else None

    def _read(self, number: int, values, layout, sources) -> YearlyRow | None:
        if all(cells.is_blank(value) for value in values):
            return None
        row = YearlyRow(number)
        for index, value in enumerate(values):
            column = layout[index] if index < len(layout) else None
            if column is None or column is UNKNOWN:
                if column is None and not cells.is_blank(value):
                    row.error(f"#{index + 1}", _("A value in a column without a header."))
                continue
            try:
                row.values[column.key] = clean_cell(column.kind, column.key, value, sources)
            except cells.CellError as error:
                row.error(column.key, str(error))
        self._match(row)
        return row

    def _match(self, row: YearlyRow) -> None:
        country = self.lookups.country(row.values.get("country", "")) if row.values.get("country") else ""
        number, slug = row.values.get("registration_number", ""), row.values.get("slug", "")
        if not country:
            row.error("country", _("Give the member's country."))
            return
        if number:
            try:
                number = normalise_registration_number(country, number)
            except ValidationError as error:
                row.error("registration_number", " ".join(error.messages))
                return
            row.member_id = self.lookups.by_number.get((country, number))
        elif slug:
            entry = self.lookups.by_slug.get(slug)
            row.member_id = entry[0] if entry and entry[1] == country else None
        if row.member_id is None:
            row.error("registration_number" if number else "slug", _("No member of this country has this "
                                                                     "registration number or slug."))  # fmt: skip
        row.year = row.values.get("year")
        if row.year is None and "year" not in [key for key, _message in row.errors]:
            row.error("year", _("Give the year of the figures."))
        if row.member_id is not None and row.year is not None:
            first = self.seen.setdefault((row.member_id, row.year), row.number)
            if first != row.number:
                row.error("year", _("The same member and year as in row %(row)d.") % {"row": first})

    def _plan_chunk(self, rows: list[YearlyRow]) -> None:
        good = [row for row in rows if not row.errors]
        members = Member.objects.in_bulk({row.member_id for row in good})
        stored = YearlyFigures.objects.filter(member_id__in=list(members), year__in={row.year for row in good})
        stored = {(figures.member_id, figures.year): figures for figures in stored}
        for row in good:
            self._plan(row, members[row.member_id], stored.get((row.member_id, row.year)))
        for row in rows:
            self._record(row)
        if self.commit and self.report.ok:
            self._write([row for row in rows if row.changes])

    def _plan(self, row: YearlyRow, member, figures) -> None:
        is_new = figures is None
        figures = figures or YearlyFigures(member=member, year=row.year, currency=default_currency(member.country))
        figures.member = member  # read once for the chunk, for the size category
        for key in FIGURE_KEYS:
            if key not in row.values:
                continue
            new = row.values[key] or (default_currency(member.country) if key == "currency" else None)
            if key == "source" and new is None:
                new = figures.source
            old = None if is_new else getattr(figures, key)
            if new != getattr(figures, key) or (is_new and new is not None):
                row.changes.append((key, old, new))
            setattr(figures, key, new)
        try:
            rules.check_currency(figures.currency)
            rules.check_exports(figures.revenue, figures.exports)
            rules.check_new_products(figures.new_products, figures.new_products_foreign)
        except ValidationError as error:
            for key, message in rules.messages_by_field(error):
                row.error(key, message)
            return
        figures.apply_size(self.rates)
        if is_new and not row.changes:
            row.changes.append(("year", None, row.year))
        row.figures = figures

    def _record(self, row: YearlyRow) -> None:
        if row.errors:
            status = ERROR
            for key, message in row.errors:
                self.report.add_error(row.number, self._column_name(key), message)
        else:
            status = NEW if row.figures.pk is None else UPDATED if row.changes else UNCHANGED
        self.report.counts[status] += 1
        if len(self.report.rows) < PREVIEW_LIMIT:
            name = f"{row.figures.member} {row.year}" if row.figures else str(row.values.get("name") or "")
            changes = row.changes if row.figures is not None and row.figures.pk is not None else []
            self.report.rows.append(RowOutcome(row.number, status, name, changes))

    def _column_name(self, key: str) -> str:
        if key in self.headers:
            return self.headers[key]
        return str(YEARLY_BY_KEY[key].label) if key in YEARLY_BY_KEY else key

    def _write(self, rows: list[YearlyRow]) -> None:
        history = {"user": self.user, "reason": self.reason, "when": timezone.now()}
        created = [row.figures for row in rows if row.figures.pk is None]
        updated = [row.figures for row in rows if row.figures.pk is not None]
        unconfirmed = [figures for figures in updated if figures.confirmed_at is not None]
        for figures in created + updated:
            figures.entered_by = self.user
        for figures in unconfirmed:
            figures.confirmed_by = figures.confirmed_at = None
        insert_objects(YearlyFigures, created)
        fields = ["entered_by", "confirmed_by", "confirmed_at", *FIGURE_KEYS, *SIZE_FIELDS]
        update_objects(YearlyFigures, updated, fields)
        insert_history(YearlyFigures, created, history_type="+", **history)
        insert_history(YearlyFigures, updated, history_type="~", **history)
        if unconfirmed:
            # The reports the confirmations had made go with them (docs/architecture.md: one headcount).
            HeadcountReport.objects.filter(yearly_figures__in=unconfirmed).delete()
            Member.objects.filter(pk__in={figures.member_id for figures in unconfirmed}).sync_summaries()


def import_yearly_figures(rows, **options) -> ImportReport:
    """Check (and with `commit=True` write) the rows of a yearly import; see YearlyImporter for the options."""
    return YearlyImporter(**options).run(iter(rows))
