"""Tables' own tokens, kept by database triggers: a page's part cached under the tables it is read from.

A page computed afresh after a change recomputes every part of it, though most writes leave most tables
alone: a member's description saved changes neither the awards nor the days members joined and left. A
part read from a few tables (`track()`ed by their app) can be kept in the cache under those tables'
tokens (`cached()`): one query reads them, and the part is computed only when one of them has changed.

Each tracked table has a token (`TableVersion`), renewed by a trigger on every statement that writes
the table, by any way in (the ORM, `QuerySet.update()`, bulk writes, raw SQL, other triggers), in the
write's own transaction: a reader sees a new token only together with the rows it stands for. A token
is random, as the registry's revision is, so a rolled-back write never hands out a token that later
stands for other rows. On PostgreSQL the trigger takes the registry revision's row first, the lock
every writer of the registry takes first, so writers of two tables cannot deadlock on the tokens.

The triggers are (re)created after every `migrate` (`ensure_triggers()`), so that a table rebuilt by a
migration (SQLite remakes a table to alter it, dropping its triggers) is tracked again. A table with no
token row (emptied by `flush`) is read afresh each time, never from the cache.
"""

# ruff: noqa: S608 -- the statements are built from the tracked models' own table names

import hashlib
import uuid

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from .revision import ROW

# Unused parts only return their memory: their keys change with the tables, never with time.
TIMEOUT = 24 * 60 * 60

_tracked: set[str] = set()


def track(*models) -> None:
    """Keep a token for each model's table (called from its app's `AppConfig.ready()`)."""
    _tracked.update(model._meta.db_table for model in models)


def tracked() -> frozenset[str]:
    return frozenset(_tracked)


def _tables(models) -> list[str]:
    tables = sorted(model._meta.db_table for model in models)
    untracked = [table for table in tables if table not in _tracked]
    if untracked:
        raise ImproperlyConfigured(
            f"{', '.join(untracked)} has no token: call pagecache.versions.track() for its model in its app's "
            "ready(), or a part cached under it would never change."
        )
    return tables


def tokens(models, using: str = "default") -> dict[str, str]:
    """The tokens of the models' tables (one query); a table without one is left out."""
    return _tokens(_tables(models), using)


def _tokens(tables: list[str], using: str) -> dict[str, str]:
    connection = connections[using]
    placeholders = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, token FROM pagecache_tableversion WHERE name IN ({placeholders})",
            tables,
        )
        return dict(cursor.fetchall())


def cached(name: str, models, compute, using: str = "default"):
    """`compute()`, kept in the cache under `name` and the tokens of the models' tables.

    `name` tells apart the parts read from the same tables (with what they depend on besides them: a
    day); `compute()` returns what pickles (plain data: translate when drawing, not here).
    """
    tables = _tables(models)
    current = _tokens(tables, using)
    if len(current) < len(tables):  # a table emptied with no token since: nothing to key it by
        return compute()
    digest = hashlib.sha256(repr(sorted(current.items())).encode()).hexdigest()
    key = f"pagecache:tables:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


# The triggers


def _trigger(table: str) -> str:
    return f"pagecache_version_{table}"


_RENEW_POSTGRESQL = (
    f"PERFORM 1 FROM pagecache_registryrevision WHERE id = {ROW} FOR UPDATE; "
    "INSERT INTO pagecache_tableversion (name, token) "
    "VALUES (TG_TABLE_NAME, md5(random()::text || clock_timestamp()::text)) "
    "ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;"
)
# PostgreSQL: statement-level triggers, which fire for a statement that wrote no row too (the tallies'
# triggers write their tables with such statements on every write of a member), so the token is renewed
# only when the statement's transition table holds a row. TRUNCATE has none: it always renews.
_TRANSITIONS_POSTGRESQL = {
    "INSERT": "NEW TABLE AS changed_rows",
    "UPDATE": "NEW TABLE AS changed_rows",
    "DELETE": "OLD TABLE AS changed_rows",
    "TRUNCATE": "",
}
_FUNCTIONS_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION pagecache_renew_table_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF EXISTS (SELECT 1 FROM changed_rows) THEN "
    f"{_RENEW_POSTGRESQL} END IF; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION pagecache_renew_table_version_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN {_RENEW_POSTGRESQL} RETURN NULL; END $$",
]


def _create_sql(vendor: str, table: str) -> list[str]:
    trigger = _trigger(table)
    if vendor == "postgresql":
        sql = []
        for operation, transition in _TRANSITIONS_POSTGRESQL.items():
            name = f"{trigger}_{operation.lower()}"
            function = "pagecache_renew_table_version" + ("_truncated" if operation == "TRUNCATE" else "")
            referencing = f"REFERENCING {transition} " if transition else ""
            sql += [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} AFTER {operation} ON {table} {referencing}"
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            ]
        return sql
    renew = (
        f"INSERT INTO pagecache_tableversion (name, token) VALUES ('{table}', lower(hex(randomblob(16)))) "
        "ON CONFLICT (name) DO UPDATE SET token = excluded.token;"
    )
    # SQLite has row-level triggers only: the token is renewed once per row written.
    return [
        f"CREATE TRIGGER IF NOT EXISTS {trigger}_{operation.lower()} AFTER {operation} ON {table} "
        f"FOR EACH ROW BEGIN {renew} END"
        for operation in ("INSERT", "UPDATE", "DELETE")
    ]


def drop_triggers(using: str = "default") -> None:
    """Drop every table's token trigger (and on PostgreSQL their functions): the tokens' table goes."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'pagecache_version_%%'"
            )
            for trigger, table in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            for function in ("pagecache_renew_table_version", "pagecache_renew_table_version_truncated"):
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'pagecache_version_%'")
            for (trigger,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")


def ensure_triggers(sender=None, using: str = "default", **kwargs) -> None:
    """Create the triggers of every tracked table that exists, and renew every token (`post_migrate`)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if "pagecache_tableversion" not in existing:  # migrated away
        return
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            for statement in _FUNCTIONS_POSTGRESQL:
                cursor.execute(statement)
        for table in sorted(_tracked & existing):
            for statement in _create_sql(vendor, table):
                cursor.execute(statement)
    # A migration may have written rows while a table's triggers were gone, or changed how a part is
    # computed: every token is new.
    TableVersion = apps.get_model("pagecache", "TableVersion")  # noqa: N806
    TableVersion.objects.using(using).all().delete()
    TableVersion.objects.using(using).bulk_create(
        [TableVersion(name=table, token=uuid.uuid4().hex) for table in sorted(_tracked & existing)]
    )
