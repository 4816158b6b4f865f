"""The tallies of the figures as of a past day (members.as_of), and the triggers that queue the members whose
figures may have changed.

Each trigger only puts a member's id in the queue (`members_asofstale`); `members.as_of.settle()` brings
its steps up to date. On PostgreSQL they are statement-level, over the statement's transition tables, and
first take the registry revision's row as the tallies' triggers do (migration 0012), so a settle, which
takes that row too, never reads a member whose writer has not committed. All members are queued here;
the daily `refresh_membership` command (or the task a page sets off when it finds too many) settles them.
"""

# ruff: noqa: S608 -- every statement is built from this module's own constant table and column names

import django.db.models.deletion
from django.db import migrations, models

QUEUE = "members_asofstale"
# The member columns the figures read: an UPDATE that changes none of them queues nobody.
WATCHED = (
    "is_published",
    "country",
    "region_id",
    "member_type",
    "incubator_status",
    "incubator_id",
    "incubator_from_year",
)
LOCK = "PERFORM 1 FROM pagecache_registryrevision WHERE id = 1 FOR UPDATE"
# (table, operation): PostgreSQL's SELECT of the member ids to queue, over the transition tables.
POSTGRESQL = {
    ("members_member", "INSERT"): "SELECT id FROM new_rows",
    ("members_member", "UPDATE"): "SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE "
    + " OR ".join(f"o.{column} IS DISTINCT FROM n.{column}" for column in WATCHED),
    ("members_member", "DELETE"): "SELECT id FROM old_rows",
    **{
        (table, operation): rows
        for table in ("members_membershipperiod", "members_headcountreport")
        for operation, rows in (
            ("INSERT", "SELECT member_id FROM new_rows"),
            ("UPDATE", "SELECT member_id FROM old_rows UNION SELECT member_id FROM new_rows"),
            ("DELETE", "SELECT member_id FROM old_rows"),
        )
    },
}
# SQLite: row-level triggers, (table, operation): (the ids to queue, the trigger's condition).
SQLITE = {
    ("members_member", "INSERT"): (["NEW.id"], ""),
    ("members_member", "UPDATE"): (["NEW.id"], " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in WATCHED)),
    ("members_member", "DELETE"): (["OLD.id"], ""),
    **{
        (table, operation): (ids, "")
        for table in ("members_membershipperiod", "members_headcountreport")
        for operation, ids in (
            ("INSERT", ["NEW.member_id"]),
            ("UPDATE", ["OLD.member_id", "NEW.member_id"]),
            ("DELETE", ["OLD.member_id"]),
        )
    },
}
NAMES = {"members_member": "member", "members_membershipperiod": "period", "members_headcountreport": "headcount"}


def _name(table: str, operation: str) -> str:
    return f"members_as_of_{NAMES[table]}_{operation.lower()}"


def create_sql(vendor: str) -> list[str]:
    sql = []
    if vendor == "postgresql":
        for (table, operation), rows in POSTGRESQL.items():
            trigger = _name(table, operation)
            transitions = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows"}.get(
                operation, "OLD TABLE AS old_rows NEW TABLE AS new_rows"
            )
            queue = f"INSERT INTO {QUEUE} (member_id) {rows} ON CONFLICT DO NOTHING"
            sql.append(
                f"CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {LOCK}; {queue}; "
                "RETURN NULL; END $$"
            )
            sql.append(
                f"CREATE TRIGGER {trigger} AFTER {operation} ON {table} REFERENCING {transitions} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {trigger}()"
            )
        return sql
    for (table, operation), (ids, condition) in SQLITE.items():
        when = f" WHEN ({condition})" if condition else ""
        body = " ".join(f"INSERT OR IGNORE INTO {QUEUE} (member_id) VALUES ({value});" for value in ids)
        sql.append(
            f"CREATE TRIGGER {_name(table, operation)} AFTER {operation} ON {table} FOR EACH ROW{when} BEGIN {body} END"
        )
    return sql


