"""The rules of projects and awards, each written once with its message.

Functions over plain values that raise `ValidationError` keyed by the field it belongs to (see
`members.rules`); the models' `clean()` and constraints, the admin's project form and
`services.project_save` use them. Rules that need other rows (the earliest award of a project) get
those rows from their caller.
"""

import calendar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TITLE_MISSING = _("Give the title in Russian, in English, or both.")
YEARS_REVERSED = _("The last year cannot be before the first year.")
COMPLETED_WITHOUT_LAST_YEAR = _("A completed project needs its last year.")
AWARD_BEFORE_FIRST_YEAR = _("The award “%(award)s” is dated %(year)s, before this first year.")
LEAD_NOT_PARTICIPANT = _("The lead member must also be among the participating members.")
MONTH_OUT_OF_RANGE = _("The month must be from 1 to 12.")
DAY_WITHOUT_MONTH = _("Give the month when giving the day; the day must be from 1 to 31.")
NO_SUCH_DAY = _("This month has no such day.")
AWARD_BEFORE_PROJECT = _("The award cannot be dated before its project began (%(first_year)s).")


def check_title(title_ru: str, title_en: str) -> None:
    if not title_ru and not title_en:
        raise ValidationError({"title_ru": ValidationError(TITLE_MISSING, code="without_title")})


def check_project_years(first_year: int | None, last_year: int | None, completed: bool) -> None:
    if first_year and last_year and last_year < first_year:
        raise ValidationError({"last_year": ValidationError(YEARS_REVERSED, code="years_reversed")})
    if completed and not last_year:
        raise ValidationError(
            {"last_year": ValidationError(COMPLETED_WITHOUT_LAST_YEAR, code="completed_without_last_year")}
        )


def check_first_year_after_awards(first_year: int | None, earliest_award) -> None:
    """`earliest_award` is the project's earliest award dated before `first_year`, or None."""
    if first_year and earliest_award is not None:
        raise ValidationError(
            {
                "first_year": ValidationError(
                    AWARD_BEFORE_FIRST_YEAR,
                    code="award_before_project",
                    params={"award": earliest_award.title, "year": earliest_award.year},
                )
            }
        )


def check_lead_takes_part(lead_id: int | None, participant_ids: set[int]) -> None:
    # Refused rather than added silently: a lead missing from the list is more often a wrong lead.
    if lead_id and lead_id not in participant_ids:
        raise ValidationError({"participants": ValidationError(LEAD_NOT_PARTICIPANT, code="lead_not_participant")})


def check_award_date(year: int | None, month: int | None, day: int | None) -> None:
    """A year, a year and month, or a full date that exists."""
    if day is not None and month is None:
        raise ValidationError({"month": ValidationError(DAY_WITHOUT_MONTH, code="day_without_month")})
    if year and day and month in range(1, 13) and day > calendar.monthrange(year, month)[1]:
        raise ValidationError({"day": ValidationError(NO_SUCH_DAY, code="no_such_day")})


def check_award_after_project(year: int | None, project_first_year: int | None) -> None:
    if project_first_year and year and year < project_first_year:
        raise ValidationError(
            {
                "year": ValidationError(
                    AWARD_BEFORE_PROJECT, code="award_before_project", params={"first_year": project_first_year}
                )
            }
        )
