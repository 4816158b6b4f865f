from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_roles(sender, using="default", **kwargs):
    """After every migrate, give the staff groups the permissions cluster_registry/roles.py defines.

    Runs once, after the last registry app, so that permissions of models added since the roles'
    migration (and import/export's own permissions) exist and are included.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from . import roles

    if sender.label != roles.REGISTRY_APPS[-1]:
        return
    if ("cluster_registry", "0001_roles") not in MigrationRecorder(connections[using]).applied_migrations():
        return  # the roles were migrated away (or not yet in): leave them so
    for label in roles.REGISTRY_APPS:
        create_permissions(apps.get_app_config(label), verbosity=0, using=using, apps=apps)
    roles.apply_roles(apps, using=using)


class ClusterRegistryConfig(AppConfig):
    name = "cluster_registry"
    verbose_name = _("Cluster registry")

    def ready(self):
        post_migrate.connect(sync_roles, dispatch_uid="cluster_registry.sync_roles")
