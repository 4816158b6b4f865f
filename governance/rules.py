"""The rules of chairmanship terms, board seats and documents, each written once with its message.

Functions over plain values that raise `ValidationError` keyed by the field it belongs to (see
`members.rules`); the models' `clean()` and constraints, and so the admin and the services, use them.
The overlap of terms needs the other terms: the caller looks the clash up and passes it in.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MONTHS_REVERSED = _("The last month cannot be before the first month.")
TERM_OVERLAP = _(
    "This term overlaps the term of %(other)s. Terms may share one month only, "
    "when one term's last month is the next term's first month."
)
SEAT_REVERSED = _("A seat cannot end before it starts.")
LINK_AND_FILE = _("Give a link or a file, not both.")


def check_term_months(first_month: datetime.date | None, last_month: datetime.date | None) -> None:
    if first_month and last_month and last_month < first_month:
        raise ValidationError({"last_month": ValidationError(MONTHS_REVERSED, code="term_months_reversed")})


def check_term_clash(clash) -> None:
    """`clash` is another term overlapping this one beyond a hand-over month, or None."""
    if clash is not None:
        raise ValidationError(TERM_OVERLAP, code="chair_term_overlap", params={"other": str(clash)})


def check_seat_dates(started_on: datetime.date | None, ended_on: datetime.date | None) -> None:
    if started_on and ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": ValidationError(SEAT_REVERSED, code="seat_dates_reversed")})


def check_link_or_file(link: str, file) -> None:
    if link and file:
        raise ValidationError({"file": ValidationError(LINK_AND_FILE, code="link_and_file")})
