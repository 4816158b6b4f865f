"""Report 1, the cluster's indicators for a year: each beside the previous year, its target and its coverage.

Seven queries whatever the number of members: the members at both years' ends by type and size
category (two), the yearly figures of up to `HISTORY_YEARS` years (one) and their exchange rates (one),
the projects under way and the awards (two), the programme's targets (one).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from members.charts import bar_chart
from members.models import Member
from members.size import SizeCategory
from projects.models import Award, Project

from . import figures as f
from .models import Target

HISTORY_YEARS = 5  # the charts' span: the year and the four before it
# Units, as a report's "Unit" column gives them (Russian puts a counted noun in the genitive plural).
PEOPLE, THOUSAND_ROUBLES, PRODUCTS, MEMBERS, PROJECTS, AWARDS = (
    pgettext_lazy("unit", "people"),
    gettext_lazy("thousand roubles"),
    pgettext_lazy("unit", "products"),
    pgettext_lazy("unit", "members"),
    pgettext_lazy("unit", "projects"),
    pgettext_lazy("unit", "awards"),
)
# The report's rows: (figure key, label, unit); the keys are `Indicator.Figure` values.
ROWS = (
    ("members", gettext_lazy("Members at the year's end"), MEMBERS),
    ("sme_members", gettext_lazy("of which small and medium-sized enterprises"), MEMBERS),
    ("employees", gettext_lazy("Employees (average for the year)"), PEOPLE),
    ("revenue_sme", gettext_lazy("Revenue of SME members"), THOUSAND_ROUBLES),
    ("exports", gettext_lazy("Exports"), THOUSAND_ROUBLES),
    ("rnd", gettext_lazy("Research and development spending"), THOUSAND_ROUBLES),
    ("investment", gettext_lazy("Investment (capital expenditure)"), THOUSAND_ROUBLES),
    ("new_products", gettext_lazy("New products brought to the Russian and foreign markets"), PRODUCTS),
    ("new_products_foreign", gettext_lazy("of which on foreign markets"), PRODUCTS),
    ("new_products_sme", gettext_lazy("New products of SME members, Russian and foreign markets"), PRODUCTS),
    ("new_products_foreign_sme", gettext_lazy("of which on foreign markets"), PRODUCTS),
    ("joint_projects", gettext_lazy("Joint projects under way"), PROJECTS),
    ("awards", gettext_lazy("Awards of the cluster's projects"), AWARDS),
)
PARTS = ("sme_members", "new_products_foreign", "new_products_foreign_sme")
UNCOUNTED = ("members", "sme_members", "joint_projects", "awards")  # no coverage: counted, not reported


@dataclass
class Row:
    key: str
    label: str
    unit: str
    value: object
    previous: object
    change: Decimal | None
    target: Target | None
    reported: int | None
    of: int | None
    unconverted: list = field(default_factory=list)

    @property
    def is_part(self) -> bool:
        """An "of which" row, indented under the one above."""
        return self.key in PARTS


def cluster_indicators(year: int) -> dict:
    """The report's rows, tables and charts for `year`."""
    years = range(year - HISTORY_YEARS + 1, year + 1)
    composition = {y: f.composition_rows(y) for y in (year - 1, year)}
    rows = f.figure_rows(years)
    rates = f.rates_for(years)
    members = {y: sum(row["members"] for row in composition[y]) for y in composition}
    by_year = {y: f.year_figures(rows, y, rates, members=members.get(y)) for y in years}
    counted = projects_and_awards(year)
    targets = targets_of(year)
    report_rows = [
        _row(key, label, unit, by_year[year], by_year[year - 1], counted, targets) for key, label, unit in ROWS
    ]
    return {
        "year": year,
        "rows": report_rows,
        "entered": [target for target in targets.values() if target.indicator.is_entered],
        "type_by_size": type_by_size(composition[year]),
        "charts": charts(year, by_year, composition),
    }


def _row(key, label, unit, current: dict, previous: dict, counted: dict, targets: dict) -> Row:
    if key in counted:
        value, before = counted[key]
        return Row(key, label, unit, value, before, f.change_percent(value, before), targets.get(key), None, None)
    figure, last = current[key], previous[key]
    reported = None if key in UNCOUNTED else figure.reported
    return Row(
        key,
        label,
        unit,
        figure.value,
        last.value,
        f.change_percent(figure.value, last.value),
        targets.get(key),
        reported,
        None if key in UNCOUNTED else figure.of,
        figure.unconverted,
    )


def projects_and_awards(year: int) -> dict[str, tuple[int, int]]:
    """{"joint_projects": (this year, last year), "awards": (...)}: projects under way, awards given."""
    projects = Project.objects.counts_by_year(until=year)
    awards = dict(Award.objects.filter(year__in=(year - 1, year)).values_list("year").annotate(n=Count("pk")))
    return {
        "joint_projects": (projects.get(year, 0), projects.get(year - 1, 0)),
        "awards": (awards.get(year, 0), awards.get(year - 1, 0)),
    }


def targets_of(year: int) -> dict[str, Target]:
    """The year's targets by computed figure (the latest programme's where several set one), and those entered.

    Entered indicators are keyed by their own id, so each keeps its row.
    """
    found: dict[str, Target] = {}
    rows = Target.objects.filter(year=year).select_related("indicator__programme")
    for target in rows.order_by("indicator__programme__approved_on", "indicator__position"):
        found[target.indicator.figure or f"entered-{target.indicator_id}"] = target
    return found


def type_by_size(rows: list[dict]) -> dict:
    """Members at the year's end by type (rows) and size category (columns), with totals."""
    types = dict(Member.Type.choices)
    sizes = [(value, label) for value, label in SizeCategory.choices] + [("", _("not known"))]
    present = [(value, label) for value, label in sizes if any(row["size"] == value for row in rows)]
    table = []
    for kind, label in types.items():
        counts = [sum(r["members"] for r in rows if r["member_type"] == kind and r["size"] == v) for v, _l in present]
        if sum(counts):
            table.append({"label": label, "counts": counts, "total": sum(counts)})
    totals = [sum(r["members"] for r in rows if r["size"] == value) for value, _label in present]
    return {"sizes": [label for _value, label in present], "rows": table, "totals": totals, "total": sum(totals)}


def charts(year: int, by_year: dict, composition: dict) -> list[dict]:
    shown = [y for y in sorted(by_year) if by_year[y]["employees"].reported or y == year]
    sizes = dict(SizeCategory.choices) | {"": _("not known")}
    size_counts = {
        y: {size: sum(r["members"] for r in rows if r["size"] == size) for size in sizes}
        for y, rows in composition.items()
    }
    return [
        bar_chart(
            chart_id="chart-employees-by-year",
            title=_("Employees of the members by year"),
            label_header=_("Year"),
            series=[_("Employees")],
            rows=[(str(y), by_year[y]["employees"].value) for y in shown],
        ),
        bar_chart(
            chart_id="chart-sme-revenue-by-year",
            title=_("Revenue of SME members by year, thousand roubles"),
            label_header=_("Year"),
            series=[_("Thousand roubles")],
            rows=[(str(y), f.whole(by_year[y]["revenue_sme"].value)) for y in shown],
        ),
        bar_chart(
            chart_id="chart-members-by-size",
            title=_("Members at the year's end by size category"),
            label_header=_("Size category"),
            series=[str(year - 1), str(year)],
            rows=[
                (label, size_counts[year - 1][size], size_counts[year][size])
                for size, label in sizes.items()
                if size_counts[year - 1][size] or size_counts[year][size]
            ],
        ),
    ]
