"""The revision's shared token: what every page keyed by its own rows (a member's page) also depends on."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pagecache", "0002_registryrevision_table"),
    ]

    operations = [
        migrations.AddField(
            model_name="registryrevision",
            name="shared_token",
            field=models.CharField(default="", max_length=32, verbose_name="shared token"),
        ),
    ]
