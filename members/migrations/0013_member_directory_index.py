"""An index the public directory's page of ids is read from alone, instead of the members' wide rows.

`members.filters.directory_queryset()` narrows the public members (published, current today) by country,
type, region and incubator status and orders them by name, headcount or date of joining, then id; the
directory sorts only the matching ids before fetching its 25 rows (`MemberListView.paginate_queryset`).
This partial index holds every column that query reads, so PostgreSQL answers it by an index-only scan
(at 100,000 members the middle page of Russia's companies: 93 ms over the table, 25 ms over the index).
PostgreSQL keeps the columns only read as non-key columns (INCLUDE); SQLite, which has no INCLUDE, as
trailing key columns, which makes the index covering there too. Not in `Member.Meta.indexes`: Django
would warn on SQLite that it has no INCLUDE (models.W040).
"""

from django.db import migrations

NAME = "member_directory"
KEYS = "country, member_type, headcount, joined_on"
READ = "id, name_ru, name_en, region_id, incubator_status, current_from"
PUBLIC_TODAY = "is_published AND current_since IS NOT NULL"  # MemberQuerySet.public()


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        columns = f"({KEYS}) INCLUDE ({READ})"
    else:  # SQLite reads the columns of the index's own condition too: they are keys as well
        columns = f"({KEYS}, {READ}, is_published, current_since)"
    schema_editor.execute(f"CREATE INDEX {NAME} ON members_member {columns} WHERE {PUBLIC_TODAY}")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("members", "0012_tallies")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
