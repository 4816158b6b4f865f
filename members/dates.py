"""Dates as each language writes them, on every public page: the one place that says how.

English "1 December 2026" and "December 2017"; Russian «1 декабря 2026 г.» and «декабрь 2017 г.»
(months in lower case, in the genitive after a day). Django's own formats differ: English
"Dec. 1, 2026", and a Russian month standing alone capitalised («Декабрь 2017 г.»), as a calendar
heading writes it, not running text. A no-break space keeps «г.» on the line of its year.

Every app may use it (members is the bottom app): templates through `{% load dates %}` and the
`day_label` and `month_label` filters, Python code through the functions below.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import get_language


@dataclass(frozen=True)
class DateStyle:
    day: str  # a date format string (Django's `date` filter letters)
    month: str
    lower_month: bool = False  # whether a month standing alone is written in lower case


STYLES = {
    "en": DateStyle(day="j F Y", month="F Y"),
    # `E` is the genitive month ("декабря"), `F` the nominative, which Django capitalises.
    "ru": DateStyle(day="j E Y\xa0г.", month="F Y\xa0г.", lower_month=True),
}


def _style() -> DateStyle:
    return STYLES.get((get_language() or "ru")[:2], STYLES["en"])


def day_label(day: datetime.date | None) -> str:
    """A day in the active language: "1 December 2026", «1 декабря 2026 г.»."""
    if day is None:
        return ""
    return date_format(day, _style().day)


def month_label(month: datetime.date | None) -> str:
    """A month in the active language: "December 2017", «декабрь 2017 г.»."""
    if month is None:
        return ""
    style = _style()
    text = date_format(month, style.month)
    return text.lower() if style.lower_month else text
