"""The registry revision now belongs to `pagecache` (its 0001 took the model over): state only, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_registry_revision"),
        ("pagecache", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RegistryRevision")],
            database_operations=[],
        ),
    ]
