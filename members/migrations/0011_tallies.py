"""The tallies of public members (members.tallies) and the triggers that keep them, filled from the members.

The triggers are SQL of each database's own: PostgreSQL functions in PL/pgSQL, SQLite triggers whose
statements each carry the condition an IF would. Both add a row's new contribution and take away its old
one, so every way of writing (the ORM, QuerySet.update(), bulk_create(), raw SQL) keeps the tallies.
"""

# ruff: noqa: S608 -- every statement is built from this module's own constant table and column names

from django.db import migrations, models

KEY = "country, region, member_type, incubator_status, incubator"


def _dims(row: str) -> str:
    return (
        f"{row}.country, COALESCE({row}.region_id, 0), {row}.member_type, {row}.incubator_status, "
        f"COALESCE({row}.incubator_id, 0)"
    )


def _match(row: str) -> str:
    return (
        f"country = {row}.country AND region = COALESCE({row}.region_id, 0) AND member_type = {row}.member_type "
        f"AND incubator_status = {row}.incubator_status AND incubator = COALESCE({row}.incubator_id, 0)"
    )


def _public(row: str) -> str:
    return f"{row}.is_published AND {row}.current_since IS NOT NULL"


def _reported(row: str, vendor: str) -> str:
    return f"({row}.headcount IS NOT NULL)::int" if vendor == "postgresql" else f"({row}.headcount IS NOT NULL)"


def member_out(row: str, vendor: str, condition: str) -> list[str]:
    """Take a member's contribution out of the tallies (where `condition` holds)."""
    return [
        f"UPDATE members_publictally SET members = members - 1, reported = reported - {_reported(row, vendor)}, "
        f"headcount = headcount - COALESCE({row}.headcount, 0) WHERE {condition} AND {_match(row)}",
        "UPDATE members_sectortally SET members = members - 1 WHERE "
        f"{condition} AND sector IN (SELECT sector_id FROM members_member_sectors WHERE member_id = {row}.id) "
        f"AND {_match(row)}",
    ]


def member_in(row: str, vendor: str, condition: str) -> list[str]:
    """Add a member's contribution to the tallies (where `condition` holds)."""
    return [
        f"INSERT INTO members_publictally ({KEY}, members, reported, headcount) "
        f"SELECT {_dims(row)}, 1, {_reported(row, vendor)}, COALESCE({row}.headcount, 0) WHERE {condition} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET members = members_publictally.members + 1, "
        "reported = members_publictally.reported + excluded.reported, "
        "headcount = members_publictally.headcount + excluded.headcount",
        f"INSERT INTO members_sectortally (sector, {KEY}, members) "
        f"SELECT s.sector_id, {_dims(row)}, 1 FROM members_member_sectors s WHERE s.member_id = {row}.id AND {condition} "
        f"ON CONFLICT (sector, {KEY}) DO UPDATE SET members = members_sectortally.members + 1",
    ]


def periods_of_member(row: str, sign: str, condition: str) -> list[str]:
    """Add (sign 1) or take away (sign -1) every period of the member `row` from the days' tally."""
    return [
        "INSERT INTO members_perioddaytally (day, joinings, leavings) "
        f"SELECT joined_on, {sign}, 0 FROM members_membershipperiod WHERE member_id = {row}.id AND {condition} "
        "ON CONFLICT (day) DO UPDATE SET joinings = members_perioddaytally.joinings + excluded.joinings",
        "INSERT INTO members_perioddaytally (day, joinings, leavings) "
        f"SELECT left_on, 0, {sign} FROM members_membershipperiod WHERE member_id = {row}.id "
        f"AND left_on IS NOT NULL AND {condition} "
        "ON CONFLICT (day) DO UPDATE SET leavings = members_perioddaytally.leavings + excluded.leavings",
    ]


