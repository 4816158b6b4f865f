"""The members app's own permissions, each named once.

Each constant is the name `user.has_perm()` takes ("members.view_contact_details") and carries its
codename and description, so the model's `Meta.permissions`, the admin, the import and export, the
roles (`cluster_registry/roles.py`) and the tests all spell it from here.

- `VIEW_CONTACT_DETAILS`: see, export and import the private contact person of members.
- `VIEW_YEARLY_FIGURES`: see, export and import members' confidential yearly figures (revenue, exports,
  R&D, investment).
- `IMPORT_MEMBERS`: bring changes to members from a spreadsheet in the admin.
- `EXPORT_MEMBERS`: export the admin's member list to a spreadsheet.
"""

from django.utils.translation import gettext_lazy as _

APP_LABEL = "members"


class AppPermission(str):
    """A permission's full name ("members.codename"), with its `codename` and `description`."""

    codename: str
    description: str

    def __new__(cls, codename: str, description):
        permission = super().__new__(cls, f"{APP_LABEL}.{codename}")
        permission.codename = codename
        permission.description = description
        return permission


VIEW_CONTACT_DETAILS = AppPermission("view_contact_details", _("Can see members' contact details"))
VIEW_YEARLY_FIGURES = AppPermission(
    "view_yearly_figures", _("Can see members' confidential yearly figures (revenue, exports, R&D, investment)")
)
IMPORT_MEMBERS = AppPermission("import_members", _("Can import members from a spreadsheet"))
EXPORT_MEMBERS = AppPermission("export_members", _("Can export the member list to a spreadsheet"))

ALL = (VIEW_CONTACT_DETAILS, VIEW_YEARLY_FIGURES, IMPORT_MEMBERS, EXPORT_MEMBERS)


def meta_permissions() -> list[tuple[str, object]]:
    """The `(codename, description)` pairs for `Member.Meta.permissions`."""
    return [(permission.codename, permission.description) for permission in ALL]
