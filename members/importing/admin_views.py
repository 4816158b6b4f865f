"""The member list's export (django-import-export) and import (our own views) in the admin.

Import: upload form -> file checks -> dry run -> preview page with a signed token -> confirm -> the
same file checked again and written in one transaction -> summary. See members.importing.
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

from ..forms import MemberExportForm, MemberImportConfirmForm, MemberImportForm
from ..import_runs import import_run_record
from . import uploads
from .engine import import_members
from .files import max_upload_bytes, read_rows
from .preview import describe_report
from .staff_export import MemberResource, MemberResourceWithContacts, SafeCSV, SafeXLSX

CONTACTS_PERMISSION = "members.view_contact_details"
IMPORT_PERMISSION = "members.import_members"
EXPORT_PERMISSION = "members.export_members"


def run_import(path, *, file_format: str, user, commit: bool, source: str):
    with open(path, "rb") as stream:
        return import_members(
            read_rows(stream, file_format),
            user=user,
            commit=commit,
            allow_contacts=user.has_perm(CONTACTS_PERMISSION),
            source=source,
        )


class MemberSpreadsheetMixin(ExportMixin):
    """Export with import-export's ExportMixin; import with the views below."""

    export_formats = [SafeXLSX, SafeCSV]
    export_form_class = MemberExportForm
    export_template_name = "admin/members/member/export.html"
    import_export_change_list_template = "admin/members/member/change_list.html"

    def get_export_resource_classes(self, request):
        return [MemberResourceWithContacts if request.user.has_perm(CONTACTS_PERMISSION) else MemberResource]

    def has_export_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(EXPORT_PERMISSION)

    def has_import_permission(self, request):
        return self.has_view_permission(request) and request.user.has_perm(IMPORT_PERMISSION)

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
            return self._preview(request, form)
        context = self._import_context(request, form=form)
        return TemplateResponse(request, "admin/members/member/import_form.html", context)

    def _preview(self, request, form):
        uploaded = form.cleaned_data["file"]
        stored, token = uploads.store(uploaded, file_format=form.file_format, user_id=request.user.pk)
        report = run_import(stored, file_format=form.file_format, user=request.user, commit=False, source=uploaded.name)
        if not report.ok or not report.changed:
            uploads.discard(stored)
            token = None
        context = self._import_context(
            request,
            report=report,
            rows=describe_report(report),
            file_name=uploaded.name,
            confirm_form=MemberImportConfirmForm(initial={"token": token}) if token else None,
        )
        return TemplateResponse(request, "admin/members/member/import_preview.html", context)

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
            report = run_import(
                upload["path"], file_format=upload["format"], user=request.user, commit=True, source=upload["name"]
            )
        finally:
            uploads.discard(upload["path"])
        import_run_record(user=request.user, file_name=upload["name"], report=report)  # the start page's log
        if report.committed:
            messages.success(request, _("Imported: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
                "new": report.counts["new"], "updated": report.counts["updated"],
                "unchanged": report.counts["unchanged"],
            })  # fmt: skip
            return redirect("admin:members_member_changelist")
        context = self._import_context(
            request, report=report, rows=describe_report(report), file_name=upload["name"], confirm_form=None
        )
        return TemplateResponse(request, "admin/members/member/import_preview.html", context)