def period(row: str, sign: str) -> list[str]:
    """Add or take away one period (`row`) of a published member."""
    published = f"EXISTS (SELECT 1 FROM members_member m WHERE m.id = {row}.member_id AND m.is_published)"
    return [
        f"INSERT INTO members_perioddaytally (day, joinings, leavings) SELECT {row}.joined_on, {sign}, 0 "
        f"WHERE {published} ON CONFLICT (day) DO UPDATE SET "
        "joinings = members_perioddaytally.joinings + excluded.joinings",
        f"INSERT INTO members_perioddaytally (day, joinings, leavings) SELECT {row}.left_on, 0, {sign} "
        f"WHERE {row}.left_on IS NOT NULL AND {published} ON CONFLICT (day) DO UPDATE SET "
        "leavings = members_perioddaytally.leavings + excluded.leavings",
    ]


def sector_link(row: str, sign: str) -> list[str]:
    """Add or take away one member's link to a sector (`row`, a row of the many-to-many table)."""
    member = f"FROM members_member m WHERE m.id = {row}.member_id AND m.is_published AND m.current_since IS NOT NULL"
    return [
        f"INSERT INTO members_sectortally (sector, {KEY}, members) SELECT {row}.sector_id, {_dims('m')}, {sign} "
        f"{member} ON CONFLICT (sector, {KEY}) DO UPDATE SET members = members_sectortally.members + excluded.members"
    ]


# The member columns the tallies read: an UPDATE that changes none of them leaves the tallies alone.
WATCHED = ("is_published", "country", "region_id", "member_type", "incubator_status", "incubator_id", "headcount")


def _changed(vendor: str) -> str:
    distinct = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    changes = [f"OLD.{column} {distinct} NEW.{column}" for column in WATCHED]
    changes.append(f"(OLD.current_since IS NULL) {distinct} (NEW.current_since IS NULL)")
    return " OR ".join(changes)


def _published_changed(vendor: str) -> str:
    return (
        "OLD.is_published IS DISTINCT FROM NEW.is_published"
        if vendor == "postgresql"
        else ("OLD.is_published IS NOT NEW.is_published")
    )


def member_body(operation: str, vendor: str) -> list[str]:
    statements = []
    if operation in ("UPDATE", "DELETE"):
        statements += member_out("OLD", vendor, _public("OLD"))
    if operation in ("UPDATE", "INSERT"):
        statements += member_in("NEW", vendor, _public("NEW"))
    if operation == "UPDATE":  # periods count while their member is published
        statements += periods_of_member("OLD", "-1", f"OLD.is_published AND ({_published_changed(vendor)})")
        statements += periods_of_member("NEW", "1", f"NEW.is_published AND ({_published_changed(vendor)})")
    return statements


TABLES = {
    # name: (table, {operation: statements(vendor)})
    "member": (
        "members_member",
        {
            operation: (lambda vendor, operation=operation: member_body(operation, vendor))
            for operation in ("INSERT", "UPDATE", "DELETE")
        },
    ),
    "period": (
        "members_membershipperiod",
        {
            "INSERT": lambda vendor: period("NEW", "1"),
            "UPDATE": lambda vendor: period("OLD", "-1") + period("NEW", "1"),
            "DELETE": lambda vendor: period("OLD", "-1"),
        },
    ),
    "sector": (
        "members_member_sectors",
        {
            "INSERT": lambda vendor: sector_link("NEW", "1"),
            "UPDATE": lambda vendor: sector_link("OLD", "-1") + sector_link("NEW", "1"),
            "DELETE": lambda vendor: sector_link("OLD", "-1"),
        },
    ),
}


def create_sql(vendor: str) -> list[str]:
    sql = []
    for name, (table, bodies) in TABLES.items():
        for operation, body in bodies.items():
            trigger = f"members_tally_{name}_{operation.lower()}"
            when = f" WHEN ({_changed(vendor)})" if (name, operation) == ("member", "UPDATE") else ""
            statements = body(vendor)
            if vendor == "postgresql":
                sql.append(
                    f"CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + " ".join(f"{statement};" for statement in statements)
                    + " RETURN NULL; END $$"
                )
                sql.append(
                    f"CREATE TRIGGER {trigger} AFTER {operation} ON {table} FOR EACH ROW{when} "
                    f"EXECUTE FUNCTION {trigger}()"
                )
            else:
                sql.append(
                    f"CREATE TRIGGER {trigger} AFTER {operation} ON {table} FOR EACH ROW{when} BEGIN "
                    + " ".join(f"{statement};" for statement in statements)
                    + " END"
                )
    return sql


