"""The registry's revision, and the public pages cached under it.

Every write to the registry's data changes one token (`bump()`): model saves, deletions and
many-to-many changes in the apps that `watch()` (members, governance, projects) through signals, and
the bulk paths that bypass signals (`MemberQuerySet.sync_summaries()`, the spreadsheet import) by
calling `bump()` themselves; so does every `migrate`. A public page's response is cached under the
token, the day (who is current depends on it), the language and the full path: a page is computed
once per change of the data, and a change is visible at once, on every process, with no expiry to
wait for. Visitors who are logged in always get a freshly computed page.

The token is one row, so on PostgreSQL a write transaction holds that row's lock from its first
change to its commit and concurrent writers queue there (SQLite queues every writer anyway). Writes
here are short; the long one, the import, bumps as its last statement so that it holds the lock for
no longer than its commit.
"""

import functools
import hashlib
import uuid

from django.core.cache import cache
from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

ROW = 1
KEY_PREFIX = "registry-page"
# Cached pages outlive no day (the day is in the key); the timeout only returns unused memory.
TIMEOUT = 24 * 60 * 60


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


def bump(using: str | None = None) -> None:
    """Give the registry a new revision: every page cached so far is stale from this transaction's commit."""
    model = _model()
    using = using or router.db_for_write(model)
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    # A random token, not a counter: a rolled-back transaction can never hand out a token used before.
    if not model.objects.using(using).filter(pk=ROW).update(**values):
        model.objects.using(using).bulk_create([model(pk=ROW, **values)], ignore_conflicts=True)


def _changed(sender, using=None, **kwargs):
    if kwargs.get("action", "post_").startswith("post_"):
        bump(using)


def _migrated(sender, using="default", **kwargs):
    # Data migrations write without signals, and a deploy may change how pages look. After
    # `migrate members zero` the table is gone, and there is nothing to bump.
    if sender.label == "members" and _model()._meta.db_table in connections[using].introspection.table_names():
        bump(using)


def watch(app_config) -> None:
    """Bump the revision whenever a row of one of `app_config`'s models is saved, deleted or relinked."""
    from simple_history.models import HistoricalChanges

    for model in app_config.get_models():
        # A history row is written with the row it records, which bumps already.
        if model is _model() or issubclass(model, HistoricalChanges):
            continue
        uid = f"registry-revision-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")
    if app_config.label == "members":
        post_migrate.connect(_migrated, dispatch_uid="registry-revision-migrate")


def _page_key(request) -> str:
    parts = (token(), timezone.localdate().isoformat(), get_language() or "", request.get_full_path())
    return f"{KEY_PREFIX}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def cache_public_page(view):
    """Serve the view's successful GET responses to anonymous visitors from the cache, keyed by revision.

    A hit costs one query (the token). Only whole 200 responses are kept; headers set later by
    middleware (security, CSP, language) are added afresh on every response.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _page_key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response

    return wrapper
