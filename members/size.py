"""A member's size category for a year: the one place of both rules and their boundaries.

- Russian members: the thresholds of the Russian SME law (Federal Law No. 209-FZ, art. 4, and Government
  decree No. 265 of 4 April 2016): micro up to 15 employees and up to 120 million roubles of revenue,
  small up to 100 and 800 million, medium up to 250 and 2 billion; otherwise large.
- Every other member: the EU definition (Commission Recommendation 2003/361/EC): micro fewer than 10
  employees and a turnover up to €2 million, small fewer than 50 and €10 million, medium fewer than 250
  and €50 million. It is the rule of the EU and EEA members; for a member elsewhere (none yet) it is the
  nearest international standard, and the basis says which rule was used.

An SME must meet both criteria, so the category is the larger of the headcount's and the revenue's.
Where revenue is missing, the category follows the headcount alone (and the revenue alone where the
headcount is missing); where the revenue cannot be put in euros for want of an exchange rate, the
headcount alone; `size_basis` says which. Non-companies are categorised by their type, as the HSE
Cluster Map of Russia counts them: research or education institutions, public bodies, non-profits,
and the infrastructure (investors and the cluster's specialised organisation).

Amounts come in thousands of their currency, as the yearly figures store them; rates are roubles per
unit of a currency for the year (`ExchangeRate`), so X → EUR is amount × rate(X) / rate(EUR).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from .currencies import BASE, Currency


class SizeCategory(models.TextChoices):
    MICRO = "micro", _("Micro enterprise")
    SMALL = "small", _("Small enterprise")
    MEDIUM = "medium", _("Medium-sized enterprise")
    LARGE = "large", _("Large enterprise")
    # The HSE map counts educational and research organisations apart; the registry's member type joins
    # them ("research or education institution"), so its members are counted as research.
    EDUCATION = "education", _("Educational organisation")
    RESEARCH = "research", _("Research organisation")
    PUBLIC_BODY = "public_body", _("Public body")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure organisation")
    NONPROFIT = "nonprofit", _("Non-profit organisation")
    OTHER = "other", _("Other")


SME = frozenset({SizeCategory.MICRO, SizeCategory.SMALL, SizeCategory.MEDIUM})
COMPANY_SIZES = (SizeCategory.MICRO, SizeCategory.SMALL, SizeCategory.MEDIUM, SizeCategory.LARGE)


class SizeRule(models.TextChoices):
    RUSSIAN = "ru", _("Russian SME law")
    EU = "eu", _("EU definition")
    TYPE = "type", _("by member type")


class SizeBasis(models.TextChoices):
    HEADCOUNT_AND_REVENUE = "headcount_and_revenue", _("headcount and revenue")
    HEADCOUNT_NO_REVENUE = "headcount_no_revenue", _("headcount only (no revenue)")
    HEADCOUNT_NO_RATE = "headcount_no_rate", _("headcount only (no exchange rate for the revenue)")
    REVENUE_NO_HEADCOUNT = "revenue_no_headcount", _("revenue only (no headcount)")
    NOTHING = "nothing", _("not determined (no headcount, no revenue)")
    MEMBER_TYPE = "member_type", _("member type")


@dataclass(frozen=True)
class Threshold:
    category: str
    employees: int  # the most employees of the category (inclusive: "up to 15" is 15)
    revenue: int  # the largest revenue of the category, in units of the rule's currency (inclusive)


# Russian SME law: "up to" both for the headcount and the revenue, in roubles.
RUSSIAN = (
    Threshold(SizeCategory.MICRO, 15, 120_000_000),
    Threshold(SizeCategory.SMALL, 100, 800_000_000),
    Threshold(SizeCategory.MEDIUM, 250, 2_000_000_000),
)
# EU definition: "fewer than" 10, 50, 250 employees (so at most 9, 49, 249) and a turnover up to, in euros.
EU = (
    Threshold(SizeCategory.MICRO, 9, 2_000_000),
    Threshold(SizeCategory.SMALL, 49, 10_000_000),
    Threshold(SizeCategory.MEDIUM, 249, 50_000_000),
)
RULES = {SizeRule.RUSSIAN: (RUSSIAN, BASE), SizeRule.EU: (EU, Currency.EUR)}

# Member.Type and Member.Role values (plain strings: this module needs no model).
BY_TYPE = {
    "research": SizeCategory.RESEARCH,
    "public_body": SizeCategory.PUBLIC_BODY,
    "nonprofit": SizeCategory.NONPROFIT,
    "investor": SizeCategory.INFRASTRUCTURE,
}
SPECIALISED_ROLE = "specialised"


@dataclass(frozen=True)
class Size:
    category: str  # a SizeCategory, "" when not determined
    rule: str  # a SizeRule
    basis: str  # a SizeBasis


def rule_for(country: str) -> str:
    return SizeRule.RUSSIAN if str(country).upper() == "RU" else SizeRule.EU


def _by(thresholds, attribute: str, value) -> str:
    for threshold in thresholds:
        if value <= getattr(threshold, attribute):
            return threshold.category
    return SizeCategory.LARGE


def category_of(thresholds, employees: int | None, revenue: Decimal | None) -> str:
    """The larger of the headcount's and the revenue's categories (`revenue` in units, not thousands)."""
    found = [_by(thresholds, "employees", employees)] if employees is not None else []
    found += [_by(thresholds, "revenue", revenue)] if revenue is not None else []
    return max(found, key=COMPANY_SIZES.index) if found else ""


def convert(amount: int, currency: str, to: str, year: int, rates: dict) -> Decimal | None:
    """`amount` of `currency` in `to` at the year's rates ({(currency, year): roubles per unit}); None without."""
    if currency == to:
        return Decimal(amount)
    rate_from = Decimal(1) if currency == BASE else rates.get((currency, year))
    rate_to = Decimal(1) if to == BASE else rates.get((to, year))
    if rate_from is None or rate_to is None:
        return None
    return Decimal(amount) * rate_from / rate_to


def size_of(
    *,
    member_type: str,
    cluster_role: str,
    country: str,
    year: int,
    employees: int | None,
    revenue_thousands: int | None,
    currency: str,
    rates: dict,
) -> Size:
    """The size category of a member in `year` from its type, headcount and revenue (thousands of `currency`)."""
    if cluster_role == SPECIALISED_ROLE:
        return Size(SizeCategory.INFRASTRUCTURE, SizeRule.TYPE, SizeBasis.MEMBER_TYPE)
    if member_type in BY_TYPE:
        return Size(BY_TYPE[member_type], SizeRule.TYPE, SizeBasis.MEMBER_TYPE)
    rule = rule_for(country)
    thresholds, rule_currency = RULES[rule]
    revenue = None
    if revenue_thousands is not None:
        revenue = convert(revenue_thousands * 1000, currency, rule_currency, year, rates)
    basis = _basis(employees, revenue_thousands, revenue)
    return Size(category_of(thresholds, employees, revenue), rule, basis)


def _basis(employees, revenue_thousands, revenue) -> str:
    if revenue_thousands is not None and revenue is None:
        return SizeBasis.HEADCOUNT_NO_RATE if employees is not None else SizeBasis.NOTHING
    if employees is None:
        return SizeBasis.REVENUE_NO_HEADCOUNT if revenue is not None else SizeBasis.NOTHING
    return SizeBasis.HEADCOUNT_AND_REVENUE if revenue is not None else SizeBasis.HEADCOUNT_NO_REVENUE
