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


def _match(row: str, table: str = "") -> str:
    """The tally row of the member `row` (its columns qualified by `table` inside a subquery)."""
    t = f"{table}." if table else ""
    return (
        f"{t}country = {row}.country AND {t}region = COALESCE({row}.region_id, 0) "
        f"AND {t}member_type = {row}.member_type AND {t}incubator_status = {row}.incubator_status "
        f"AND {t}incubator = COALESCE({row}.incubator_id, 0)"
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


# Adding upserts a tally row; taking away only updates one that exists, so that emptying the tables in
# any order (Django's flush between tests, a restore) never leaves a negative row behind.


def periods_in(row: str, condition: str) -> list[str]:
    """Add every period of the member `row` to the days' tally."""
    return [
        "INSERT INTO members_perioddaytally (day, joinings, leavings) "
        f"SELECT joined_on, 1, 0 FROM members_membershipperiod WHERE member_id = {row}.id AND {condition} "
        "ON CONFLICT (day) DO UPDATE SET joinings = members_perioddaytally.joinings + excluded.joinings",
        "INSERT INTO members_perioddaytally (day, joinings, leavings) "
        f"SELECT left_on, 0, 1 FROM members_membershipperiod WHERE member_id = {row}.id "
        f"AND left_on IS NOT NULL AND {condition} "
        "ON CONFLICT (day) DO UPDATE SET leavings = members_perioddaytally.leavings + excluded.leavings",
    ]


def periods_out(row: str, condition: str) -> list[str]:
    """Take every period of the member `row` out of the days' tally (a member's periods never share a day)."""
    return [
        "UPDATE members_perioddaytally SET joinings = joinings - 1 WHERE "
        f"{condition} AND day IN (SELECT joined_on FROM members_membershipperiod WHERE member_id = {row}.id)",
        "UPDATE members_perioddaytally SET leavings = leavings - 1 WHERE "
        f"{condition} AND day IN (SELECT left_on FROM members_membershipperiod WHERE member_id = {row}.id)",
    ]


def _of_published(row: str) -> str:
    return f"EXISTS (SELECT 1 FROM members_member m WHERE m.id = {row}.member_id AND m.is_published)"


def period_in(row: str) -> list[str]:
    """Add one period (`row`) of a published member."""
    return [
        f"INSERT INTO members_perioddaytally (day, joinings, leavings) SELECT {row}.joined_on, 1, 0 "
        f"WHERE {_of_published(row)} ON CONFLICT (day) DO UPDATE SET "
        "joinings = members_perioddaytally.joinings + 1",
        f"INSERT INTO members_perioddaytally (day, joinings, leavings) SELECT {row}.left_on, 0, 1 "
        f"WHERE {row}.left_on IS NOT NULL AND {_of_published(row)} ON CONFLICT (day) DO UPDATE SET "
        "leavings = members_perioddaytally.leavings + 1",
    ]


def period_out(row: str) -> list[str]:
    """Take one period (`row`) of a published member away."""
    return [
        f"UPDATE members_perioddaytally SET joinings = joinings - 1 WHERE day = {row}.joined_on "
        f"AND {_of_published(row)}",
        f"UPDATE members_perioddaytally SET leavings = leavings - 1 WHERE day = {row}.left_on AND {_of_published(row)}",
    ]


_PUBLIC_MEMBER = "m.id = {row}.member_id AND m.is_published AND m.current_since IS NOT NULL"


def sector_link_in(row: str) -> list[str]:
    """Add one member's link to a sector (`row`, a row of the many-to-many table)."""
    return [
        f"INSERT INTO members_sectortally (sector, {KEY}, members) SELECT {row}.sector_id, {_dims('m')}, 1 "
        f"FROM members_member m WHERE {_PUBLIC_MEMBER.format(row=row)} "
        f"ON CONFLICT (sector, {KEY}) DO UPDATE SET members = members_sectortally.members + 1"
    ]


def sector_link_out(row: str) -> list[str]:
    """Take one member's link to a sector away."""
    return [
        f"UPDATE members_sectortally SET members = members - 1 WHERE sector = {row}.sector_id AND EXISTS "
        f"(SELECT 1 FROM members_member m WHERE {_PUBLIC_MEMBER.format(row=row)} "
        f"AND {_match('m', table='members_sectortally')})"
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
        statements += periods_out("OLD", f"OLD.is_published AND ({_published_changed(vendor)})")
        statements += periods_in("NEW", f"NEW.is_published AND ({_published_changed(vendor)})")
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
            "INSERT": lambda vendor: period_in("NEW"),
            "UPDATE": lambda vendor: period_out("OLD") + period_in("NEW"),
            "DELETE": lambda vendor: period_out("OLD"),
        },
    ),
    "sector": (
        "members_member_sectors",
        {
            "INSERT": lambda vendor: sector_link_in("NEW"),
            "UPDATE": lambda vendor: sector_link_out("OLD") + sector_link_in("NEW"),
            "DELETE": lambda vendor: sector_link_out("OLD"),
        },
    ),
}


