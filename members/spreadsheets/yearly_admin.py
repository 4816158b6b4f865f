"""The yearly figures' export and import in the admin («Импорт годовых показателей»).

The same steps, bounds and pages as the member import (`admin_views.py`): upload -> file checks -> dry
run -> preview with a signed token -> confirm -> the same file checked again and written in one
transaction -> summary. Importing needs `members.import_members` and `members.view_yearly_figures`
(the file holds confidential figures); exporting needs `members.export_members`, and leaves the
confidential amounts out without `members.view_yearly_figures`.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin

from pagecache import bounded

from ..import_runs import import_run_record
from ..permissions import EXPORT_MEMBERS, IMPORT_MEMBERS, VIEW_YEARLY_FIGURES
from ..services import yearly_figures_import
from . import uploads
from .admin_views import EXPORT_SLOT, IMPORT_SLOT, busy_message
from .files import max_upload_bytes, read_rows
from .forms import MemberExportForm, MemberImportConfirmForm, YearlyImportForm
from .preview import status_labels
from .yearly_columns import YEARLY_BY_KEY
from .yearly_export import YearlyCSV, YearlyResource, YearlyResourceWithFigures, YearlyXLSX

TEMPLATES = "admin/members/yearlyfigures/"


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


class YearlySpreadsheetMixin(ExportMixin):
    export_formats = [YearlyXLSX, YearlyCSV]
    export_form_class = MemberExportForm
    import_export_change_list_template = TEMPLATES + "change_list.html"

    def get_export_resource_classes(self, request):
        return [YearlyResourceWithFigures if request.user.has_perm(VIEW_YEARLY_FIGURES) else YearlyResource]

    def has_export_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(EXPORT_MEMBERS)

    def has_import_permission(self, request):
        user = request.user
        return (
            self.has_change_permission(request) and user.has_perm(IMPORT_MEMBERS) and user.has_perm(VIEW_YEARLY_FIGURES)
        )

    def get_export_filename(self, request, queryset, file_format):
        day = timezone.localdate().isoformat()
        return f"{settings.CLUSTER_SHORT_NAME}-yearly-figures-{day}.{file_format.get_extension()}"

    def get_export_data(self, file_format, request, queryset, **kwargs):
        try:
            with bounded.slot(EXPORT_SLOT, settings.REGISTRY_EXPORT_SLOTS):
                return super().get_export_data(file_format, request, queryset, **kwargs)
        except bounded.Busy as busy:
            raise ValueError(busy_message()) from busy

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.yearly_import_view), name="members_yearlyfigures_import"),
            path("import/confirm/", view(self.yearly_confirm_view), name="members_yearlyfigures_import_confirm"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def _import_context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import yearly figures"),
            "max_size": max_upload_bytes(),
            **context,
        }

    def yearly_import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = YearlyImportForm(request.POST, request.FILES) if request.method == "POST" else YearlyImportForm()
        if form.is_bound and form.is_valid():
            try:
                with bounded.slot(IMPORT_SLOT, settings.REGISTRY_IMPORT_SLOTS):
                    return self._yearly_preview(request, form)
            except bounded.Busy:
                messages.warning(request, busy_message())
                form = YearlyImportForm()
        return TemplateResponse(request, TEMPLATES + "import_form.html", self._import_context(request, form=form))

    def _yearly_preview(self, request, form):
        uploaded = form.cleaned_data["file"]
        stored, token = uploads.store(uploaded, file_format=form.file_format, user_id=request.user.pk)
        try:
            report = run_yearly_import(
                stored, file_format=form.file_format, user=request.user, commit=False, source=uploaded.name
            )
        except BaseException:
            uploads.discard(stored)
            raise
        if not report.ok or not report.changed:
            uploads.discard(stored)
            token = None
        return self._preview_page(request, report, uploaded.name, token)

    def _preview_page(self, request, report, file_name, token):
        context = self._import_context(
            request,
            report=report,
            rows=describe_yearly_report(report),
            file_name=file_name,
            confirm_form=MemberImportConfirmForm(initial={"token": token}) if token else None,
        )
        return TemplateResponse(request, TEMPLATES + "import_preview.html", context)

    def yearly_confirm_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = MemberImportConfirmForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return redirect("admin:members_yearlyfigures_import")
        try:
            upload = uploads.load(form.cleaned_data["token"], user_id=request.user.pk)
        except uploads.UploadExpired:
            messages.error(request, _("This import has expired or has been done already; upload the file again."))
            return redirect("admin:members_yearlyfigures_import")
        try:
            with bounded.slot(IMPORT_SLOT, settings.REGISTRY_IMPORT_SLOTS):
                try:
                    report = run_yearly_import(upload["path"], file_format=upload["format"], user=request.user,
                                               commit=True, source=upload["name"])  # fmt: skip
                finally:
                    uploads.discard(upload["path"])
        except bounded.Busy:
            messages.warning(request, busy_message())
            return redirect("admin:members_yearlyfigures_import")
        import_run_record(user=request.user, file_name=upload["name"], report=report)
        if report.committed:
            messages.success(request, _("Imported: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
                "new": report.counts["new"], "updated": report.counts["updated"],
                "unchanged": report.counts["unchanged"],
            })  # fmt: skip
            return redirect("admin:members_yearlyfigures_changelist")
        return self._preview_page(request, report, upload["name"], None)
