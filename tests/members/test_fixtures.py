"""The demo data: loads twice without copies and reproduces the press release's figures."""

import pytest
from django.core.management import call_command

from members.models import HeadcountReport, Member, MembershipPeriod, Region
from members.registration import normalise_registration_number

pytestmark = pytest.mark.django_db

# The press release's figures (../shared/seed/facts.md).
RELEASE_MEMBERS = 51
RELEASE_HEADCOUNT_MORE_THAN = 44_000
RELEASE_INCUBATOR = 16
RELEASE_COUNTRIES = {"RU", "FI", "NO", "DK"}
RELEASE_RUSSIAN_REGIONS = {"RU-SPE", "RU-KGD", "RU-PSK", "RU-KGN", "RU-TA"}


def load():
    call_command("load_registry_data", verbosity=0)


def row_counts():
    return [model.objects.count() for model in (Member, MembershipPeriod, HeadcountReport, Region)]


def test_loading_twice_duplicates_nothing():
    load()
    first = row_counts()
    load()
    assert row_counts() == first


def test_the_registry_reproduces_the_press_release():
    load()
    public = Member.objects.public()
    totals = public.totals()
    assert totals["members"] == RELEASE_MEMBERS
    assert RELEASE_HEADCOUNT_MORE_THAN < totals["headcount"] < RELEASE_HEADCOUNT_MORE_THAN + 1000
    assert totals["incubator"] == RELEASE_INCUBATOR
    assert {row["country"] for row in public.by_country()} == RELEASE_COUNTRIES
    codes = set(public.filter(country="RU").values_list("region__code", flat=True))
    assert codes == RELEASE_RUSSIAN_REGIONS
    assert totals["russian_regions"] == len(RELEASE_RUSSIAN_REGIONS)


def test_the_specialised_organisation_is_a_current_member():
    load()
    specialised = Member.objects.public().get(cluster_role=Member.Role.SPECIALISED)
    assert specialised.name_ru == "НП «Городское объединение домовладельцев»"


def test_every_sample_registration_number_passes_its_checksum():
    load()
    for member in Member.objects.exclude(registration_number=""):
        assert normalise_registration_number(str(member.country), member.registration_number)


def test_loading_builds_the_search_column():
    load()
    assert Member.objects.search("ГОРОДСКОЕ объединение").count() == 1


def test_the_sample_yearly_figures_load_once_with_their_size_categories_and_first_history():
    from members.models import ExchangeRate, YearlyFigures

    load()
    counts = (YearlyFigures.objects.count(), ExchangeRate.objects.count(), YearlyFigures.history.count())
    load()
    assert (YearlyFigures.objects.count(), ExchangeRate.objects.count(), YearlyFigures.history.count()) == counts
    assert counts[0] > 100 and counts[2] == counts[0]
    assert not YearlyFigures.objects.filter(size_category="").exists()
    assert set(YearlyFigures.objects.values_list("year", flat=True)) == {2014, 2015, 2016, 2017}
    first = YearlyFigures.history.filter(history_type="+").first()
    assert first.size_category and first.history_change_reason.endswith("sample_yearly_figures.json")


def test_the_sample_yearly_headcounts_agree_with_the_headcount_history():
    from members.models import YearlyFigures

    load()
    reports = {(report.member_id, report.reported_on.year): report.employees for report in HeadcountReport.objects.all()
               if report.reported_on.month == 12 and report.reported_on.day == 31}  # fmt: skip
    figures = YearlyFigures.objects.values_list("member_id", "year", "employees")
    shared = [(member, year, employees) for member, year, employees in figures if (member, year) in reports]
    assert len(shared) > 90
    assert all(reports[(member, year)] == employees for member, year, employees in shared)


def test_the_facts_carry_no_yearly_figure():
    from members.models import ExchangeRate, YearlyFigures

    call_command("load_registry_data", "--facts-only", verbosity=0)
    assert not YearlyFigures.objects.exists() and not ExchangeRate.objects.exists()