# PostgreSQL: statement-level triggers over the statement's transition tables, so that a bulk write (the
# import's 10,000 rows, `sync_summaries()` over every member, the daily pass) updates each tally row once
# with a grouped sum instead of once per row. Each first locks the registry's revision row, which every
# write transaction takes anyway when it bumps: writers then queue there before any tally row, and two
# writers can never hold tally rows the other waits for (a deadlock).
LOCK = "PERFORM 1 FROM pagecache_registryrevision WHERE id = 1 FOR UPDATE"
GROUP = (
    "country, COALESCE(region_id, 0) AS region, member_type, incubator_status, COALESCE(incubator_id, 0) AS incubator"
)
ON_KEY = (
    "t.country = d.country AND t.region = d.region AND t.member_type = d.member_type "
    "AND t.incubator_status = d.incubator_status AND t.incubator = d.incubator"
)
R_GROUP = (
    "r.country, COALESCE(r.region_id, 0) AS region, r.member_type, r.incubator_status, "
    "COALESCE(r.incubator_id, 0) AS incubator"
)
M_GROUP = R_GROUP.replace("r.", "m.")


def members_out(rows: str) -> list[str]:
    return [
        "UPDATE members_publictally t SET members = t.members - d.members, reported = t.reported - d.reported, "
        "headcount = t.headcount - d.headcount FROM (SELECT "
        f"{GROUP}, COUNT(*) AS members, COUNT(headcount) AS reported, COALESCE(SUM(headcount), 0) AS headcount "
        f"FROM {rows} WHERE is_published AND current_since IS NOT NULL GROUP BY 1, 2, 3, 4, 5) d WHERE {ON_KEY}",
        "UPDATE members_sectortally t SET members = t.members - d.members FROM (SELECT s.sector_id AS sector, "
        f"{R_GROUP}, COUNT(*) AS members FROM {rows} r JOIN members_member_sectors s ON s.member_id = r.id "
        "WHERE r.is_published AND r.current_since IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6) d "
        f"WHERE t.sector = d.sector AND {ON_KEY}",
    ]


def members_in(rows: str) -> list[str]:
    return [
        f"INSERT INTO members_publictally AS t ({KEY}, members, reported, headcount) SELECT "
        f"{GROUP}, COUNT(*), COUNT(headcount), COALESCE(SUM(headcount), 0) FROM {rows} "
        f"WHERE is_published AND current_since IS NOT NULL GROUP BY 1, 2, 3, 4, 5 ON CONFLICT ({KEY}) DO UPDATE SET "
        "members = t.members + excluded.members, reported = t.reported + excluded.reported, "
        "headcount = t.headcount + excluded.headcount",
        f"INSERT INTO members_sectortally AS t (sector, {KEY}, members) SELECT s.sector_id, {R_GROUP}, COUNT(*) "
        f"FROM {rows} r JOIN members_member_sectors s ON s.member_id = r.id "
        "WHERE r.is_published AND r.current_since IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6 "
        f"ON CONFLICT (sector, {KEY}) DO UPDATE SET members = t.members + excluded.members",
    ]


def _days(periods_sql: str) -> list[tuple[str, str]]:
    """(column, grouped rows) of the days begun and ended by the periods `periods_sql` selects as p."""
    return [
        ("joinings", f"SELECT p.joined_on AS day, COUNT(*) AS n {periods_sql} GROUP BY 1"),
        ("leavings", f"SELECT p.left_on AS day, COUNT(*) AS n {periods_sql} AND p.left_on IS NOT NULL GROUP BY 1"),
    ]


def days_out(periods_sql: str) -> list[str]:
    return [
        f"UPDATE members_perioddaytally t SET {column} = t.{column} - d.n FROM ({grouped}) d WHERE t.day = d.day"
        for column, grouped in _days(periods_sql)
    ]


