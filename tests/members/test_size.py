"""The size category at each boundary of both rules (`members.size`), and by type for non-companies."""

from decimal import Decimal

import pytest

from members.size import Size, SizeBasis, SizeCategory, SizeRule, category_of, convert, size_of

EUR_2016 = Decimal("74.2310")  # roubles per euro
NOK_2016 = Decimal("7.9937")


def russian(employees, revenue_thousands, **options):
    values = {"member_type": "company", "cluster_role": "participant", "country": "RU", "year": 2016,
              "currency": "RUB", "rates": {}, **options}  # fmt: skip
    return size_of(employees=employees, revenue_thousands=revenue_thousands, **values)


def finnish(employees, revenue_thousands, **options):
    values = {"member_type": "company", "cluster_role": "participant", "country": "FI", "year": 2016,
              "currency": "EUR", "rates": {("EUR", 2016): EUR_2016}, **options}  # fmt: skip
    return size_of(employees=employees, revenue_thousands=revenue_thousands, **values)


@pytest.mark.parametrize(
    ("employees", "revenue", "category"),
    [
        (15, 120_000, SizeCategory.MICRO),
        (16, 120_000, SizeCategory.SMALL),
        (15, 120_001, SizeCategory.SMALL),
        (100, 800_000, SizeCategory.SMALL),
        (101, 800_000, SizeCategory.MEDIUM),
        (100, 800_001, SizeCategory.MEDIUM),
        (250, 2_000_000, SizeCategory.MEDIUM),
        (251, 2_000_000, SizeCategory.LARGE),
        (250, 2_000_001, SizeCategory.LARGE),
        (0, 0, SizeCategory.MICRO),
    ],
)
def test_russian_sme_law_boundaries(employees, revenue, category):
    size = russian(employees, revenue)
    assert (size.category, size.rule, size.basis) == (category, SizeRule.RUSSIAN, SizeBasis.HEADCOUNT_AND_REVENUE)


@pytest.mark.parametrize(
    ("employees", "revenue", "category"),
    [
        (9, 2_000, SizeCategory.MICRO),
        (10, 2_000, SizeCategory.SMALL),
        (9, 2_001, SizeCategory.SMALL),
        (49, 10_000, SizeCategory.SMALL),
        (50, 10_000, SizeCategory.MEDIUM),
        (49, 10_001, SizeCategory.MEDIUM),
        (249, 50_000, SizeCategory.MEDIUM),
        (250, 50_000, SizeCategory.LARGE),
        (249, 50_001, SizeCategory.LARGE),
    ],
)
def test_eu_definition_boundaries(employees, revenue, category):
    size = finnish(employees, revenue)
    assert (size.category, size.rule, size.basis) == (category, SizeRule.EU, SizeBasis.HEADCOUNT_AND_REVENUE)


def test_an_sme_must_meet_both_criteria_so_the_larger_category_wins():
    assert russian(5, 1_500_000).category == SizeCategory.MEDIUM  # few people, a medium firm's revenue
    assert russian(300, 1_000).category == SizeCategory.LARGE


def test_missing_revenue_gives_the_headcount_alone_and_says_so():
    assert russian(16, None) == Size(SizeCategory.SMALL, SizeRule.RUSSIAN, SizeBasis.HEADCOUNT_NO_REVENUE)
    assert finnish(10, None).category == SizeCategory.SMALL


def test_missing_headcount_gives_the_revenue_alone_and_says_so():
    size = russian(None, 120_001)
    assert (size.category, size.basis) == (SizeCategory.SMALL, SizeBasis.REVENUE_NO_HEADCOUNT)


def test_nothing_known_determines_nothing():
    size = russian(None, None)
    assert (size.category, size.basis) == ("", SizeBasis.NOTHING)


def test_norwegian_revenue_goes_into_euros_through_the_roubles():
    # 2,000 thousand euros' worth of kroner is at the micro boundary; one krone-thousand more is not.
    rates = {("EUR", 2016): EUR_2016, ("NOK", 2016): NOK_2016}
    at_boundary = int(2_000 * EUR_2016 / NOK_2016)  # thousands of kroner, just under €2 million
    assert finnish(9, at_boundary, country="NO", currency="NOK", rates=rates).category == SizeCategory.MICRO
    above = int(2_001 * EUR_2016 / NOK_2016)
    assert finnish(9, above, country="NO", currency="NOK", rates=rates).category == SizeCategory.SMALL


def test_missing_rate_gives_the_headcount_alone_and_says_so():
    size = finnish(9, 1_000_000, country="NO", currency="NOK", rates={("EUR", 2016): EUR_2016})
    assert (size.category, size.basis) == (SizeCategory.MICRO, SizeBasis.HEADCOUNT_NO_RATE)
    size = finnish(9, 1_000_000, rates={})  # a euro revenue needs no rate for the EU rule
    assert (size.category, size.basis) == (SizeCategory.LARGE, SizeBasis.HEADCOUNT_AND_REVENUE)
    size = russian(20, 1_000, currency="EUR")  # a Russian member reporting in euros, without the year's rate
    assert (size.category, size.basis) == (SizeCategory.SMALL, SizeBasis.HEADCOUNT_NO_RATE)


def test_missing_rate_and_headcount_determines_nothing():
    size = finnish(None, 1_000, country="NO", currency="NOK", rates={})
    assert (size.category, size.basis) == ("", SizeBasis.NOTHING)


@pytest.mark.parametrize(
    ("member_type", "role", "category"),
    [
        ("research", "participant", SizeCategory.RESEARCH),
        ("public_body", "participant", SizeCategory.PUBLIC_BODY),
        ("nonprofit", "participant", SizeCategory.NONPROFIT),
        ("investor", "participant", SizeCategory.INFRASTRUCTURE),
        ("company", "specialised", SizeCategory.INFRASTRUCTURE),
    ],
)
def test_non_companies_are_categorised_by_their_type(member_type, role, category):
    size = russian(10, 1_000, member_type=member_type, cluster_role=role)
    assert (size.category, size.rule, size.basis) == (category, SizeRule.TYPE, SizeBasis.MEMBER_TYPE)


def test_conversion_with_and_without_a_rate():
    rates = {("EUR", 2016): EUR_2016}
    assert convert(1000, "EUR", "RUB", 2016, rates) == 1000 * EUR_2016
    assert convert(1000, "RUB", "EUR", 2016, rates) == 1000 / EUR_2016
    assert convert(1000, "EUR", "RUB", 2015, rates) is None
    assert convert(1000, "NOK", "NOK", 2015, {}) == 1000


def test_category_of_nothing_is_empty():
    assert category_of((), None, None) == ""
