"""Tables' own tokens (`pagecache.versions`). The triggers that renew them are made after every `migrate`
(`versions.ensure_triggers`, for the tables the apps track); going back drops them with the table they write."""

from django.db import migrations, models


def drop_triggers(apps, schema_editor):
    from pagecache import versions

    versions.drop_triggers(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("pagecache", "0003_registryrevision_shared_token"),
    ]

    operations = [
        migrations.CreateModel(
            name="TableVersion",
            fields=[
                ("name", models.CharField(max_length=63, primary_key=True, serialize=False, verbose_name="table")),
                ("token", models.CharField(max_length=32, verbose_name="token")),
            ],
            options={
                "verbose_name": "table version",
                "verbose_name_plural": "table versions",
            },
        ),
        # Last, so that going back drops the triggers before the table they write.
        migrations.RunPython(migrations.RunPython.noop, drop_triggers, elidable=False),
    ]
