"""The member add form's membership period: offered filled in, and a member saved without one only on purpose.

A member without a period is "not yet joined" (`MemberQuerySet.not_yet_joined()`): listed apart from the
current and former members and never public. The add form opens with one period row, joining today, which
is saved as offered unless staff change or remove it. Posted without any period, the form comes back with a
box to tick, so that nobody saves such a member by overlooking the row.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .admin_base import InlineRowForm

PERIODS_PREFIX = "periods"  # the inline's formset prefix: the related name of MembershipPeriod.member


class OfferedPeriodForm(InlineRowForm):
    """A period row of the add form: its offered date (today) counts as entered."""

    def has_changed(self):
        # Django skips an extra row left as it was offered; this one is meant to be saved as offered.
        offered = self.instance.pk is None and bool(self.initial.get("joined_on"))
        return super().has_changed() or offered


class MemberWithoutPeriodForm(forms.ModelForm):
    """The add form, posted without a period: saves only with the box ticked."""

    save_without_period = forms.BooleanField(
        label=_("Save without a membership period"),
        required=False,
        help_text=_(
            "No membership period is given. Saved like this, the member is listed as not yet joined and is not "
            "shown publicly until a period is added."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("save_without_period"):
            self.add_error(
                "save_without_period",
                _("Add a membership period below, or tick this box to save the member without one."),
            )
        return cleaned


def offered_periods() -> list[dict]:
    return [{"joined_on": timezone.localdate()}]


def posted_without_period(request) -> bool:
    """Whether an add form was posted with no period row that would be saved."""
    if request.method != "POST":
        return False
    data = request.POST
    try:
        total = int(data.get(f"{PERIODS_PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        return False  # the formset itself reports a broken management form
    rows = range(min(total, 1000))
    return not any(
        data.get(f"{PERIODS_PREFIX}-{i}-joined_on") and not data.get(f"{PERIODS_PREFIX}-{i}-DELETE") for i in rows
    )


def without_period_fieldset():
    return (_("Membership"), {"fields": ["save_without_period"], "classes": ["without-period"]})
