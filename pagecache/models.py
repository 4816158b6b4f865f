from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryRevision(models.Model):
    """One row whose token changes with every write to the registry's data.

    Public pages are cached under the token (`pagecache.revision`), so a write to any watched app makes
    every cached page stale at once, in every process. The token is written in the write's own
    transaction: a reader sees the new token only together with the new data. `shared_token` changes
    with every write but those a page of its own renews alone (`pagecache.revision.narrow`): the pages
    keyed by their own rows (a member's page) read it instead of `token`.
    """

    token = models.CharField(_("token"), max_length=32)
    shared_token = models.CharField(_("shared token"), max_length=32, default="")
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("registry revision")
        verbose_name_plural = _("registry revisions")

    def __str__(self):
        return self.token


class TableVersion(models.Model):
    """A tracked table's token, renewed by a trigger on every statement that writes the table
    (`pagecache.versions`)."""

    name = models.CharField(_("table"), max_length=63, primary_key=True)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("table version")
        verbose_name_plural = _("table versions")

    def __str__(self):
        return f"{self.name}: {self.token}"
