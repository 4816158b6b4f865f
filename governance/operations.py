"""The database's own guard against overlapping chairmanship terms, on PostgreSQL.

Each month is split into two half-month slots (month index i gives slots 2i and 2i+1). A term of
several months claims the slots from the second half of its first month to the first half of
its last month, [2·first + 1, 2·last); a one-month term claims the first half of its month,
[2·first, 2·first + 1). So a term ending in a month and one beginning in it (a hand-over) only
touch, whereas a term beginning in the same month as another, inside or around it, or one month
too far, claim a common slot and are refused. This is `querysets.colliding()` in SQL; the
month index ignores the day, so a raw insert of a mid-month date is still judged by its month.

A range over integers needs no extension (GiST indexes ranges natively; btree_gist would only be
needed to compare a plain column such as the country, and the rule does not). SQLite has no
exclusion constraints: there `services.chair_term_save()` checks inside the write's transaction,
which SQLite serialises (the connection begins IMMEDIATE transactions).

The constraint lives outside Django's model state, so `makemigrations` sees the same models on
every database and the SQLite schema is untouched.
"""

from django.db import migrations

CONSTRAINT_NAME = "chairterm_no_overlap"

_MONTH = "(EXTRACT(YEAR FROM {col})::integer * 12 + EXTRACT(MONTH FROM {col})::integer - 1)"
_FIRST, _LAST = _MONTH.format(col="first_month"), _MONTH.format(col="last_month")
SLOTS = (
    f"(CASE WHEN {_FIRST} < {_LAST} THEN int4range(2 * {_FIRST} + 1, 2 * {_LAST}) "
    f"ELSE int4range(2 * {_FIRST}, 2 * {_FIRST} + 1) END)"
)


class AddChairTermNoOverlap(migrations.operations.base.Operation):
    """Add the exclusion constraint on PostgreSQL; do nothing on other databases."""

    reversible = True
    reduces_to_sql = True

    def state_forwards(self, app_label, state):
        pass  # not part of the model state: see the module docstring

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(to_state.apps.get_model(app_label, "ChairTerm")._meta.db_table)
            schema_editor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {CONSTRAINT_NAME} EXCLUDE USING gist ({SLOTS} WITH &&)"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(from_state.apps.get_model(app_label, "ChairTerm")._meta.db_table)
            schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {CONSTRAINT_NAME}")

    def describe(self):
        return "Refuse overlapping chairmanship terms (PostgreSQL exclusion constraint)"

    @property
    def migration_name_fragment(self):
        return "chairterm_no_overlap"
