"""Staff roles, defined once: which permissions each group holds, and the rule that only superusers delete.

Two groups exist, created by the migration `cluster_registry/migrations/0001_roles.py` and brought back
in line with these rules after every `migrate` (a post_migrate handler in `apps.py`), so that models and
permissions added later are covered without a new migration:

- Registry editors: add, change and view every model of the registry apps; import and export members;
  see members' contact details (they keep the contact person up to date) and their confidential yearly
  figures (they enter them).
- Registry viewers: view every model of the registry apps and export members, without contact details
  and without the confidential yearly figures (revenue, exports, R&D, investment).

The groups are managed by code: a permission added to them by hand is removed by the next `migrate`;
grant it to a person instead. No group holds a delete permission, and `RegistryModelBackend` ignores a
delete permission given to anyone but a superuser: members leave (their period is closed) instead.
"""

from dataclasses import dataclass

from django.contrib.auth.backends import ModelBackend

from members.permissions import EXPORT_MEMBERS, IMPORT_MEMBERS, VIEW_CONTACT_DETAILS, VIEW_YEARLY_FIGURES

EDITORS = "Registry editors"
VIEWERS = "Registry viewers"
REGISTRY_APPS = ("members", "governance", "projects", "reports")


@dataclass(frozen=True)
class Role:
    actions: tuple[str, ...]  # granted on every model of REGISTRY_APPS
    extra: tuple[str, ...] = ()  # "app_label.codename", granted when the permission exists


# The members' side (portal): editors read the messages and the sign-in log, decide proposals and applications.
PORTAL_EDITING = (
    "portal.view_outgoingmessage",
    "portal.view_signinevent",
    "portal.view_contacterasure",
    "portal.view_proposal",
    "portal.change_proposal",
    "portal.view_application",
    "portal.change_application",
    "portal.view_campaign",
    "portal.add_campaign",
    "portal.change_campaign",
    "portal.view_questionnaire",
    "portal.change_questionnaire",
)

ROLES = {
    EDITORS: Role(
        actions=("add", "change", "view"),
        extra=(IMPORT_MEMBERS, EXPORT_MEMBERS, VIEW_CONTACT_DETAILS, VIEW_YEARLY_FIGURES, *PORTAL_EDITING),
    ),
    VIEWERS: Role(actions=("view",), extra=(EXPORT_MEMBERS,)),
}


def is_delete_permission(codename: str) -> bool:
    return codename.startswith("delete_")


def _registry_models(apps) -> list:
    """The registry's own models; history tables are written by simple-history, never by staff."""
    models = []
    for label in REGISTRY_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        models += [model for model in config.get_models() if not model._meta.model_name.startswith("historical")]
    return models


def role_permissions(apps, role: Role) -> list:
    """The Permission rows a role holds, among those that exist in the database now."""
    Permission = apps.get_model("auth", "Permission")
    wanted = [
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in _registry_models(apps)
        for action in role.actions
    ]
    wanted += [tuple(name.split(".", 1)) for name in role.extra]
    assert not any(is_delete_permission(codename) for _label, codename in wanted), "no role may delete"
    rows = Permission.objects.filter(content_type__app_label__in={label for label, _codename in wanted})
    rows = rows.filter(codename__in={codename for _label, codename in wanted}).select_related("content_type")
    return [row for row in rows if (row.content_type.app_label, row.codename) in set(wanted)]


def apply_roles(apps, using: str = "default") -> None:
    """Create the groups if missing and give each exactly its role's permissions."""
    Group = apps.get_model("auth", "Group")
    for name, role in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(role_permissions(apps, role))


def remove_roles(apps, using: str = "default") -> None:
    apps.get_model("auth", "Group").objects.using(using).filter(name__in=ROLES).delete()


class RegistryModelBackend(ModelBackend):
    """Django's permission backend, except that only superusers ever hold a delete permission.

    Superusers do not reach this code (User.has_perm answers for them), so for everyone else a
    delete permission granted by hand or through a group has no effect: no delete view, no
    "delete selected" action, no delete box in inline rows.
    """

    def _get_permissions(self, user_obj, obj, from_name):
        permissions = super()._get_permissions(user_obj, obj, from_name)
        if user_obj.is_superuser:
            return permissions
        return {name for name in permissions if not is_delete_permission(name.split(".", 1)[-1])}
