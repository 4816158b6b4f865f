"""The registry's revision, and the public pages cached under it.

Every write to the registry's data changes one token (`bump()`): model saves, deletions and
many-to-many changes in the apps that `watch()` (members, governance, projects) through signals, and
the bulk paths that bypass signals (`MemberQuerySet.sync_summaries()`, the spreadsheet import) by
calling `bump()` themselves; so does every `migrate`. A public page's response is cached under the
token, the day (who is current depends on it), the language and the full path
(`pagecache.decorators.cache_public_page`): a page is computed once per change of the data, and a
change is visible at once, on every process, with no expiry to wait for. Visitors who are logged in
always get a freshly computed page.

The apps call in; this app calls out to none of them (the pattern of `django.contrib.sites`, which
owns the cache of its sites): an app asks to be watched from its `AppConfig.ready()`, and asking
without `pagecache` installed is a configuration error, not a cache that silently never changes.

Most pages are keyed by that one token. A page keyed by rows of its own (a member's page,
`members.page_cache`) is keyed instead by its own token, which its app keeps, and the revision's
*shared* token, which every write changes except those its app has narrowed: `narrow(model, renew)`
hands a watched model's changes to `renew(**signal)`, which renews the tokens of the pages the change
shows on and returns True (the revision is bumped, the shared token kept), or returns False (both are
bumped). Narrowing is opt-in, model by model: a write nobody narrowed drops every page, so a forgotten
dependency costs time, never a stale page.

The token is one row, so on PostgreSQL a write transaction holds that row's lock from its first
change to its commit and concurrent writers queue there (SQLite queues every writer anyway). Writes
here are short; the long one, the import, bumps as its last statement so that it holds the lock for
no longer than its commit.
"""

import uuid
from collections.abc import Callable

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

ROW = 1
# Watched models (or many-to-many tables) whose changes renew only the pages they show on: model -> renew.
_narrowed: dict[type, Callable[..., bool]] = {}


def _model():
    from .models import RegistryRevision

    return RegistryRevision


def token(using: str = "default") -> str:
    """The current revision token (one query); empty before the first migration wrote it."""
    # Read on every cached page view, in plain SQL: building the ORM query costs several times what
    # the database takes to answer it.
    connection = connections[using]
    table = connection.ops.quote_name(_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [ROW])  # noqa: S608 (our own table's name)
        row = cursor.fetchone()
    return row[0] if row else ""


def bump(using: str | None = None, *, shared: bool = True) -> None:
    """Give the registry a new revision: every page cached so far is stale from this transaction's commit.

    With `shared=False` the pages keyed by their own tokens stay (the caller renewed those it changed).
    """
    model = _model()
    using = using or router.db_for_write(model)
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if shared:
        values["shared_token"] = uuid.uuid4().hex
    # A random token, not a counter: a rolled-back transaction can never hand out a token used before.
    if not model.objects.using(using).filter(pk=ROW).update(**values):
        model.objects.using(using).bulk_create([model(pk=ROW, **values)], ignore_conflicts=True)


def narrow(model, renew: Callable[..., bool]) -> None:
    """Hand the changes of `model` (a watched model, or a many-to-many table) to `renew(**signal)`.

    `renew` gets the signal's arguments (`signal`, `sender`, `instance`, `using`, and for a relinking
    `action`, `reverse`, `pk_set`), renews the own tokens of the pages the change shows on and returns
    True; returning False (a change it cannot place) drops every page, as without narrowing.
    """
    _narrowed[model] = renew


def narrowed() -> dict[type, Callable[..., bool]]:
    """The models whose changes renew only their own pages (a copy, for the tests that check them)."""
    return dict(_narrowed)


def _changed(sender, using=None, **kwargs):
    if not kwargs.get("action", "post_").startswith("post_"):
        return
    renew = _narrowed.get(sender)
    bump(using, shared=not (renew is not None and renew(sender=sender, using=using, **kwargs)))


def bump_after_migrate(sender, using="default", **kwargs):
    """Bump once `migrate` is done (connected to this app's `post_migrate` by `PagecacheConfig`)."""
    # Data migrations write without signals, and a deploy may change how pages look. After migrating
    # this app (or the apps its table came from) away, the table is gone and there is nothing to bump.
    if _model()._meta.db_table in connections[using].introspection.table_names():
        bump(using)


def watch(app_config) -> None:
    """Bump the revision whenever a row of one of `app_config`'s models is saved, deleted or relinked."""
    from simple_history.models import HistoricalChanges

    if not apps.is_installed("pagecache"):
        raise ImproperlyConfigured(
            f"The app '{app_config.label}' asks for its changes to renew the cached public pages, but the page "
            "cache is not installed: add 'pagecache' to INSTALLED_APPS."
        )

    for model in app_config.get_models():
        # A history row is written with the row it records, which bumps already; a table derived from the
        # registry by its own upkeep (`members.as_of`) follows writes that bumped already.
        if model is _model() or issubclass(model, HistoricalChanges) or getattr(model, "derived_data", False):
            continue
        uid = f"registry-revision-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")
