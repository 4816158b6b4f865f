from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterRegistryConfig(AppConfig):
    name = "cluster_registry"
    verbose_name = _("Cluster registry")
