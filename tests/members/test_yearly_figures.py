"""Yearly figures: their rules, the stored size category on every write, the headcount they make, history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members import rules
from members.models import ExchangeRate, HeadcountReport, Member, YearlyFigures
from members.services import (
    exchange_rate_delete,
    exchange_rate_save,
    member_save,
    yearly_figures_delete,
    yearly_figures_save,
)
from members.size import SizeBasis, SizeCategory, SizeRule

from .factories import ExchangeRateFactory, MemberFactory, RegionFactory, YearlyFiguresFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="a-long-test-password-1")


def norwegian_member():
    region = RegionFactory(country="NO", name_en="Oslo", name_ru="Осло", code="NO-03")
    return MemberFactory(country="NO", region=region, registration_number="")


def test_exports_above_revenue_is_refused_by_full_clean():
    figures = YearlyFigures(member=MemberFactory(), year=2016, revenue=1_000, exports=1_001)
    with pytest.raises(ValidationError) as refused:
        figures.full_clean()
    assert refused.value.message_dict["exports"] == [str(rules.EXPORTS_ABOVE_REVENUE)]


def test_exports_equal_to_revenue_are_accepted():
    figures = YearlyFigures(member=MemberFactory(), year=2016, revenue=1_000, exports=1_000)
    figures.full_clean()


def test_foreign_new_products_above_all_are_refused_by_full_clean():
    figures = YearlyFigures(member=MemberFactory(), year=2016, new_products=2, new_products_foreign=3)
    with pytest.raises(ValidationError) as refused:
        figures.full_clean()
    assert refused.value.message_dict["new_products_foreign"] == [str(rules.FOREIGN_PRODUCTS_ABOVE_ALL)]


def test_the_database_refuses_exports_above_revenue():
    member = MemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyFigures.objects.create(member=member, year=2016, currency="RUB", revenue=10, exports=11)


def test_the_database_refuses_foreign_new_products_above_all():
    member = MemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyFigures.objects.create(member=member, year=2016, currency="RUB", new_products=1, new_products_foreign=2)


def test_the_database_refuses_a_negative_amount():
    member = MemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyFigures.objects.create(member=member, year=2016, currency="RUB", rnd=-1)


def test_the_database_refuses_a_second_row_for_the_same_year():
    figures = YearlyFiguresFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyFigures.objects.create(member=figures.member, year=figures.year, currency="RUB")


def test_a_negative_figure_is_refused_with_the_rules_message():
    figures = YearlyFigures(member=MemberFactory(), year=2016, investment=-5)
    with pytest.raises(ValidationError) as refused:
        figures.full_clean()
    assert refused.value.message_dict["investment"] == [str(rules.FIGURE_NEGATIVE)]


def test_a_year_to_come_is_refused():
    figures = YearlyFigures(member=MemberFactory(), year=timezone.localdate().year + 1)
    with pytest.raises(ValidationError) as refused:
        figures.full_clean()
    assert "year" in refused.value.message_dict


def test_the_currency_follows_the_members_country_unless_given():
    finnish = MemberFactory(country="FI", region=None, registration_number="")
    figures = yearly_figures_save(figures=YearlyFigures(member=finnish, year=2016, employees=5))
    assert figures.currency == "EUR"
    norwegian = yearly_figures_save(figures=YearlyFigures(member=norwegian_member(), year=2016))
    assert norwegian.currency == "NOK"
    overridden = yearly_figures_save(figures=YearlyFigures(member=finnish, year=2015, currency="SEK"))
    assert overridden.currency == "SEK"


def test_the_service_refuses_exports_above_revenue_and_writes_nothing():
    with pytest.raises(ValidationError):
        yearly_figures_save(figures=YearlyFigures(member=MemberFactory(), year=2016, revenue=5, exports=6))
    assert not YearlyFigures.objects.exists()


def test_the_service_stores_the_size_category():
    figures = yearly_figures_save(figures=YearlyFigures(member=MemberFactory(), year=2016, employees=16, revenue=1))
    stored = YearlyFigures.objects.get(pk=figures.pk)
    assert (stored.size_category, stored.size_rule, stored.size_basis) == (
        SizeCategory.SMALL,
        SizeRule.RUSSIAN,
        SizeBasis.HEADCOUNT_AND_REVENUE,
    )


def test_history_records_the_user(editor):
    figures = yearly_figures_save(figures=YearlyFigures(member=MemberFactory(), year=2016, revenue=10), user=editor)
    figures.revenue = 20
    yearly_figures_save(figures=figures, user=editor)
    rows = figures.history.order_by("history_date")
    assert [(row.history_type, row.revenue, row.history_user) for row in rows] == [
        ("+", 10, editor),
        ("~", 20, editor),
    ]
    assert figures.entered_by == editor


def test_a_confirmed_headcount_is_the_report_of_31_december(editor):
    member = MemberFactory()
    figures = yearly_figures_save(
        figures=YearlyFigures(member=member, year=2016, employees=42), user=editor, confirm=True
    )
    report = HeadcountReport.objects.get(member=member)
    assert (report.employees, report.reported_on, report.yearly_figures) == (42, datetime.date(2016, 12, 31), figures)
    assert report.history.get().history_user == editor
    member.refresh_from_db()
    assert member.headcount == 42


def test_an_unconfirmed_headcount_makes_no_report():
    member = MemberFactory()
    yearly_figures_save(figures=YearlyFigures(member=member, year=2016, employees=42))
    assert not HeadcountReport.objects.filter(member=member).exists()


def test_changing_a_confirmed_figure_clears_the_confirmation_and_its_report(editor):
    member = MemberFactory(employees=7)  # a report of 31 December 2017
    figures = yearly_figures_save(figures=YearlyFigures(member=member, year=2017, employees=9), confirm=True)
    assert HeadcountReport.objects.get(member=member).yearly_figures == figures  # the report taken over
    figures.employees = 11
    yearly_figures_save(figures=figures, user=editor)
    assert figures.confirmed_at is None
    assert not HeadcountReport.objects.filter(member=member).exists()
    member.refresh_from_db()
    assert member.headcount is None


def test_deleting_figures_removes_their_report_and_the_summary_follows():
    member = MemberFactory()
    figures = yearly_figures_save(figures=YearlyFigures(member=member, year=2016, employees=42), confirm=True)
    yearly_figures_delete(figures=figures)
    member.refresh_from_db()
    assert (member.headcount, HeadcountReport.objects.filter(member=member).count()) == (None, 0)


def test_a_confirmed_headcount_of_this_year_waits_for_the_years_end():
    member = MemberFactory()
    this_year = timezone.localdate().year
    yearly_figures_save(figures=YearlyFigures(member=member, year=this_year, employees=3), confirm=True)
    assert datetime.date(this_year, 12, 31) > timezone.localdate() or HeadcountReport.objects.exists()
    if datetime.date(this_year, 12, 31) > timezone.localdate():
        assert not HeadcountReport.objects.filter(member=member).exists()


def test_a_new_rate_recomputes_the_categories_that_need_it(editor):
    figures = yearly_figures_save(
        figures=YearlyFigures(member=norwegian_member(), year=2016, employees=5, revenue=100_000)
    )
    assert (figures.size_category, figures.size_basis) == (SizeCategory.MICRO, SizeBasis.HEADCOUNT_NO_RATE)
    exchange_rate_save(rate=ExchangeRate(currency="EUR", year=2016, rate="74.2310"), user=editor)
    exchange_rate_save(rate=ExchangeRate(currency="NOK", year=2016, rate="7.9937"), user=editor)
    figures.refresh_from_db()  # 100 million kroner are about €10.8 million: a medium turnover
    assert (figures.size_category, figures.size_basis) == (SizeCategory.MEDIUM, SizeBasis.HEADCOUNT_AND_REVENUE)
    assert figures.history.latest().history_user == editor


def test_removing_a_rate_goes_back_to_the_headcount():
    ExchangeRateFactory(currency="EUR", year=2016)
    nok = ExchangeRateFactory(currency="NOK", year=2016, rate="7.9937")
    figures = yearly_figures_save(
        figures=YearlyFigures(member=norwegian_member(), year=2016, employees=5, revenue=100_000)
    )
    assert figures.size_category == SizeCategory.MEDIUM
    exchange_rate_delete(rate=nok)
    figures.refresh_from_db()
    assert (figures.size_category, figures.size_basis) == (SizeCategory.MICRO, SizeBasis.HEADCOUNT_NO_RATE)


def test_a_rate_of_another_year_changes_nothing():
    figures = yearly_figures_save(figures=YearlyFigures(member=norwegian_member(), year=2016, employees=5, revenue=1))
    exchange_rate_save(rate=ExchangeRate(currency="NOK", year=2015, rate="7.5"))
    exchange_rate_save(rate=ExchangeRate(currency="EUR", year=2015, rate="67.7767"))
    assert YearlyFigures.objects.get(pk=figures.pk).size_basis == SizeBasis.HEADCOUNT_NO_RATE
    assert figures.history.count() == 1


def test_a_member_becoming_a_research_institution_is_recategorised():
    member = MemberFactory()
    figures = yearly_figures_save(figures=YearlyFigures(member=member, year=2016, employees=500))
    assert figures.size_category == SizeCategory.LARGE
    member.member_type = Member.Type.RESEARCH
    member_save(member=member)
    assert YearlyFigures.objects.get(pk=figures.pk).size_category == SizeCategory.RESEARCH


@pytest.mark.parametrize("loaded", ["read", "refreshed"])
def test_a_member_read_from_the_database_is_recategorised_when_its_type_changes(loaded):
    figures = yearly_figures_save(figures=YearlyFigures(member=MemberFactory(), year=2016, employees=500))
    member = Member.objects.get(pk=figures.member_id)
    if loaded == "refreshed":  # another writer made it a research institution, and back again in memory
        Member.objects.filter(pk=member.pk).update(member_type=Member.Type.RESEARCH)
        member.refresh_from_db()
        member.member_type = Member.Type.COMPANY
        member_save(member=member)
        assert YearlyFigures.objects.get(pk=figures.pk).size_category == SizeCategory.LARGE
        return
    member.member_type = Member.Type.RESEARCH
    member_save(member=member)
    assert YearlyFigures.objects.get(pk=figures.pk).size_category == SizeCategory.RESEARCH
    # Saved again unchanged, the same instance is not recategorised again.
    with CaptureQueriesContext(connection) as saved:
        member_save(member=member)
    assert not [query for query in saved.captured_queries if "members_yearlyfigures" in query["sql"]]


def test_a_members_save_that_keeps_its_type_role_and_country_reads_no_yearly_figures_and_one_that_changes_them_does():
    member = Member.objects.get(pk=YearlyFiguresFactory().member_id)
    member.description_en = "Only the description changes."
    with CaptureQueriesContext(connection) as saved:
        member_save(member=member)
    assert not [query for query in saved.captured_queries if "members_yearlyfigures" in query["sql"]]
    member.cluster_role = Member.Role.SPECIALISED
    with CaptureQueriesContext(connection) as saved:
        member_save(member=member)
    assert [query for query in saved.captured_queries if "members_yearlyfigures" in query["sql"]]


def test_the_rate_of_the_rouble_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExchangeRate.objects.create(currency="RUB", year=2016, rate=1)


def test_a_rate_of_zero_is_refused():
    with pytest.raises(ValidationError) as refused:
        exchange_rate_save(rate=ExchangeRate(currency="EUR", year=2016, rate=0))
    assert refused.value.message_dict["rate"] == [str(rules.RATE_NOT_POSITIVE)]
