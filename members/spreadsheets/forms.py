"""Staff forms for the member spreadsheet export and import."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from import_export.forms import SelectableFieldsExportForm

from .columns import BY_KEY, GROUPS
from .files import FileRefused, check_file, max_rows, max_upload_bytes


class MemberExportForm(SelectableFieldsExportForm):
    """import-export's export form: the first format (xlsx) chosen, columns by their header, in their groups.

    The page (templates/admin/members/member/export.html) draws each group with "all" and "none" buttons,
    which static/js/admin_export_columns.js brings to life; without JavaScript the boxes still work one by one.
    """

    def _init_formats(self, formats):
        super()._init_formats(formats)
        self.fields["format"].choices = [(str(index), fmt().get_title()) for index, fmt in enumerate(formats)]
        self.fields["format"].initial = "0"  # xlsx, not import-export's «---»

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field else field_name

    def _validate_any_field_selected(self, resource) -> None:
        if not any(self.cleaned_data.get(key) for key in resource().get_export_order()):
            raise forms.ValidationError(_("Choose at least one column to export."), code="no_columns")

    @property
    def media(self):
        return forms.Media(js=["js/admin_export_columns.js"])

    def column_groups(self) -> list[tuple[str, str, list]]:
        """(key, title, bound boxes) of each group of columns, in order, for the offered resource."""
        groups = {key: (key, title, []) for key, title in GROUPS.items()}
        for name, field in self.fields.items():
            if getattr(field, "is_selectable_field", False):
                key = name.removeprefix(field.resource_name.lower() + "_")
                groups[BY_KEY[key].group][2].append(self[name])
        return [group for group in groups.values() if group[2]]


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
