"""The staff groups "Registry editors" and "Registry viewers", with the permissions cluster_registry/roles.py gives them.

Permissions are normally created after the last migration; they are created here first so that the
groups get them on a fresh database. The post_migrate handler in apps.py re-applies the same rules
after every migrate, for models added later.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from cluster_registry import roles


def create_roles(apps, schema_editor):
    for config in apps.get_app_configs():
        config.models_module = True  # the migration's app stubs have none; create_permissions skips those
        create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        config.models_module = None
    roles.apply_roles(apps, using=schema_editor.connection.alias)


def delete_roles(apps, schema_editor):
    roles.remove_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0001_initial"),
        ("governance", "0001_initial"),
        ("projects", "__first__"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
