"""Counters in Django's cache: requests for links and applications, per address and per client, per hour."""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def _key(kind: str, value: str) -> str:
    # Hashed: an address typed by someone who is no member's contact is not kept readable, even in memory.
    return "portal-rate:" + kind + ":" + hashlib.sha256(value.strip().lower().encode()).hexdigest()


def _hit(key: str) -> int:
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, WINDOW_SECONDS)
        return 1


def allow(*, address: str, client: str | None) -> bool:
    """Count one request; False once the address or the client has made too many this hour."""
    by_client = _hit(_key("client", client or "-")) <= settings.PORTAL_REQUESTS_PER_CLIENT
    by_address = _hit(_key("address", address)) <= settings.PORTAL_LINKS_PER_ADDRESS if address else True
    return by_client and by_address
