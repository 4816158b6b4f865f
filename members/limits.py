"""Limits every way into the registry shares, each named once.

The admin's forms, the model validators, the directory's filters and the spreadsheet import read them
from here, so a limit cannot be one number in one place and another elsewhere.
"""

from django.utils import timezone

# The largest value every database we support stores in an IntegerField or a PositiveIntegerField
# (SQLite refuses a larger Python int with an OverflowError).
INTEGER_MAX = 2_147_483_647
# The largest yearly figure (thousands of a currency, or a count): a quadrillion, far below every database's
# 64-bit range, so a typing slip of many digits is refused with a message rather than overflowing.
AMOUNT_MAX = 10**15
# A row id of more digits could exceed a 64-bit integer: such a value is refused before any query.
ID_MAX_DIGITS = 18
# Years the registry records: projects, awards and affiliations members brought with them go back to
# 1990; planned projects may be dated ahead, up to YEAR_MAX.
YEAR_MIN, YEAR_MAX = 1990, 2100


def next_year() -> int:
    """The last year an incubator's residency may be dated: this year's residents are known to next year."""
    return timezone.localdate().year + 1


def is_row_id(text) -> bool:
    """Whether `text` is a short run of digits that can be a row's id."""
    return isinstance(text, str) and text.isdigit() and len(text) <= ID_MAX_DIGITS
