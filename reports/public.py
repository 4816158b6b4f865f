"""The cluster's yearly aggregates as the public may see them: each figure through the disclosure rule.

The home page's block and the fact sheet show, for each year up to the last one ended, the employees of
the members, the revenue of the SME members and the new products they brought to market, summed over
the published members at that year's end. Each figure passes `disclosure.disclose()`: it is shown
only if at least three members contribute and none contributes more than 80 %, and otherwise says
why. No member's own figure is ever read out. Three queries: the years with figures, the figures of
those years grouped (`figures.figure_rows`), their exchange rates.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.charts import bar_chart
from members.models import Member, YearlyFigures

from . import figures as f
from .disclosure import Disclosed, disclose

PUBLIC_YEARS = 5  # the latest years the home page shows
# (key, the chart's title, the table's header: short enough for a phone's width)
PUBLIC_FIGURES = (
    ("employees", gettext_lazy("Employees of the members (average for the year)"), gettext_lazy("Employees")),
    (
        "revenue_sme",
        gettext_lazy("Revenue of SME members, thousand roubles"),
        gettext_lazy("SME revenue, thousand roubles"),
    ),
    ("new_products", gettext_lazy("New products brought to market"), gettext_lazy("New products")),
)


@dataclass
class PublicYear:
    year: int
    figures: dict[str, Disclosed]

    @property
    def cells(self) -> list[Disclosed]:
        return [self.figures[key] for key, _label, _short in PUBLIC_FIGURES]


def public_years(*, until_year: int, members=None) -> list[int]:
    """The latest years up to `until_year` for which any member has figures (one query)."""
    rows = YearlyFigures.objects.filter(year__lte=until_year)
    if members is not None:
        rows = rows.filter(member__in=members)
    years = rows.order_by("-year").values_list("year", flat=True).distinct()[:PUBLIC_YEARS]
    return sorted(years)


def yearly_aggregates(*, until_year: int, members=None) -> list[PublicYear]:
    """The disclosed aggregates of each year (oldest first) of `members` (the published members by default)."""
    members = Member.objects.published() if members is None else members
    years = public_years(until_year=until_year, members=members)
    if not years:
        return []
    rows = f.figure_rows(years, members)
    rates = f.rates_for(years)
    return [PublicYear(year, disclosed(f.year_figures(rows, year, rates))) for year in years]


def disclosed(figures: dict[str, f.Figure]) -> dict[str, Disclosed]:
    return {
        key: disclose(
            figures[key].value if figures[key].value is None else f.whole(figures[key].value),
            contributors=figures[key].reported,
            largest=figures[key].largest,
            complete=figures[key].complete,
        )
        for key, _label, _short in PUBLIC_FIGURES
    }


def yearly_charts(years: list[PublicYear]) -> list[dict]:
    """A chart of each figure by year, as disclosed (a held-back year draws no bar and says "—"); a figure held
    back in every year has no chart (the table says why)."""
    return [
        bar_chart(
            chart_id=f"chart-yearly-{key.replace('_', '-')}",
            title=str(label),
            label_header=_("Year"),
            series=[str(label)],
            rows=[(str(row.year), row.figures[key].value) for row in years],
        )
        for key, label, _short in PUBLIC_FIGURES
        if any(row.figures[key].shown for row in years)
    ]


def yearly_table(years: list[PublicYear]) -> dict:
    """The years as a table: each held-back cell points (by number) at its reason, each reason listed once."""
    notes: list[str] = []
    rows = []
    for row in years:
        cells = []
        for cell in row.cells:
            if not cell.shown and cell.reason not in notes:
                notes.append(cell.reason)
            cells.append({"value": cell.value, "note": None if cell.shown else notes.index(cell.reason) + 1})
        rows.append({"year": row.year, "cells": cells})
    return {"headers": [str(short) for _key, _label, short in PUBLIC_FIGURES], "rows": rows, "notes": notes}
