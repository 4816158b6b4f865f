"""One search for every admin list with a search box: each word of the term, in any case and alphabet.

SQLite's LIKE, and so Django's `icontains`, folds only ASCII letters: there «председатель» would not
find «Председатель». `FoldedSearchMixin` compares folded text with the folded term instead, on every
database, and otherwise leaves the search to Django (words and quoted phrases, `^`/`=` prefixes,
duplicates from joins), so an admin lists its fields in `search_fields` as usual:

- a plain text field (`"title_ru"`, `"member__name_en"`) is searched folded: `<field>__folded__contains`;
- a field written with its lookup (`"search_text__contains"`, `"registration_number__icontains"`)
  is searched as written, with the folded term. Use it for a column the model keeps folded already
  (`Member.search_text`: the member list must stay fast at 100,000 rows, and a function per row on
  SQLite costs a Python call per row: counting one word's matches among 100,000 members took 69 ms
  on the folded column and 430 ms through the function over four fields) and for ASCII codes, which
  every database folds.

The `folded` transform is LOWER() with «ё» read as «е» on PostgreSQL (whose LOWER() follows the
database's locale), and on SQLite the function `registry_fold`, which is `members.text.fold`
itself, registered on every new connection by `install()` (called from `MembersConfig.ready()`).
"""

from django.db import connections, models
from django.db.backends.signals import connection_created

from .text import fold

SQLITE_FUNCTION = "registry_fold"
EXPLICIT_LOOKUPS = {"contains", "icontains", "exact", "iexact", "startswith", "istartswith"}


class Folded(models.Transform):
    """`<text field>__folded`: the text folded as `members.text.fold` folds it."""

    lookup_name = "folded"
    function = "LOWER"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "TRANSLATE(LOWER(%(expressions)s), 'ё', 'е')"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def _fold_or_null(text):
    return None if text is None else fold(str(text))


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _fold_or_null, deterministic=True)


def install() -> None:
    """Make `__folded` available on text fields, and its function on SQLite connections."""
    models.CharField.register_lookup(Folded)
    models.TextField.register_lookup(Folded)
    connection_created.connect(register_sqlite_function, dispatch_uid="members.admin_search.fold")
    for connection in connections.all(initialized_only=True):  # any opened before the apps were ready
        if connection.connection is not None:
            register_sqlite_function(None, connection)


def folded_search_field(entry: str) -> str:
    """The lookup Django's admin search gets for one entry of `search_fields`."""
    if entry[:1] in "^=@" or entry.rsplit("__", 1)[-1] in EXPLICIT_LOOKUPS:
        return entry
    return f"{entry}__folded__contains"


class FoldedSearchMixin:
    """For a ModelAdmin: `search_fields` matched in any case and alphabet on every database (see above)."""

    def get_search_fields(self, request):
        return [folded_search_field(str(entry)) for entry in super().get_search_fields(request)]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))
