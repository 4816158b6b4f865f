"""The registry revision moves here from `members` (members 0003 created its table): state only, no SQL.

The content type moves with the model, so that its permissions keep their rows and no stale type is left.
"""

from django.db import migrations, models


def _move_content_type(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    if not types.filter(app_label=target, model="registryrevision").exists():
        types.filter(app_label=source, model="registryrevision").update(app_label=target)


def forwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "members", "pagecache")


def backwards(apps, schema_editor):
    _move_content_type(apps, schema_editor, "pagecache", "members")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0003_registry_revision"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RegistryRevision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("token", models.CharField(max_length=32, verbose_name="token")),
                        ("changed_at", models.DateTimeField(verbose_name="changed")),
                    ],
                    options={
                        "verbose_name": "registry revision",
                        "verbose_name_plural": "registry revisions",
                        "ordering": ["id"],
                        "db_table": "members_registryrevision",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
