"""The member list's export (django-import-export) and import (our own views) in the admin.

Import: upload form -> file checks -> dry run -> preview page with a signed token -> confirm -> the
same file checked again and written in one transaction -> summary. See members.spreadsheets. The pages
are `SpreadsheetImportMixin`'s, shared with the yearly figures' import (`yearly_admin.py`).

Heavy work is bounded (`pagecache.bounded`): previews and confirmations share REGISTRY_IMPORT_SLOTS,
staff exports REGISTRY_EXPORT_SLOTS, across every process; past the bound the user is told at once to try
again in a minute. The uploaded file is removed on every path but the preview that awaits its confirmation.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ExportMixin

from pagecache import bounded

from ..import_runs import import_run_record
from ..permissions import EXPORT_MEMBERS, IMPORT_MEMBERS, VIEW_CONTACT_DETAILS
from ..services import members_import
from . import uploads
from .files import max_upload_bytes, read_rows
from .forms import MemberExportForm, MemberImportConfirmForm, MemberImportForm
from .preview import describe_report
from .staff_export import MemberResource, MemberResourceWithContacts, SafeCSV, SafeXLSX

IMPORT_SLOT, EXPORT_SLOT = "import", "export"


def busy_message() -> str:
    return _("Another import or export is running right now. Please try again in a minute.")


def run_import(path, *, file_format: str, user, commit: bool, source: str):
    with open(path, "rb") as stream:
        return members_import(
            rows=read_rows(stream, file_format),
            user=user,
            commit=commit,
            allow_contacts=user.has_perm(VIEW_CONTACT_DETAILS),
            source=source,
        )


class SpreadsheetImportMixin:
    """The import's admin pages for a model: upload, preview with a signed token, confirm, summary.

    Bounded (REGISTRY_IMPORT_SLOTS, across processes), and the uploaded file is removed on every path but
    the preview that awaits its confirmation. A subclass says how its file is imported
    (`run_spreadsheet_import`) and what its preview shows of the rows (`import_preview_context`); the URL
    names are `<app>_<model>_import` and `…_import_confirm`, the templates in `admin/<app>/<model>/`.
    """

    import_title = gettext_lazy("Import members")
    import_form_class = MemberImportForm

    def run_spreadsheet_import(self, request, path, *, file_format: str, commit: bool, source: str):
        raise NotImplementedError

    def import_preview_context(self, report) -> dict:
        raise NotImplementedError

    def has_import_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(IMPORT_MEMBERS)

    def _import_url_name(self, suffix: str = "") -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_import{suffix}"

    def _import_template(self, name: str) -> list[str]:
        opts = self.model._meta
        return [f"admin/{opts.app_label}/{opts.model_name}/{name}", f"admin/members/member/{name}"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name=self._import_url_name()),
            path("import/confirm/", view(self.import_confirm_view), name=self._import_url_name("_confirm")),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def _import_context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": self.import_title,
            "max_size": max_upload_bytes(),
            "import_url": reverse(f"admin:{self._import_url_name()}"),
            "import_confirm_url": reverse(f"admin:{self._import_url_name('_confirm')}"),
            **context,
        }

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form_class = self.import_form_class
        form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
        if form.is_bound and form.is_valid():
            try:
                with bounded.slot(IMPORT_SLOT, settings.REGISTRY_IMPORT_SLOTS):
                    return self._preview(request, form)
            except bounded.Busy:
                messages.warning(request, busy_message())
                form = form_class()
        context = self._import_context(request, form=form)
        return TemplateResponse(request, self._import_template("import_form.html"), context)

    def _preview(self, request, form):
        uploaded = form.cleaned_data["file"]
        stored, token = uploads.store(uploaded, file_format=form.file_format, user_id=request.user.pk)
        try:
            report = self.run_spreadsheet_import(
                request, stored, file_format=form.file_format, commit=False, source=uploaded.name
            )
        except BaseException:
            uploads.discard(stored)
            raise
        if not report.ok or not report.changed:
            uploads.discard(stored)
            token = None
        return self._preview_page(request, report, uploaded.name, token)

    def _preview_page(self, request, report, file_name: str, token):
        context = self._import_context(
            request,
            report=report,
            file_name=file_name,
            confirm_form=MemberImportConfirmForm(initial={"token": token}) if token else None,
            **self.import_preview_context(report),
        )
        return TemplateResponse(request, self._import_template("import_preview.html"), context)

    def _confirmed_import(self, request, upload):
        try:
            return self.run_spreadsheet_import(
                request, upload["path"], file_format=upload["format"], commit=True, source=upload["name"]
            )
        finally:
            uploads.discard(upload["path"])

    def import_confirm_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = MemberImportConfirmForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return redirect(f"admin:{self._import_url_name()}")
        try:
            upload = uploads.load(form.cleaned_data["token"], user_id=request.user.pk)
        except uploads.UploadExpired:
            messages.error(request, _("This import has expired or has been done already; upload the file again."))
            return redirect(f"admin:{self._import_url_name()}")
        try:
            with bounded.slot(IMPORT_SLOT, settings.REGISTRY_IMPORT_SLOTS):
                report = self._confirmed_import(request, upload)
        except bounded.Busy:  # the file stays for the same token, until it expires
            messages.warning(request, busy_message())
            context = self._import_context(request, file_name=upload["name"], confirm_form=form)
            return TemplateResponse(request, self._import_template("import_busy.html"), context)
        import_run_record(user=request.user, file_name=upload["name"], report=report)  # the start page's log
        if report.committed:
            messages.success(request, _("Imported: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
                "new": report.counts["new"], "updated": report.counts["updated"],
                "unchanged": report.counts["unchanged"],
            })  # fmt: skip
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return self._preview_page(request, report, upload["name"], None)


class BoundedExportMixin(ExportMixin):
    """import-export's staff export, for those who may export, built in one of the bounded export slots."""

    export_form_class = MemberExportForm

    def has_export_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(EXPORT_MEMBERS)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # import-export's export_action shows a ValueError's message on the export page.
        try:
            with bounded.slot(EXPORT_SLOT, settings.REGISTRY_EXPORT_SLOTS):
                return super().get_export_data(file_format, request, queryset, **kwargs)
        except bounded.Busy as busy:
            raise ValueError(busy_message()) from busy


class MemberSpreadsheetMixin(SpreadsheetImportMixin, BoundedExportMixin):
    """Export with import-export's ExportMixin (bounded); import with the views above."""

    export_formats = [SafeXLSX, SafeCSV]
    export_template_name = "admin/members/member/export.html"
    import_export_change_list_template = "admin/members/member/change_list.html"

    def run_spreadsheet_import(self, request, path, *, file_format: str, commit: bool, source: str):
        return run_import(path, file_format=file_format, user=request.user, commit=commit, source=source)

    def import_preview_context(self, report) -> dict:
        return {"preview": describe_report(report)}

    def get_export_resource_classes(self, request):
        return [MemberResourceWithContacts if request.user.has_perm(VIEW_CONTACT_DETAILS) else MemberResource]

    def get_export_filename(self, request, queryset, file_format):
        day = timezone.localdate().isoformat()
        return f"{settings.CLUSTER_SHORT_NAME}-members-staff-{day}.{file_format.get_extension()}"
