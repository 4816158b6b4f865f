"""The disclosure rule, in one place: which aggregate of the members' yearly figures the public may see.

A member's own revenue, exports, R&D spending and investment are confidential. A public page may show
a sum over members only when at least `MIN_CONTRIBUTORS` members contribute to it and no one of them
contributes more than `MAX_SHARE_PERCENT` per cent of it: the threshold and dominance rules statistics
offices apply, so that no reader can take one member's figure out of the sum (with two contributors,
each knows the other's; with one dominant, the sum is roughly its figure). A figure held back says why.

Every public aggregate of yearly figures (the home page's block, the fact sheet) is built by
`disclose()`; nothing public reads the yearly figures without it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MIN_CONTRIBUTORS = 3
MAX_SHARE_PERCENT = 80

TOO_FEW = ngettext_lazy(
    "Not shown: fewer than %(min)d member contributes to this figure.",
    "Not shown: fewer than %(min)d members contribute to this figure.",
    "min",
)
DOMINANT = _("Not shown: one member contributes more than %(share)d%% of this figure.")
NOT_CONVERTED = _("Not shown: some amounts could not be converted into roubles (an exchange rate is missing).")


@dataclass(frozen=True)
class Disclosed:
    """An aggregate as the public may see it: its value, or None and the reason it is held back."""

    value: int | Decimal | None
    contributors: int
    reason: str = ""
    code: str = ""

    @property
    def shown(self) -> bool:
        return self.value is not None


def disclose(total, *, contributors: int, largest, complete: bool = True) -> Disclosed:
    """`total` of `contributors` members, the largest single contribution `largest`, if the rule allows it.

    `complete` is False when some contributions could not be counted (an amount without an exchange
    rate): a partial sum is not published either.
    """
    if contributors < MIN_CONTRIBUTORS:
        return Disclosed(None, contributors, TOO_FEW % {"min": MIN_CONTRIBUTORS}, "too_few")
    if not complete:
        return Disclosed(None, contributors, str(NOT_CONVERTED), "not_converted")
    if total and largest is not None and largest * 100 > total * MAX_SHARE_PERCENT:
        return Disclosed(None, contributors, DOMINANT % {"share": MAX_SHARE_PERCENT}, "dominant")
    return Disclosed(total, contributors)
