"""The member's page token (members.page_cache): its public page is cached under it; reversible."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_member_membership_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="page_token",
            field=models.CharField(default="", editable=False, max_length=32, verbose_name="page token"),
        ),
    ]
