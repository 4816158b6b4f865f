"""The revision's table takes this app's name (`pagecache_registryrevision`), its rows kept; reversible."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pagecache", "0001_initial"),
        # After members has let go of the model: no step where two models claim the renamed table.
        ("members", "0004_registry_revision_moved_to_pagecache"),
    ]

    operations = [
        migrations.AlterModelTable(name="registryrevision", table=None),
    ]
