"""Each report's xlsx: the page's tables, cell for cell, as numbers with their units in the headers."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .cluster_report import MEMBERS
from .xlsx import RATE_FORMAT, ReportWorkbook, amount, coverage_columns


def _figure_note(unconverted: list) -> str:
    """Which amounts could not be converted (no rate), in words, for the note column."""
    return "; ".join(
        ngettext(
            "%(amount)s thousand %(currency)s of %(members)s member not converted: no exchange rate",
            "%(amount)s thousand %(currency)s of %(members)s members not converted: no exchange rate",
            part.members,
        )
        % {
            "amount": number_format(part.amount, force_grouping=True),
            "currency": part.currency,
            "members": part.members,
        }
        for part in unconverted
    )


def cluster_indicators_workbook(report: dict) -> ReportWorkbook:
    year = report["year"]
    book = ReportWorkbook()
    sheet = book.sheet(
        _("Indicators %(year)s") % {"year": year},
        [
            (_("Indicator"), 48),
            (_("Unit"), 16),
            (str(year), 14),
            (str(year - 1), 14),
            (_("Change, %"), 10),
            (_("Target %(year)s") % {"year": year}, 14),
            *coverage_columns(),
            (_("Note"), 50),
        ],
    )
    for row in report["rows"]:
        sheet.append(
            [
                row.label,
                row.unit,
                amount(row.value),
                amount(row.previous),
                row.change,
                row.target.value if row.target else None,
                row.reported,
                row.of,
                _figure_note(row.unconverted) or (row.target.note if row.target else ""),
            ]
        )
    table = report["type_by_size"]
    sizes = book.sheet(
        _("By type and size"),
        [(_("Member type"), 36), *[(label, 14) for label in table["sizes"]], (_("Total, members"), 12)],
    )
    for row in table["rows"]:
        sizes.append([row["label"], *row["counts"], row["total"]])
    sizes.append([_("Total"), *table["totals"], table["total"]])
    if report["entered"]:
        entered = book.sheet(
            _("Entered indicators"),
            [(_("Indicator"), 48), (_("Unit"), 16), (_("Target"), 14), (_("Actual"), 14), (_("Note"), 50)],
        )
        for target in report["entered"]:
            entered.append([target.indicator.name, target.indicator.unit, target.value, target.actual, target.note])
    return book


def cdc_workbook(report: dict) -> ReportWorkbook:
    year = report["year"]
    book = ReportWorkbook()
    sheet = book.sheet(
        _("KPIs %(year)s") % {"year": year},
        [
            (_("Indicator"), 60),
            (_("Unit"), 16),
            (str(year), 14),
            (str(year - 1), 14),
            (_("Change, %"), 10),
            *coverage_columns(),
            (_("Note"), 50),
        ],
    )
    for row in report["rows"]:
        figure = row["figure"]
        sheet.append(
            [
                row["label"],
                row["unit"],
                amount(figure.value),
                amount(row["previous"].value),
                row["change"],
                figure.reported,
                figure.of,
                _figure_note(figure.unconverted),
            ]
        )
    conversion = book.sheet(
        _("Revenue by currency"),
        [
            (_("Currency"), 10),
            (_("Revenue, thousands of the currency"), 18),
            (_("Rate, roubles per unit"), 14),
            (_("Revenue, thousand roubles"), 18),
            (_("Members"), 10),
            (_("Note"), 40),
        ],
    )
    for part in report["conversion"]:
        note = (
            ""
            if part.rate is not None
            else _("No exchange rate for %(year)s: not converted, not summed") % {"year": year}
        )
        conversion.append(
            [part.currency, part.amount, part.rate, amount(part.roubles), part.members, note], formats={2: RATE_FORMAT}
        )
    return book


def composition_workbook(report: dict) -> ReportWorkbook:
    year = report["year"]
    book = ReportWorkbook()
    summary = book.sheet(
        _("Composition %(year)s") % {"year": year}, [(_("Measure"), 48), (_("Value"), 14), (_("Unit"), 12)]
    )
    for label, value, unit in summary_rows(report):
        summary.append([label, value, unit])
    for title, key, header in (
        (_("By type"), "by_type", _("Member type")),
        (_("By size category"), "by_size", _("Size category")),
        (_("By country"), "by_country", _("Country")),
    ):
        sheet = book.sheet(
            title,
            [(header, 36), (_("Members at the end of %(year)s") % {"year": year - 1}, 16),
             (_("Members at the end of %(year)s") % {"year": year}, 16)],
        )  # fmt: skip
        for row in report[key]:
            sheet.append([row["label"], row["previous"], row["members"]])
    return book


def summary_rows(report: dict) -> list[tuple]:
    """The composition's summary: (measure, value, unit), as the page lists it."""
    year, members, percent = report["year"], str(MEMBERS), "%"
    return [
        (_("Members at the year's end"), report["members"], members),
        (_("Members at the end of %(year)s") % {"year": year - 1}, report["previous_members"], members),
        (_("Small and medium-sized enterprises"), report["smes"], members),
        (_("Share of SMEs"), report["sme_share"], percent),
        (_("Foreign members"), report["foreign"], members),
        (_("Share of foreign members"), report["foreign_share"], percent),
        (_("Joined during the year"), report["joined"], members),
        (_("Left during the year"), report["left"], members),
        (_("Members of the previous year still members"), report["stayed"], members),
        (_("Stability of the membership"), report["stability"], percent),
    ]
