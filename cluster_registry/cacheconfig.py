"""The caches from the environment: each process's memory by default, or one Redis shared by every process.

The public pages and downloads are cached under the registry's revision (`pagecache.revision`), whose
token lives in the database: a cached entry is found only under the token of the data it was built
from, so a shared cache and per-process caches are equally correct. What a shared cache changes is the
work: after a write, a page is computed once for every worker and app server instead of once in each.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
LOCAL_BACKEND = "django.core.cache.backends.locmem.LocMemCache"


def caches(*, url: str, key_prefix: str, max_entries: int, download_max_entries: int) -> dict:
    """CACHES for `url` (empty: local memory; redis:// or rediss://: that Redis, under `key_prefix`)."""
    if not url:
        return {
            "default": {
                "BACKEND": LOCAL_BACKEND,
                "LOCATION": "cluster-registry",
                "OPTIONS": {"MAX_ENTRIES": max_entries},
            },
            # Downloads (the directory's xlsx, csv and json) each up to REGISTRY_DOWNLOAD_CACHE_MAX_BYTES:
            # few entries, so that many query strings cannot fill a process's memory with files.
            "downloads": {
                "BACKEND": LOCAL_BACKEND,
                "LOCATION": "cluster-registry-downloads",
                "OPTIONS": {"MAX_ENTRIES": download_max_entries},
            },
        }
    if urlsplit(url).scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(f"DJANGO_CACHE_URL must be a redis://, rediss:// or unix:// URL, not {url!r}.")
    # Redis bounds its memory itself (maxmemory with an allkeys-lru policy, README "Page cache"); the
    # prefixes keep two sites, or two test runs, on one Redis database apart.
    return {
        "default": {"BACKEND": REDIS_BACKEND, "LOCATION": url, "KEY_PREFIX": key_prefix},
        "downloads": {"BACKEND": REDIS_BACKEND, "LOCATION": url, "KEY_PREFIX": f"{key_prefix}-downloads"},
    }
