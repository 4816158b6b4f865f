"""Multi-row INSERTs for the import: what `bulk_create` sends, without its per-value work in Python.

`bulk_create` compiles every value of every row through the field's `pre_save`/`get_db_prep_save`
chain, and django-simple-history's `bulk_create_with_history` first builds a model instance for every
history row; for 100,000 members and their history those calls cost more than the database does.
Here each column gets one converter, chosen once (dates and times through the backend's own
adapters, a country as its code; other values go to the driver as they are), and the rows go out as
`INSERT ... VALUES (...), (...)` in batches the backend accepts, with `RETURNING id` where the ids are
needed (PostgreSQL, and SQLite 3.35 or newer, as Django's own bulk insert requires).

Updates go out as one `UPDATE ... FROM (VALUES ...)` per batch (PostgreSQL, and SQLite 3.33 or
newer), where `bulk_update` builds a `CASE WHEN` expression per field and row.

History rows have the columns simple-history gives them: the model's tracked fields, the date, the
change reason, the type (`+` created, `~` changed) and the user.
"""

from django.conf import settings
from django.db import connection
from django_countries.fields import CountryField

MAX_ROWS_PER_STATEMENT = 1000


def _converter(field):
    if isinstance(field, CountryField):
        return lambda value: None if value is None else str(value)
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if internal == "DateField":
        return connection.ops.adapt_datefield_value
    return None


def insert(table: str, columns: list[str], rows: list[tuple], *, returning: str | None = None) -> list:
    """INSERT `rows` into `table`; the values of `returning` for each row, in order, when asked for."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    limit = connection.features.max_query_params or 65_535
    per_statement = max(1, min(MAX_ROWS_PER_STATEMENT, limit // len(columns)))
    # Only table and column names from the models' own metadata go into the SQL; every value is a parameter.
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(column) for column in columns)}) VALUES "  # noqa: S608
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    tail = f" RETURNING {quote(returning)}" if returning else ""
    returned = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(
                head + ", ".join([placeholders] * len(batch)) + tail, [value for row in batch for value in row]
            )
            if returning:
                returned += [row[0] for row in cursor.fetchall()]
    return returned


def _values(objects, fields) -> list[tuple]:
    getters = [(field.attname, _converter(field)) for field in fields]
    return [
        tuple(convert(obj.__dict__[name]) if convert else obj.__dict__[name] for name, convert in getters)
        for obj in objects
    ]


def insert_objects(model, objects: list) -> None:
    """INSERT new instances of `model` and give each its primary key, as `bulk_create` does."""
    fields = [field for field in model._meta.concrete_fields if field is not model._meta.pk]
    ids = insert(
        model._meta.db_table,
        [field.column for field in fields],
        _values(objects, fields),
        returning=model._meta.pk.column,
    )
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def update_objects(model, objects: list, field_names: list[str]) -> None:
    """UPDATE the `field_names` of saved instances of `model` to their values on the instances."""
    if not objects:
        return
    if connection.vendor not in ("postgresql", "sqlite"):
        model._base_manager.bulk_update(objects, field_names)
        return
    fields = [model._meta.get_field(name) for name in field_names]
    rows = [(obj.pk, *values) for obj, values in zip(objects, _values(objects, fields), strict=True)]
    per_statement = max(
        1, min(MAX_ROWS_PER_STATEMENT, (connection.features.max_query_params or 65_535) // len(rows[0]))
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(_update_sql(model, fields, len(batch)), [value for row in batch for value in row])


def _update_sql(model, fields: list, count: int) -> str:
    """UPDATE table SET field = v.field ... FROM (VALUES (pk, value, ...), ...) v WHERE table.pk = v.pk."""
    quote, pk = connection.ops.quote_name, model._meta.pk
    placeholders = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    if connection.vendor == "postgresql":
        # The first row's casts give the VALUES columns their types (a column of NULLs would be text).
        first = "(" + ", ".join(f"%s::{field.db_type(connection)}" for field in [pk, *fields]) + ")"
        names = [f"c{index}" for index in range(len(fields) + 1)]
        source, refs = f"AS v({', '.join(names)})", [f"v.{name}" for name in names]
    else:  # SQLite names the columns of a VALUES list column1, column2, ...
        first, source = placeholders, "AS v"
        refs = [f"v.column{index + 1}" for index in range(len(fields) + 1)]
    table = quote(model._meta.db_table)
    assignments = ", ".join(f"{quote(field.column)} = {ref}" for field, ref in zip(fields, refs[1:], strict=True))
    values = ", ".join([first] + [placeholders] * (count - 1))
    # Only names from the models' metadata go into the SQL; every value is a parameter.
    return (
        f"UPDATE {table} SET {assignments} FROM (VALUES {values}) {source} "  # noqa: S608
        f"WHERE {table}.{quote(pk.column)} = {refs[0]}"
    )


def insert_history(model, objects: list, *, history_type: str, user, reason: str, when) -> None:
    """One simple-history row for each of `objects` (already saved), as `bulk_history_create` writes it."""
    if not objects or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    tracked = list(history.tracked_fields)
    columns = [history._meta.get_field(field.name).column for field in tracked]
    columns += ["history_date", "history_change_reason", "history_type", "history_user_id"]
    extra = (connection.ops.adapt_datetimefield_value(when), reason, history_type, getattr(user, "pk", None))
    rows = [values + extra for values in _values(objects, tracked)]
    insert(history._meta.db_table, columns, rows)