def drop_sql(vendor: str) -> list[str]:
    sql = []
    for name, (table, bodies) in TABLES.items():
        for operation in bodies:
            trigger = f"members_tally_{name}_{operation.lower()}"
            if vendor == "postgresql":
                sql += [f"DROP TRIGGER IF EXISTS {trigger} ON {table}", f"DROP FUNCTION IF EXISTS {trigger}()"]
            else:
                sql.append(f"DROP TRIGGER IF EXISTS {trigger}")
    return sql


PUBLIC = "m.is_published AND m.current_since IS NOT NULL"
FILL = (
    f"INSERT INTO members_publictally ({KEY}, members, reported, headcount) "
    f"SELECT {_dims('m')}, COUNT(*), COUNT(m.headcount), COALESCE(SUM(m.headcount), 0) "
    f"FROM members_member m WHERE {PUBLIC} GROUP BY 1, 2, 3, 4, 5",
    f"INSERT INTO members_sectortally (sector, {KEY}, members) SELECT s.sector_id, {_dims('m')}, COUNT(*) "
    f"FROM members_member m JOIN members_member_sectors s ON s.member_id = m.id WHERE {PUBLIC} "
    "GROUP BY 1, 2, 3, 4, 5, 6",
    "INSERT INTO members_perioddaytally (day, joinings, leavings) SELECT day, SUM(joinings), SUM(leavings) FROM ("
    "SELECT p.joined_on AS day, 1 AS joinings, 0 AS leavings FROM members_membershipperiod p "
    "JOIN members_member m ON m.id = p.member_id WHERE m.is_published "
    "UNION ALL SELECT p.left_on, 0, 1 FROM members_membershipperiod p "
    "JOIN members_member m ON m.id = p.member_id WHERE m.is_published AND p.left_on IS NOT NULL"
    ") AS days GROUP BY day",
)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in [*create_sql(vendor), *FILL]:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_member_membership_state"),
    ]

    operations = [
        migrations.CreateModel(
            name="PeriodDayTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True, verbose_name="day")),
                ("joinings", models.IntegerField(default=0, verbose_name="periods begun")),
                ("leavings", models.IntegerField(default=0, verbose_name="periods ended")),
            ],
            options={
                "verbose_name": "tally of membership periods per day",
                "verbose_name_plural": "tallies of membership periods per day",
            },
        ),
        migrations.CreateModel(
            name="PublicTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("country", models.CharField(max_length=2, verbose_name="country")),
                ("region", models.PositiveIntegerField(verbose_name="region")),
                ("member_type", models.CharField(max_length=20, verbose_name="member type")),
                ("incubator_status", models.CharField(max_length=10, verbose_name="incubator status")),
                ("incubator", models.PositiveIntegerField(verbose_name="incubator")),
                ("members", models.IntegerField(default=0, verbose_name="members")),
                ("reported", models.IntegerField(default=0, verbose_name="members who reported their headcount")),
                ("headcount", models.BigIntegerField(default=0, verbose_name="headcount")),
            ],
            options={
                "verbose_name": "tally of public members",
                "verbose_name_plural": "tallies of public members",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("country", "region", "member_type", "incubator_status", "incubator"),
                        name="public_tally_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SectorTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sector", models.PositiveIntegerField(verbose_name="sector")),
                ("country", models.CharField(max_length=2, verbose_name="country")),
                ("region", models.PositiveIntegerField(verbose_name="region")),
                ("member_type", models.CharField(max_length=20, verbose_name="member type")),
                ("incubator_status", models.CharField(max_length=10, verbose_name="incubator status")),
                ("incubator", models.PositiveIntegerField(verbose_name="incubator")),
                ("members", models.IntegerField(default=0, verbose_name="members")),
            ],
            options={
                "verbose_name": "tally of public members per sector",
                "verbose_name_plural": "tallies of public members per sector",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("sector", "country", "region", "member_type", "incubator_status", "incubator"),
                        name="sector_tally_key",
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
