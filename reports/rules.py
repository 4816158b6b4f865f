"""The rules of the development programme, each written once with its message.

The models' `clean()` calls them, so the admin, `full_clean()` and the fixture check refuse the same
values with the same messages; database constraints stay behind them.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ACTUAL_OF_COMPUTED = _("This indicator is computed from the registry: its actual value is not entered.")
YEAR_BEFORE_APPROVAL = _("The programme's last year cannot be before the year it was approved.")
TARGET_AFTER_PROGRAMME = _("The programme runs to %(last)d: a target cannot be set for a later year.")


def check_actual_entered(figure: str, actual) -> None:
    """Only an indicator staff enter has an actual value typed in; a computed one reads it from the registry."""
    if figure and actual is not None:
        raise ValidationError({"actual": ValidationError(ACTUAL_OF_COMPUTED, code="actual_of_computed")})


def check_programme_years(approved_year: int | None, last_year: int | None) -> None:
    if approved_year is not None and last_year is not None and last_year < approved_year:
        raise ValidationError(
            {"last_year": ValidationError(YEAR_BEFORE_APPROVAL, code="programme_ends_before_approval")}
        )


def check_target_year(year: int | None, last_year: int | None) -> None:
    """A target lies within the programme's term (years before it may be its baseline)."""
    if year is not None and last_year is not None and year > last_year:
        raise ValidationError(
            {"year": ValidationError(TARGET_AFTER_PROGRAMME, code="target_after_programme", params={"last": last_year})}
        )
