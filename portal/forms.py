"""Forms of the members' side. The member's own fields are checked by the model's rules (`Member.clean()`),
so a proposal is refused with the same message the admin and the import give."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members import rules
from members.logos import open_logo
from members.models import Member, Sector, YearlyFigures
from members.registration import normalise_registration_number
from members.yearly import FIGURES

from .applications import registration_number_taken
from .models import APPLICANT_FIELDS, Application
from .services import PROPOSABLE_FIELDS

TAKEN_NUMBER = _(
    "An organisation with this registration number is already known to the registry. "
    "Please contact the cluster directly."
)


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)


class ProposalForm(forms.ModelForm):
    """The member's proposable fields; validated on a copy of the member that is never saved."""

    logo = forms.FileField(
        label=_("New logo"), required=False, help_text=_("PNG, JPEG or WebP; it replaces the current logo.")
    )

    class Meta:
        model = Member
        fields = PROPOSABLE_FIELDS
        widgets = {"sectors": forms.CheckboxSelectMultiple}

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            open_logo(upload)  # the admin's own checks: format, size, megapixels
            upload.seek(0)
        return upload

    def proposed_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in PROPOSABLE_FIELDS if name != "sectors"}
        values["sectors"] = sorted(sector.slug for sector in self.cleaned_data["sectors"])
        return values


class ApplicationForm(forms.ModelForm):
    """/join/: the organisation, its contact person, and consent to the processing of the contact's data."""

    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(label=_("I consent to the processing of the contact person's personal data"))
    # Left empty by people (it is hidden from them); robots fill in every field they find.
    nickname = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Application
        fields = APPLICANT_FIELDS

    def clean(self):
        data = super().clean()
        errors = {}
        rules.collect(errors, rules.check_member_name, data.get("name_ru", ""), data.get("name_en", ""))
        country, number = data.get("country"), data.get("registration_number")
        if country and number:
            try:
                normalise_registration_number(str(country), number)
            except ValidationError as error:
                errors["registration_number"] = [error]
            else:
                if registration_number_taken(str(country), number):
                    errors["registration_number"] = [ValidationError(TAKEN_NUMBER, code="taken")]
        if errors:
            raise ValidationError(errors)
        return data

    def _post_clean(self):
        # The application's own full_clean() runs in the service, once the consent's version is known.
        self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("nickname"))


class DecisionForm(forms.Form):
    """Staff's decision on a proposal or an application."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (when rejecting; the sender reads it)"), required=False, widget=forms.Textarea
    )


class QuestionnaireForm(forms.ModelForm):
    """The yearly questionnaire: the figures' own model form, so its rules and messages are the admin's."""

    class Meta:
        model = YearlyFigures
        fields = [*FIGURES, "currency"]

    def answers(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