def days_in(periods_sql: str) -> list[str]:
    return [
        f"INSERT INTO members_perioddaytally AS t (day, joinings, leavings) SELECT day, "
        f"{'n' if column == 'joinings' else '0'}, {'n' if column == 'leavings' else '0'} FROM ({grouped}) d "
        f"ON CONFLICT (day) DO UPDATE SET {column} = t.{column} + excluded.{column}"
        for column, grouped in _days(periods_sql)
    ]


def _published_periods(rows: str) -> str:
    return f"FROM {rows} p JOIN members_member m ON m.id = p.member_id WHERE m.is_published"


def _republished(was: str) -> str:
    """The periods of members whose publishing changed in this UPDATE (`was`: published before)."""
    now = "NOT" if was == "" else ""
    return (
        "FROM old_rows o JOIN new_rows nw ON nw.id = o.id JOIN members_membershipperiod p ON p.member_id = o.id "
        f"WHERE {was} o.is_published AND {now} nw.is_published"
    ).replace("  ", " ")


def _links(rows: str) -> str:
    return (
        f"SELECT r.sector_id AS sector, {M_GROUP}, COUNT(*) AS members FROM {rows} r "
        "JOIN members_member m ON m.id = r.member_id WHERE m.is_published AND m.current_since IS NOT NULL "
        "GROUP BY 1, 2, 3, 4, 5, 6"
    )


def links_out(rows: str) -> list[str]:
    return [
        f"UPDATE members_sectortally t SET members = t.members - d.members FROM ({_links(rows)}) d "
        f"WHERE t.sector = d.sector AND {ON_KEY}"
    ]


def links_in(rows: str) -> list[str]:
    return [
        f"INSERT INTO members_sectortally AS t (sector, {KEY}, members) SELECT * FROM ({_links(rows)}) d "
        f"ON CONFLICT (sector, {KEY}) DO UPDATE SET members = t.members + excluded.members"
    ]


POSTGRESQL = {
    # (table, operation): statements over the transition tables old_rows and new_rows
    ("members_member", "INSERT"): lambda: members_in("new_rows"),
    ("members_member", "UPDATE"): lambda: [
        *members_out("old_rows"),
        *members_in("new_rows"),
        *days_out(_republished("")),  # unpublished: its periods no longer count
        *days_in(_republished("NOT")),  # published: they count again
    ],
    ("members_member", "DELETE"): lambda: members_out("old_rows"),
    ("members_membershipperiod", "INSERT"): lambda: days_in(_published_periods("new_rows")),
    ("members_membershipperiod", "UPDATE"): lambda: [
        *days_out(_published_periods("old_rows")),
        *days_in(_published_periods("new_rows")),
    ],
    ("members_membershipperiod", "DELETE"): lambda: days_out(_published_periods("old_rows")),
    ("members_member_sectors", "INSERT"): lambda: links_in("new_rows"),
    ("members_member_sectors", "UPDATE"): lambda: [*links_out("old_rows"), *links_in("new_rows")],
    ("members_member_sectors", "DELETE"): lambda: links_out("old_rows"),
}
NAMES = {"members_member": "member", "members_membershipperiod": "period", "members_member_sectors": "sector"}


def _postgresql_sql() -> list[str]:
    sql = []
    for (table, operation), statements in POSTGRESQL.items():
        trigger = f"members_tally_{NAMES[table]}_{operation.lower()}"
        transitions = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows"}.get(
            operation, "OLD TABLE AS old_rows NEW TABLE AS new_rows"
        )
        body = " ".join(f"{statement};" for statement in [LOCK, *statements()])
        sql.append(
            f"CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$"
        )
        sql.append(
            f"CREATE TRIGGER {trigger} AFTER {operation} ON {table} REFERENCING {transitions} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {trigger}()"
        )
    return sql


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return _postgresql_sql()
    # SQLite: row-level triggers (it has no statement-level ones); an UPDATE that changes none of the
    # columns the tallies read fires none.
    sql = []
    for name, (table, bodies) in TABLES.items():
        for operation, body in bodies.items():
            trigger = f"members_tally_{name}_{operation.lower()}"
            when = f" WHEN ({_changed(vendor)})" if (name, operation) == ("member", "UPDATE") else ""
            sql.append(
                f"CREATE TRIGGER {trigger} AFTER {operation} ON {table} FOR EACH ROW{when} BEGIN "
                + " ".join(f"{statement};" for statement in body(vendor))
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
        ("members", "0011_member_page_token"),
        ("pagecache", "0003_registryrevision_shared_token"),  # its row is the triggers' lock on PostgreSQL
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
