"""Report 2, the Cluster Development Center's table: its KPI rows for a year, amounts in thousands of roubles.

The KPIs of the Cluster Development Center of St. Petersburg: the employees of the members, the revenue
of the SME members, the new products SME members bring to the Russian and foreign markets, and of them
to foreign markets. Revenue is converted into roubles with the year's `ExchangeRate`; the part in a
currency without a rate is not summed: the table lists it instead. Three queries: the members at the
year's end, the yearly figures of the year and the one before, their rates.
"""

from django.utils.translation import gettext_lazy

from . import figures as f
from .cluster_report import PEOPLE, PRODUCTS, THOUSAND_ROUBLES

KPIS = (
    ("employees", gettext_lazy("Employees of the cluster's members (average for the year)"), PEOPLE),
    ("revenue_sme", gettext_lazy("Revenue of the cluster's SME members"), THOUSAND_ROUBLES),
    (
        "new_products_sme",
        gettext_lazy("New products and services brought to the Russian and foreign markets by SME members"),
        PRODUCTS,
    ),
    ("new_products_foreign_sme", gettext_lazy("of which to foreign markets"), PRODUCTS),
)


def cdc_table(year: int) -> dict:
    """The KPI rows of `year` (with the previous year's), and the revenue's conversion by currency."""
    years = (year - 1, year)
    members = {y: f.members_at_year_end(y).count() for y in years}
    rows = f.figure_rows(years)
    rates = f.rates_for(years)
    current = f.year_figures(rows, year, rates, members=members[year])
    previous = f.year_figures(rows, year - 1, rates, members=members[year - 1])
    return {
        "year": year,
        "rows": [
            {
                "key": key,
                "label": label,
                "unit": unit,
                "figure": current[key],
                "previous": previous[key],
                "change": f.change_percent(current[key].value, previous[key].value),
                "is_part": key == "new_products_foreign_sme",
            }
            for key, label, unit in KPIS
        ],
        "conversion": current["revenue_sme"].parts,
        "unconverted": current["revenue_sme"].unconverted,
        "previous_unconverted": previous["revenue_sme"].unconverted,
    }
