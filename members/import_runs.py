"""The import's log: one row per confirmed import (who, when, which file, what it did), shown on the staff start page.

The preview writes nothing and is not logged; a confirmed import is logged whether it was written or refused.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """A confirmed import of a member spreadsheet."""

    class Status(models.TextChoices):
        WRITTEN = "written", _("Written")
        REFUSED = "refused", _("Refused, nothing written")

    # PROTECT, as every relation of the registry: staff accounts are deactivated, not deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("time"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    new = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"


def import_run_record(*, user, file_name: str, report) -> ImportRun:
    """Log a confirmed import from its report (`counts`, `errors`, `committed` of members.importing)."""
    return ImportRun.objects.create(
        user=user,
        file_name=file_name[:255],
        new=report.counts["new"],
        updated=report.counts["updated"],
        unchanged=report.counts["unchanged"],
        errors=len(report.errors),
        status=ImportRun.Status.WRITTEN if report.committed else ImportRun.Status.REFUSED,
    )
