"""Fixtures shared by every app's tests."""

import uuid

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _russian_by_default():
    # Each test starts in the site's default language, whatever the previous one activated.
    with translation.override("ru"):
        yield


SESSION_KEY_PREFIX = f"test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(autouse=True)
def _empty_page_cache(request):
    # The page cache (and the downloads' cache) outlive a test: a test's rolled-back data must not answer
    # the next test. A process's own memory is cleared; a shared Redis (DJANGO_CACHE_URL, as CI runs the
    # page-cache tests) is never flushed, since other runs may share it: each test gets key prefixes of
    # its own under the session's, and the session deletes its keys at the end (`_forget_redis_keys`).
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        cache = caches[alias]
        if _is_redis(cache):
            cache.key_prefix = f"{SESSION_KEY_PREFIX}:{uuid.uuid4().hex[:8]}:{alias}"
        else:
            cache.clear()
    yield
    for cache in caches.all():
        if not _is_redis(cache):
            cache.clear()


def _is_redis(cache) -> bool:
    from django.core.cache.backends.redis import RedisCache

    return isinstance(cache, RedisCache)


@pytest.fixture(scope="session", autouse=True)
def _forget_redis_keys():
    yield
    from django.core.cache import caches

    for cache in caches.all():
        if _is_redis(cache):
            client = cache._cache.get_client(write=True)
            for key in client.scan_iter(match=f"{SESSION_KEY_PREFIX}:*", count=1000):
                client.delete(key)


@pytest.fixture(autouse=True)
def _own_lock_folder(tmp_path, monkeypatch):
    # The heavy jobs' file locks (pagecache.bounded, on SQLite) live in the system's temporary folder,
    # which test runs in parallel (and other checkouts) share; each test takes its own.
    from pagecache import bounded

    monkeypatch.setattr(bounded, "LOCK_FOLDER", tmp_path / "locks")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Production uses WhiteNoise's manifest, which needs collectstatic; tests read the source files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a superuser (staff with every permission)."""
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-test-password-1")
    client.force_login(user)
    return client


@pytest.fixture
def is_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(scope="session", autouse=True)
def _database_features_known(django_db_setup, django_db_blocker):
    # Django asks SQLite once per connection whether it has JSON (a savepoint and a query), the first
    # time a JSON expression is built: counted in whichever test comes first, it would make query pins
    # depend on the order of the tests.
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            assert connection.features.supports_json_field in (True, False)


@pytest.fixture(autouse=True)
def _membership_state_brought_to_today():
    # Test rows are written with today's membership state (sync_summaries). The first request of a day
    # brings older rows to it with one UPDATE (members.middleware); without this, that query would fall on
    # whichever test comes first and count among its queries. Tests that change the day still see it.
    from django.utils import timezone

    from members import querysets

    querysets._state_day["default"] = timezone.localdate()
