"""The yearly reports at N members × 4 years (the figures the yearly import left), beside their floor.

Each report is built as its admin page builds it (`Report.build(year)`) and written to xlsx as its
download writes it, timed separately; the home page's yearly aggregates (`reports.public`) are timed the
same way. The floor is the least any of them must do: one grouped query summing the year's figures by
currency, with no membership as of the year's end, no conversion and no disclosure rule.
"""

import io

from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from members.models import YearlyFigures
from reports.public import yearly_aggregates
from reports.views import REPORTS

from .stats import summary, timed

YEAR = 2017


def floor() -> list:
    rows = YearlyFigures.objects.filter(year__in=(YEAR - 1, YEAR)).order_by().values("year", "currency")
    return list(rows.annotate(n=Count("pk"), employees=Sum("employees"), revenue=Sum("revenue")))


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def _xlsx(report, data) -> None:
    report.workbook(data).save(io.BytesIO())


def measure(*, repeat: int, warmup: int = 1) -> dict:
    floor_times, _rows = timed(floor, repeat + warmup)
    floor_figures = {**summary(floor_times[warmup:]), "queries": _queries(floor)}
    results = {"floor": floor_figures, "rows": YearlyFigures.objects.count()}
    builders = {slug: (lambda report=report: report.build(YEAR)) for slug, report in REPORTS.items()}
    builders["public"] = lambda: yearly_aggregates(until_year=YEAR)
    for slug, build in builders.items():
        times, data = timed(build, repeat + warmup)
        figures = {**summary(times[warmup:]), "queries": _queries(build)}
        figures["ratio_to_floor"] = round(figures["median_ms"] / floor_figures["median_ms"], 2)
        if slug in REPORTS:
            xlsx_times, _none = timed(lambda report=REPORTS[slug], data=data: _xlsx(report, data), repeat)
            figures["xlsx"] = summary(xlsx_times)
        results[slug] = figures
    return results