def drop_sql(vendor: str) -> list[str]:
    sql = []
    for table, operation in POSTGRESQL:
        trigger = _name(table, operation)
        if vendor == "postgresql":
            sql += [f"DROP TRIGGER IF EXISTS {trigger} ON {table}", f"DROP FUNCTION IF EXISTS {trigger}()"]
        else:
            sql.append(f"DROP TRIGGER IF EXISTS {trigger}")
    return sql


def create_triggers(apps, schema_editor):
    for statement in create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)
    schema_editor.execute(f"INSERT INTO {QUEUE} (member_id) SELECT id FROM members_member", params=None)


def drop_triggers(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0013_member_directory_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="AsOfStale",
            fields=[
                ("member_id", models.PositiveBigIntegerField(primary_key=True, serialize=False, verbose_name="member")),
            ],
            options={
                "verbose_name": "member whose figures are to be brought up to date",
                "verbose_name_plural": "members whose figures are to be brought up to date",
            },
        ),
        migrations.CreateModel(
            name="AsOfGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("country", models.CharField(max_length=2, verbose_name="country")),
                ("region", models.PositiveIntegerField(verbose_name="region")),
                ("member_type", models.CharField(max_length=20, verbose_name="member type")),
                ("incubator_status", models.CharField(max_length=10, verbose_name="incubator status")),
                ("incubator", models.PositiveIntegerField(verbose_name="incubator")),
            ],
            options={
                "verbose_name": "group of the figures as of a day",
                "verbose_name_plural": "groups of the figures as of a day",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("country", "region", "member_type", "incubator_status", "incubator"),
                        name="as_of_group_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="AsOfEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("members", models.IntegerField(default=0, verbose_name="members")),
                ("reported", models.IntegerField(default=0, verbose_name="members who reported their headcount")),
                ("headcount", models.BigIntegerField(default=0, verbose_name="headcount")),
                ("in_incubator", models.IntegerField(default=0, verbose_name="incubator residents and alumni")),
                ("member_id", models.PositiveBigIntegerField(db_index=True, verbose_name="member")),
                ("day", models.DateField(verbose_name="day")),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.asofgroup",
                        verbose_name="group",
                    ),
                ),
            ],
            options={
                "verbose_name": "change of a member's figures",
                "verbose_name_plural": "changes of members' figures",
                "indexes": [models.Index(fields=["group", "day"], name="as_of_event_group_day")],
            },
        ),
        migrations.CreateModel(
            name="AsOfDayTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("members", models.IntegerField(default=0, verbose_name="members")),
                ("reported", models.IntegerField(default=0, verbose_name="members who reported their headcount")),
                ("headcount", models.BigIntegerField(default=0, verbose_name="headcount")),
                ("in_incubator", models.IntegerField(default=0, verbose_name="incubator residents and alumni")),
                ("day", models.DateField(verbose_name="day")),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.asofgroup",
                        verbose_name="group",
                    ),
                ),
            ],
            options={
                "verbose_name": "change of the figures on a day",
                "verbose_name_plural": "changes of the figures per day",
                "indexes": [models.Index(fields=["day"], name="as_of_day_day")],
                "constraints": [models.UniqueConstraint(fields=("group", "day"), name="as_of_day_key")],
            },
        ),
        migrations.CreateModel(
            name="AsOfCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("members", models.IntegerField(default=0, verbose_name="members")),
                ("reported", models.IntegerField(default=0, verbose_name="members who reported their headcount")),
                ("headcount", models.BigIntegerField(default=0, verbose_name="headcount")),
                ("in_incubator", models.IntegerField(default=0, verbose_name="incubator residents and alumni")),
                ("month", models.DateField(verbose_name="first day of the month")),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.asofgroup",
                        verbose_name="group",
                    ),
                ),
            ],
            options={
                "verbose_name": "figures at the start of a month",
                "verbose_name_plural": "figures at the start of each month",
                "constraints": [models.UniqueConstraint(fields=("group", "month"), name="as_of_checkpoint_key")],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
