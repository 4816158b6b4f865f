from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Members' side")

    def ready(self):
        # The member's admin page offers the invitation: a hook registered here, so members knows nothing
        # of the portal (portal/admin_members.py).
        from portal import admin_members

        admin_members.install()
