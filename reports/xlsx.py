"""The reports' xlsx files: typed cells, units in the headers, the coverage beside each figure, no formula.

Numbers are written as numbers (amounts in thousands of roubles, shares and changes in per cent with
one decimal), empty figures as empty cells, and text that a spreadsheet would take for a formula as
text (`members.spreadsheets.formulas`), so no cell of a report is ever a formula.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from members.spreadsheets.formulas import is_formula_like

INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
RATE_FORMAT = "#,##0.0000"


class ReportWorkbook:
    """A workbook of a few small sheets, each with a bold frozen header row and set column widths."""

    def __init__(self):
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)

    def sheet(self, title: str, columns: list[tuple[str, int]]) -> "ReportSheet":
        return ReportSheet(self.workbook.create_sheet(str(title)[:31]), columns)

    def save(self, target) -> None:
        self.workbook.save(target)


class ReportSheet:
    def __init__(self, sheet, columns: list[tuple[str, int]]):
        self.sheet = sheet
        bold = Font(bold=True)
        for index, (label, width) in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
            cell = self._put(1, index, str(label))
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.sheet.freeze_panes = "A2"
        self.row = 1

    def _put(self, row: int, column: int, value, number_format: str | None = None):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
        elif value is not None and not isinstance(value, int | float | Decimal):
            value = str(value)  # lazy translations and the like
        cell = self.sheet.cell(row=row, column=column, value=value)
        if is_formula_like(value):
            cell.data_type = "s"  # openpyxl takes "=..." for a formula; this is text
            cell.quotePrefix = True
        elif isinstance(value, Decimal | float):
            cell.number_format = number_format or DECIMAL_FORMAT
        elif isinstance(value, int) and not isinstance(value, bool):
            cell.number_format = number_format or INTEGER_FORMAT
        return cell

    def append(self, values, formats: dict[int, str] | None = None) -> None:
        """A row; `formats` gives a column (0-based) its own number format."""
        self.row += 1
        for index, value in enumerate(values):
            self._put(self.row, index + 1, value, (formats or {}).get(index))


def amount(value) -> Decimal | int | None:
    """An amount for a cell: thousands, to one decimal (a count stays an integer)."""
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.1"))
    return value


def coverage_columns() -> list[tuple[str, int]]:
    return [(_("Reported by, members"), 12), (_("Of, members"), 12)]
