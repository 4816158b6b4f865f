"""Staff forms: terms are entered as a year and a month."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ChairTerm


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (a month picker where the browser has one); kept as its first day."""

    input_formats = ["%Y-%m", "%Y-%m-%d", "%m.%Y", "%d.%m.%Y"]
    widget = forms.DateInput(format="%Y-%m", attrs={"type": "month", "placeholder": "2015-03"})

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class ChairTermForm(forms.ModelForm):
    first_month = MonthField(label=_("first month"), help_text=_("Year and month, for example 2015-03."))
    last_month = MonthField(
        label=_("last month"),
        help_text=_("Year and month. It may be the next term's first month, when the chair was handed over in it."),
    )

    class Meta:
        model = ChairTerm
        fields = ["country", "first_month", "last_month", "member", "person", "notes_ru", "notes_en"]
