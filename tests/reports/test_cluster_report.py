"""Report 1 and report 2: every figure equals an independent sum over the member rows, on random registries."""

import pytest

from reports.cdc_report import cdc_table
from reports.cluster_report import cluster_indicators
from reports.figures import year_figures

from .registry import expected, members_at, random_registry

pytestmark = pytest.mark.django_db

FIGURES = ("employees", "revenue", "exports", "rnd", "investment", "new_products", "new_products_foreign")


def unconverted_of(figure) -> dict:
    return {part.currency: (part.amount, part.members) for part in figure.unconverted}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_figure_is_the_sum_over_the_members_at_the_years_end(seed):
    registry = random_registry(seed)
    for year in (2016, 2017):
        report = {row.key: row for row in cluster_indicators(year)["rows"]}
        assert report["members"].value == len(members_at(registry, year))
        for name in FIGURES:
            for sme in (False, True):
                key = f"{name}_sme" if sme else name
                if key not in report:
                    continue
                want = expected(registry, year, name, sme=sme)
                row = report[key]
                assert (row.value, row.reported, row.of) == (want["value"], want["reported"], want["of"]), key
                assert {p.currency: (p.amount, p.members) for p in row.unconverted} == want["unconverted"], key
                assert row.previous == expected(registry, year - 1, name, sme=sme)["value"], key


@pytest.mark.parametrize("seed", [4, 5])
def test_the_cdc_table_sums_the_same_and_lists_what_it_could_not_convert(seed):
    registry = random_registry(seed)
    table = cdc_table(2017)
    rows = {row["key"]: row["figure"] for row in table["rows"]}
    for key, name, sme in (
        ("employees", "employees", False),
        ("revenue_sme", "revenue", True),
        ("new_products_sme", "new_products", True),
        ("new_products_foreign_sme", "new_products_foreign", True),
    ):
        want = expected(registry, 2017, name, sme=sme)
        assert (rows[key].value, rows[key].reported, rows[key].of) == (want["value"], want["reported"], want["of"])
    assert unconverted_of(rows["revenue_sme"]) == expected(registry, 2017, "revenue", sme=True)["unconverted"]
    assert {part.currency for part in table["unconverted"]} == set(unconverted_of(rows["revenue_sme"]))


def test_the_public_members_only_when_asked(django_assert_max_num_queries):
    from members.models import Member
    from reports.figures import figure_rows, rates_for

    registry = random_registry(6)
    rows = figure_rows([2017], Member.objects.published())
    figures = year_figures(rows, 2017, rates_for([2017]))
    want = expected(registry, 2017, "employees", published_only=True)
    assert (figures["employees"].value, figures["employees"].reported) == (want["value"], want["reported"])


def test_the_programmes_target_stands_beside_its_figure_and_an_entered_indicator_has_its_own_row():
    from reports.models import Indicator

    from .crafted import member_with_figures
    from .factories import IndicatorFactory, TargetFactory

    member_with_figures(employees=40)
    target = TargetFactory(indicator=IndicatorFactory(figure=Indicator.Figure.EMPLOYEES), year=2017, value=50)
    entered = TargetFactory(indicator=IndicatorFactory(figure=""), year=2017, value=12, actual=14)
    TargetFactory(indicator=IndicatorFactory(figure=Indicator.Figure.EXPORTS), year=2016, value=1)
    report = cluster_indicators(2017)
    rows = {row.key: row for row in report["rows"]}
    assert rows["employees"].target == target and rows["employees"].value == 40
    assert rows["exports"].target is None  # the target of another year
    assert report["entered"] == [entered]
