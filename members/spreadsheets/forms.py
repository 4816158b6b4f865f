"""Staff forms for the member spreadsheet export and import."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm

from .files import FileRefused, check_file, max_rows, max_upload_bytes


class MemberExportForm(SelectableFieldsExportForm):
    """import-export's export form, with each column labelled by its header alone."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field else field_name


class MemberImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    help = _(
        "An .xlsx or .csv file of at most %(size)s and %(rows)s rows. The staff export is the template: "
        "export, edit, import."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {"size": filesizeformat(max_upload_bytes()), "rows": number_format(max_rows(), force_grouping=True)}
        self.fields["file"].help_text = self.help % limits
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
        self.file_format = None

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.file_format = check_file(uploaded.name, uploaded, uploaded.size)
        except FileRefused as error:
            raise forms.ValidationError(str(error), code="refused") from error
        return uploaded


class MemberImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class YearlyImportForm(MemberImportForm):
    help = _(
        "An .xlsx or .csv file of at most %(size)s and %(rows)s rows. The export of the yearly figures is the "
        "template: export, edit, import."
    )
