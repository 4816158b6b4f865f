from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagecacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from . import revision, versions

        # Sent once per `migrate` (and `flush`) for this app, whichever apps the command migrated.
        post_migrate.connect(revision.bump_after_migrate, sender=self, dispatch_uid="pagecache-migrate")
        post_migrate.connect(versions.ensure_triggers, sender=self, dispatch_uid="pagecache-table-versions")
