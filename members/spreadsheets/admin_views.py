"""The member list's export (django-import-export) and import (our own views) in the admin.

Import: upload form -> file checks -> dry run -> preview page with a signed token -> confirm -> the
same file checked again and written in one transaction -> summary. See members.spreadsheets.

Heavy work is bounded (`pagecache.bounded`): previews and confirmations share REGISTRY_IMPORT_SLOTS,
staff exports REGISTRY_EXPORT_SLOTS, across every process; past the bound the user is told at once to try
again in a minute. The uploaded file is removed on every path but the preview that awaits its confirmation.
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


class MemberSpreadsheetMixin(ExportMixin):
    """Export with import-export's ExportMixin; import with the views below."""

    export_formats = [SafeXLSX, SafeCSV]
    export_form_class = MemberExportForm
    export_template_name = "admin/members/member/export.html"
    import_export_change_list_template = "admin/members/member/change_list.html"

    def get_export_resource_classes(self, request):
        return [MemberResourceWithContacts if request.user.has_perm(VIEW_CONTACT_DETAILS) else MemberResource]

    def has_export_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(EXPORT_MEMBERS)

    def has_import_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(IMPORT_MEMBERS)

    def get_export_filename(self, request, queryset, file_format):
        day = timezone.localdate().isoformat()
        return f"{settings.CLUSTER_SHORT_NAME}-members-staff-{day}.{file_format.get_extension()}"

    def get_urls(self):
        urls = [
            path("import/", self.admin_site.admin_view(self.import_view), name="members_member_import"),
            path(
                "import/confirm/",
                self.admin_site.admin_view(self.import_confirm_view),
                name="members_member_import_confirm",
            ),
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def _import_context(self, request, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import members"),
            "max_size": max_upload_bytes(),
            **context,
        }

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = MemberImportForm(request.POST, request.FILES) if request.method == "POST" else MemberImportForm()
        if form.is_bound and form.is_valid():
            try:
                with bounded.slot(IMPORT_SLOT, settings.REGISTRY_IMPORT_SLOTS):
                    return self._preview(request, form)
            except bounded.Busy:
                messages.warning(request, busy_message())
                form = MemberImportForm()
        context = self._import_context(request, form=form)
        return TemplateResponse(request, "admin/members/member/import_form.html", context)

    def _preview(self, request, form):
        uploaded = form.cleaned_data["file"]
        stored, token = uploads.store(uploaded, file_format=form.file_format, user_id=request.user.pk)
        try:
            report = run_import(
                stored, file_format=form.file_format, user=request.user, commit=False, source=uploaded.name
            )
        except BaseException:
            uploads.discard(stored)
            raise
        if not report.ok or not report.changed:
            uploads.discard(stored)
            token = None
        context = self._import_context(
            request,
            report=report,
            preview=describe_report(report),
            file_name=uploaded.name,
            confirm_form=MemberImportConfirmForm(initial={"token": token}) if token else None,
        )
        return TemplateResponse(request, "admin/members/member/import_preview.html", context)

    def _confirmed_import(self, request, upload):
        try:
            return run_import(
                upload["path"], file_format=upload["format"], user=request.user, commit=True, source=upload["name"]
            )
        finally:
            uploads.discard(upload["path"])

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # import-export's export_action shows a ValueError's message on the export page.
        try:
            with bounded.slot(EXPORT_SLOT, settings.REGISTRY_EXPORT_SLOTS):
                return super().get_export_data(file_format, request, queryset, **kwargs)
        except bounded.Busy as busy:
            raise ValueError(busy_message()) from busy

    def import_confirm_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = MemberImportConfirmForm(request.POST or None)
        if request.method != "POST" or not form.is_valid():
            return redirect("admin:members_member_import")
        try:
            upload = uploads.load(form.cleaned_data["token"], user_id=request.user.pk)
        except uploads.UploadExpired:
            messages.error(request, _("This import has expired or has been done already; upload the file again."))
            return redirect("admin:members_member_import")
        try:
            with bounded.slot(IMPORT_SLOT, settings.REGISTRY_IMPORT_SLOTS):
                report = self._confirmed_import(request, upload)
        except bounded.Busy:  # the file stays for the same token, until it expires
            messages.warning(request, busy_message())
            context = self._import_context(request, file_name=upload["name"], confirm_form=form)
            return TemplateResponse(request, "admin/members/member/import_busy.html", context)
        import_run_record(user=request.user, file_name=upload["name"], report=report)  # the start page's log
        if report.committed:
            messages.success(request, _("Imported: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
                "new": report.counts["new"], "updated": report.counts["updated"],
                "unchanged": report.counts["unchanged"],
            })  # fmt: skip
            return redirect("admin:members_member_changelist")
        context = self._import_context(
            request, report=report, preview=describe_report(report), file_name=upload["name"], confirm_form=None
        )
        return TemplateResponse(request, "admin/members/member/import_preview.html", context)
