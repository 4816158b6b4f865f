"""The members app's permissions: named once in members/permissions.py, and those names exist."""

import pytest
from django.contrib.auth.models import Permission

from members import permissions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("permission", permissions.ALL, ids=lambda permission: permission.codename)
def test_each_named_permission_exists_under_its_codename(permission):
    row = Permission.objects.get(content_type__app_label="members", codename=permission.codename)
    assert permission == f"{row.content_type.app_label}.{row.codename}"


def test_a_user_granted_the_permission_row_has_the_named_permission(django_user_model):
    user = django_user_model.objects.create_user("clerk", "clerk@example.org", None)
    user.user_permissions.add(Permission.objects.get(codename=permissions.IMPORT_MEMBERS.codename))
    user = django_user_model.objects.get(pk=user.pk)
    assert user.has_perm(permissions.IMPORT_MEMBERS)
    assert not user.has_perm(permissions.EXPORT_MEMBERS)
