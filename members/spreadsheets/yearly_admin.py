"""The yearly figures' export and import in the admin («Импорт годовых показателей»).

The same steps, bounds and pages as the member import (`admin_views.SpreadsheetImportMixin`): upload ->
file checks -> dry run -> preview with a signed token -> confirm -> the same file checked again and
written in one transaction -> summary. Importing needs `members.import_members` and `members.view_yearly_figures`
(the file holds confidential figures); exporting needs `members.export_members`, and leaves the
confidential amounts out without `members.view_yearly_figures`.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..permissions import IMPORT_MEMBERS, VIEW_YEARLY_FIGURES
from ..services import yearly_figures_import
from .admin_views import BoundedExportMixin, SpreadsheetImportMixin
from .files import read_rows
from .forms import YearlyImportForm
from .preview import status_labels
from .yearly_columns import YEARLY_BY_KEY
from .yearly_export import YearlyCSV, YearlyResource, YearlyResourceWithFigures, YearlyXLSX


def run_yearly_import(path, *, file_format: str, user, commit: bool, source: str):
    with open(path, "rb") as stream:
        return yearly_figures_import(
            rows=read_rows(stream, file_format), user=user, commit=commit, allow_figures=True, source=source
        )


def describe_yearly_report(report) -> list[dict]:
    labels = status_labels()

    def show(value):
        return "—" if value is None or value == "" else str(value)

    return [
        {
            "row": outcome.row,
            "status": outcome.status,
            "status_label": labels[outcome.status],
            "name": outcome.name,
            "changes": [(str(YEARLY_BY_KEY[key].label), show(old), show(new)) for key, old, new in outcome.changes],
        }
        for outcome in report.rows
    ]


class YearlySpreadsheetMixin(SpreadsheetImportMixin, BoundedExportMixin):
    export_formats = [YearlyXLSX, YearlyCSV]
    import_export_change_list_template = "admin/members/yearlyfigures/change_list.html"
    import_title = _("Import yearly figures")
    import_form_class = YearlyImportForm

    def run_spreadsheet_import(self, request, path, *, file_format: str, commit: bool, source: str):
        return run_yearly_import(path, file_format=file_format, user=request.user, commit=commit, source=source)

    def import_preview_context(self, report) -> dict:
        return {"rows": describe_yearly_report(report)}

    def get_export_resource_classes(self, request):
        return [YearlyResourceWithFigures if request.user.has_perm(VIEW_YEARLY_FIGURES) else YearlyResource]

    def has_import_permission(self, request):
        user = request.user
        return (
            self.has_change_permission(request) and user.has_perm(IMPORT_MEMBERS) and user.has_perm(VIEW_YEARLY_FIGURES)
        )

    def get_export_filename(self, request, queryset, file_format):
        day = timezone.localdate().isoformat()
        return f"{settings.CLUSTER_SHORT_NAME}-yearly-figures-{day}.{file_format.get_extension()}"
