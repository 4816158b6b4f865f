"""Spreadsheet exports of members, safe to open in Excel; and the public export of the directory.

`/members/export.xlsx` (and `/en/members/export.xlsx`) takes the directory's query string and exports
exactly the rows the directory lists for it, every page, in its order: both call
`members.filters.directory_queryset`. Only the fields named in `PUBLIC_FIELDS` are read, so a field
added to the model later is not exported until someone adds it here. The rows are fetched with one
query plus one for every member's sectors, and written with openpyxl's write-only mode to a temporary
file that is streamed back, so 100,000 rows need neither 100,000 queries nor the workbook in memory.

Formula injection: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
written as text with Excel's quote prefix in xlsx files, and csv text is escaped by `formulas.escape`
(every field quoted, an apostrophe before a trigger wherever Excel may begin a cell), here and in the
staff export; numbers and dates stay numbers and dates. See `members.spreadsheets.formulas`.
"""

import csv
import datetime
import io
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pagecache.downloads import serve_download

from ..filters import directory_queryset
from ..models import Member, Sector
from ..registration import format_registration_number
from ..text import in_language
from . import formulas
from .formulas import is_formula_like

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The public export's allow-list: the only fields it reads, and its columns (key, header, width).
PUBLIC_FIELDS = (
    "pk", "slug", "name_ru", "name_en", "short_name", "legal_form", "member_type", "cluster_role", "country",
    "region__name_ru", "region__name_en", "city_ru", "city_en", "headcount", "joined_on", "incubator_status",
    "incubator__name_ru", "incubator__name_en", "registration_number", "website", "summary_ru", "summary_en",
)  # fmt: skip
PUBLIC_COLUMNS = (
    ("name", gettext_lazy("Name"), 44),
    ("short_name", gettext_lazy("Short name"), 20),
    ("legal_form", gettext_lazy("Legal form"), 12),
    ("member_type", gettext_lazy("Member type"), 26),
    ("cluster_role", gettext_lazy("Role in the cluster"), 24),
    ("country", gettext_lazy("Country"), 16),
    ("region", gettext_lazy("Region"), 24),
    ("city", gettext_lazy("City"), 18),
    ("sectors", gettext_lazy("Sectors"), 36),
    ("headcount", gettext_lazy("Employees"), 12),
    ("joined_on", gettext_lazy("Member since"), 14),
    ("incubator_status", gettext_lazy("Incubator status"), 16),
    ("incubator", gettext_lazy("Business incubator"), 28),
    ("registration_number", gettext_lazy("Registration number"), 18),
    ("website", gettext_lazy("Website"), 30),
    ("summary", gettext_lazy("Summary"), 50),
    ("page", gettext_lazy("Page in the registry"), 40),
)


class SheetWriter:
    """A write-only worksheet: bold frozen header, set column widths, an autofilter, formula-safe text."""

    def __init__(self, title: str, columns: list[tuple[str, int]]):
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title[:31])
        self.sheet.freeze_panes = "A2"  # before the first row: write-only sheets write their views first
        for index, (_label, width) in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.width, self.rows = len(columns), 0
        bold = Font(bold=True)
        self.sheet.append([self._cell(str(label), font=bold) for label, _width in columns])

    def _cell(self, value, font=None):
        cell = WriteOnlyCell(self.sheet, value=value)
        if is_formula_like(value):
            cell.data_type = "s"  # openpyxl takes "=..." for a formula; this is text
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        if font:
            cell.font = font
        return cell

    def append(self, values) -> None:
        row = []
        for value in values:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value) or None  # an empty text is an empty cell
                if is_formula_like(value):
                    value = self._cell(value)
            row.append(value)
        self.sheet.append(row)
        self.rows += 1

    def save(self, target) -> None:
        last = get_column_letter(self.width)
        self.sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"
        self.workbook.save(target)


def csv_text(value) -> str:
    """A cell for a csv file: text that a spreadsheet would read as a formula is escaped (`formulas.escape`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return formulas.escape(value)
    return str(value)


def write_csv(headers, rows) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel reads the file as UTF-8
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)  # a field holding `;` stays one field where `;` splits
    writer.writerow([csv_text(str(header)) for header in headers])
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return buffer.getvalue()


def _sectors_by_member(members) -> dict[int, str]:
    """Every listed member's sectors, "; "-separated, in one query (streamed, and each text kept once)."""
    through = Member.sectors.through.objects.filter(member_id__in=members.order_by().values("pk"))
    rows = through.order_by("member_id", "sector__name_en").values_list("member_id", "sector_id")
    names = {pk: in_language(ru, en) for pk, ru, en in Sector.objects.values_list("pk", "name_ru", "name_en")}
    texts: dict[tuple, str] = {}  # members share a few combinations of sectors; keep one string for each
    sectors: dict[int, str] = {}
    for member_id, group in groupby(rows.iterator(chunk_size=5000), key=itemgetter(0)):
        key = tuple(sector_id for _member, sector_id in group)
        sectors[member_id] = texts.setdefault(key, "; ".join(names[sector_id] for sector_id in key))
    return sectors


def public_rows(members, *, page_prefix: str):
    """The members' public fields, one list a member in the order of `PUBLIC_COLUMNS` (the xlsx, csv and json)."""
    language = get_language()
    labels = {key: str(label) for key, label in [*Member.Type.choices, *Member.Role.choices]}
    statuses = {key: str(label) for key, label in Member.IncubatorStatus.choices if key}
    country_names: dict[str, str] = {}
    sectors = _sectors_by_member(members)
    for row in members.values_list(*PUBLIC_FIELDS).iterator(chunk_size=2000):
        (pk, slug, name_ru, name_en, short_name, legal_form, member_type, role, country, region_ru, region_en,
         city_ru, city_en, headcount, joined_on, status, incubator_ru, incubator_en, number, website, summary_ru,
         summary_en) = row  # fmt: skip
        number = format_registration_number(country, number)
        if country not in country_names:
            country_names[country] = countries.name(country)
        yield [
            in_language(name_ru, name_en, language), short_name, legal_form, labels.get(member_type, member_type),
            labels.get(role, role), country_names[country], in_language(region_ru or "", region_en or "", language),
            in_language(city_ru, city_en, language), sectors.get(pk, ""), headcount, joined_on,
            statuses.get(status, ""), in_language(incubator_ru or "", incubator_en or "", language), number, website,
            in_language(summary_ru, summary_en, language), page_prefix + slug + "/",
        ]  # fmt: skip


def write_public_workbook(members, target, *, page_prefix: str) -> int:
    """Write the members' public fields to `target`; returns the number of rows."""
    writer = SheetWriter(_("Members"), [(capfirst(label), width) for _key, label, width in PUBLIC_COLUMNS])
    for row in public_rows(members, page_prefix=page_prefix):
        writer.append(row)
    writer.save(target)
    return writer.rows


def member_list_export(request):
    """`/members/export.xlsx`: the directory's list for the same query string, as an xlsx file."""
    page_prefix = request.build_absolute_uri(reverse("members:member-detail", kwargs={"slug": "x"}))[:-2]

    def build(target):
        _filterset, members = directory_queryset(request.GET, language=get_language())
        write_public_workbook(members, target, page_prefix=page_prefix)

    filename = f"{settings.CLUSTER_SHORT_NAME}-members-{timezone.localdate().isoformat()}.xlsx"
    # Cached under the registry's revision and bounded in how many are built at once (pagecache.downloads).
    return serve_download(request, build, filename=filename, content_type=XLSX_CONTENT_TYPE)
