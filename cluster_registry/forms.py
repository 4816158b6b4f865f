"""The home page's "as of" date."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AsOfForm(forms.Form):
    on = forms.DateField(
        label=_("Figures as of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A past date: the figures count only the members who were current that day."),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, for example 2018-03-01.")},
    )

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day and day > timezone.localdate():
            raise ValidationError(_("Choose today or a date in the past."))
        return day
