"""The page cache shared by configuration (cluster_registry/cacheconfig.py, DJANGO_CACHE_URL).

Two "processes" are two cache objects on the same backend: with Redis (as CI runs these tests, and
production with DJANGO_CACHE_URL) a page computed by one is served by the other; a write in between
makes both compute it again, since the revision token in the key comes from the database.
"""

import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from cluster_registry import cacheconfig
from pagecache import decorators
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:member-list")


def test_local_memory_is_the_default_and_redis_is_chosen_by_url():
    local = cacheconfig.caches(url="", key_prefix="x", max_entries=10, download_max_entries=2)
    assert local["default"]["BACKEND"] == cacheconfig.LOCAL_BACKEND
    assert local["downloads"]["OPTIONS"]["MAX_ENTRIES"] == 2
    shared = cacheconfig.caches(
        url="redis://127.0.0.1:6379/3", key_prefix="site", max_entries=10, download_max_entries=2
    )
    assert {alias: entry["BACKEND"] for alias, entry in shared.items()} == {
        "default": cacheconfig.REDIS_BACKEND,
        "downloads": cacheconfig.REDIS_BACKEND,
    }
    assert shared["default"]["KEY_PREFIX"] != shared["downloads"]["KEY_PREFIX"]
    with pytest.raises(ImproperlyConfigured):
        cacheconfig.caches(url="memcached://127.0.0.1", key_prefix="x", max_entries=1, download_max_entries=1)


def _other_process_cache():
    """A second cache object as another worker holds it: the same Redis and keys, or memory of its own."""
    if settings.CACHES["default"]["BACKEND"] != cacheconfig.REDIS_BACKEND:
        return LocMemCache(f"other-process-{uuid.uuid4().hex}", {})
    cache = caches.create_connection("default")
    cache.key_prefix = caches["default"].key_prefix
    return cache


def _visit(client, monkeypatch, cache, capture):
    monkeypatch.setattr(decorators, "cache", cache)
    with capture() as captured:
        content = client.get(DIRECTORY).content
    return content, len(captured)


def test_a_page_is_computed_once_for_every_process_with_a_shared_cache_and_once_in_each_without(
    client, monkeypatch, django_assert_max_num_queries
):
    shared = settings.CACHES["default"]["BACKEND"] == cacheconfig.REDIS_BACKEND
    first, second = caches["default"], _other_process_cache()
    capture = lambda: django_assert_max_num_queries(50)  # noqa: E731 -- counts, the bound is not the point
    MemberFactory(slug="first")
    for round_ in range(2):  # before and after a write: a new token, which both read from the database
        page, computed = _visit(client, monkeypatch, first, capture)
        assert computed > 1
        again, queries = _visit(client, monkeypatch, second, capture)
        assert again == page
        assert (queries == 1) is shared  # only the token from the database, the page from the shared cache
        MemberFactory(slug=f"second-{round_}")
    assert b"/members/second-1/" in _visit(client, monkeypatch, second, capture)[0]


def _cached_key_of(client, monkeypatch, url) -> tuple[str, tuple]:
    keys = []
    with monkeypatch.context() as patched:
        patched.setattr(decorators.cache, "set", lambda key, value, timeout: keys.append((key, value)))
        client.get(url)
    ((key, value),) = keys
    return key, value


def test_a_page_another_request_is_computing_is_waited_for_not_computed_again(
    client, monkeypatch, django_assert_num_queries
):
    MemberFactory(slug="first")
    key, value = _cached_key_of(client, monkeypatch, DIRECTORY)
    cache = decorators.cache
    cache.add(f"{key}:claim", 1, decorators.CLAIM)  # another worker began computing the page
    monkeypatch.setattr(decorators.time, "sleep", lambda seconds: cache.set(key, value, decorators.TIMEOUT))
    with django_assert_num_queries(1):  # the token; then the other worker's page, once it is there
        assert client.get(DIRECTORY).content == value[0]


def test_a_claim_given_up_without_a_page_lets_the_waiting_request_compute_it(client, monkeypatch):
    MemberFactory(slug="first")
    key, value = _cached_key_of(client, monkeypatch, DIRECTORY)
    cache = decorators.cache
    cache.add(f"{key}:claim", 1, decorators.CLAIM)
    monkeypatch.setattr(decorators.time, "sleep", lambda seconds: cache.delete(f"{key}:claim"))  # e.g. a 404
    assert client.get(DIRECTORY).content == value[0]
    assert cache.get(key) == value and cache.get(f"{key}:claim") is None


def test_a_waiting_request_takes_the_page_stored_between_its_two_looks(monkeypatch):
    # The computing request stores the page, then drops its claim: a waiter that looked for the page just
    # before and for the claim just after must take the page, not compute it again.
    from pagecache import decorators

    store = {"page:claim": 1}
    looks = []

    class Between:
        def get(self, key):
            looks.append(key)
            if key == "page:claim":  # the other request finishes between the waiter's two looks
                store["page"] = (b"done", "text/html")
                store.pop("page:claim")
            return store.get(key)

    monkeypatch.setattr(decorators, "cache", Between())
    monkeypatch.setattr(decorators, "POLL", 0)
    assert decorators._wait_for("page") == (b"done", "text/html")
    assert looks == ["page", "page:claim", "page"]
