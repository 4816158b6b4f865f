"""The rules of members, membership periods and headcount reports, each written once with its message.

Small functions over plain values that raise `ValidationError` (with a `code`, and keyed by the field
the error belongs to when the rule spans fields). The models' field validators and `clean()` call
them, so the admin's forms and inlines, `full_clean()` in the services and the fixture check run
them; the spreadsheet import (`members.spreadsheets.cells` and `.plans`) calls the same functions for
its cells and rows. They run no queries: the import checks up to 100,000 rows with them. Rules that
need other rows (an overlapping period, a registration number taken) stay with their callers, which
read those rows once; the database constraints remain the last line behind all of them.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .limits import AMOUNT_MAX, YEAR_MAX, YEAR_MIN, next_year

# The years of projects, awards and affiliations (the incubator's end at next year: `validate_incubator_year`).
YEAR_VALIDATORS = [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]

NAME_MISSING = _("Give the name in Russian, in English, or both.")
REGION_ELSEWHERE = _("This region is not in the member's country.")
INCUBATOR_MISSING = _("Name the incubator the member is a resident or alumnus of.")
INCUBATOR_WITHOUT_STATUS = _("Choose resident or alumnus, or leave the incubator empty.")
INCUBATOR_YEARS_REVERSED = _("The incubator's last year cannot be before its first year.")
YEAR_OUT_OF_RANGE = _("A year must be between %(min)d and %(max)d.")
LEFT_BEFORE_JOINED = _("The date of leaving cannot be before the date of joining.")
HEADCOUNT_IN_FUTURE = _("A headcount cannot be reported on a future date.")
FIGURE_NEGATIVE = _("A figure cannot be negative.")
FIGURE_TOO_LARGE = _("A figure cannot be more than %(limit_value)s.")
EXPORTS_ABOVE_REVENUE = _("Exports cannot be more than the revenue.")
FOREIGN_PRODUCTS_ABOVE_ALL = _("New products on foreign markets cannot be more than all new products.")
CURRENCY_MISSING = _("Choose the currency: none is known for the member's country.")
RATE_NOT_POSITIVE = _("An exchange rate must be more than zero.")


def collect(errors: dict, check, *args) -> None:
    """Run `check(*args)` and add what it refuses to `errors` ({field: [ValidationError]}); `clean()` raises them."""
    try:
        check(*args)
    except ValidationError as error:
        for field, items in error.update_error_dict({}).items():
            errors.setdefault(field, []).extend(items)


def messages_by_field(error: ValidationError) -> list[tuple[str, str]]:
    """[(field, message)] of a refusal, for the import's report ("" for an error of the whole record)."""
    return [
        ("" if field == NON_FIELD_ERRORS else field, message)
        for field, items in error.update_error_dict({}).items()
        for item in items
        for message in item.messages
    ]


def check_member_name(name_ru: str, name_en: str) -> None:
    if not name_ru and not name_en:
        raise ValidationError({"name_ru": ValidationError(NAME_MISSING, code="member_without_name")})


def check_region_country(region_country: str | None, country: str) -> None:
    """A member's region lies in its country (`region_country` is the region's, None without a region)."""
    if region_country is not None and country and region_country != country:
        raise ValidationError({"region": ValidationError(REGION_ELSEWHERE, code="region_in_another_country")})


def check_incubator(status: str, incubator_id: int | None) -> None:
    """A member names its incubator when, and only when, it is a resident or alumnus."""
    if status and not incubator_id:
        raise ValidationError({"incubator": ValidationError(INCUBATOR_MISSING, code="incubator_missing")})
    if not status and incubator_id:
        raise ValidationError(
            {"incubator_status": ValidationError(INCUBATOR_WITHOUT_STATUS, code="incubator_without_status")}
        )


def check_incubator_years(first: int | None, last: int | None) -> None:
    if first and last and last < first:
        raise ValidationError(
            {"incubator_to_year": ValidationError(INCUBATOR_YEARS_REVERSED, code="incubator_years_reversed")}
        )


def validate_incubator_year(year: int) -> None:
    """A year of an incubator's residency: from 1990 to next year (a field validator)."""
    last = next_year()
    if not YEAR_MIN <= year <= last:
        raise ValidationError(YEAR_OUT_OF_RANGE, code="year_out_of_range", params={"min": YEAR_MIN, "max": last})


def check_period_dates(joined_on: datetime.date | None, left_on: datetime.date | None) -> None:
    if joined_on and left_on and left_on < joined_on:
        raise ValidationError({"left_on": ValidationError(LEFT_BEFORE_JOINED, code="left_before_joined")})


def validate_reported_on(day: datetime.date) -> None:
    """A headcount is reported on a day that has come (a field validator)."""
    if day > timezone.localdate():
        raise ValidationError(HEADCOUNT_IN_FUTURE, code="headcount_in_future")


def figure_validators(limit: int = AMOUNT_MAX) -> list:
    """A yearly figure's validators: from 0 to `limit` (amounts to AMOUNT_MAX, counts to the integer range).

    As `MinValueValidator` and `MaxValueValidator`, so that Django adds none of its own with other words.
    """
    return [
        MinValueValidator(0, message=FIGURE_NEGATIVE),
        MaxValueValidator(limit, message=FIGURE_TOO_LARGE),
    ]


def validate_figures_year(year: int) -> None:
    """A year of figures or of an exchange rate: from 1990 to this year (a year to come has no figures yet)."""
    last = timezone.localdate().year
    if not YEAR_MIN <= year <= last:
        raise ValidationError(YEAR_OUT_OF_RANGE, code="year_out_of_range", params={"min": YEAR_MIN, "max": last})


def check_exports(revenue: int | None, exports: int | None) -> None:
    """Exports are part of the revenue (where both are given)."""
    if revenue is not None and exports is not None and exports > revenue:
        raise ValidationError({"exports": ValidationError(EXPORTS_ABOVE_REVENUE, code="exports_above_revenue")})


def check_new_products(new_products: int | None, foreign: int | None) -> None:
    """New products on foreign markets are some of the year's new products (where both are given)."""
    if new_products is not None and foreign is not None and foreign > new_products:
        raise ValidationError(
            {"new_products_foreign": ValidationError(FOREIGN_PRODUCTS_ABOVE_ALL, code="foreign_products_above_all")}
        )


def check_currency(currency: str) -> None:
    if not currency:
        raise ValidationError({"currency": ValidationError(CURRENCY_MISSING, code="currency_missing")})


def validate_rate(rate) -> None:
    if rate <= 0:
        raise ValidationError(RATE_NOT_POSITIVE, code="rate_not_positive")
