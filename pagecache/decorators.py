"""`cache_public_page`: a public view's responses cached under the registry's revision (`pagecache.revision`)."""

import functools
import hashlib
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .revision import token

KEY_PREFIX = "registry-page"
# Cached pages outlive no day (the day is in the key); the timeout only returns unused memory.
TIMEOUT = 24 * 60 * 60
# After a change, the first request of a page computes it while the others wait for it, up to WAIT
# seconds (then compute it themselves), checking every POLL seconds; a computing worker that dies
# frees the page's claim after CLAIM seconds.
CLAIM, WAIT, POLL = 30, 5.0, 0.02


def _page_key(request) -> str:
    parts = (token(), timezone.localdate().isoformat(), get_language() or "", request.get_full_path())
    return f"{KEY_PREFIX}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def cache_public_page(view):
    """Serve the view's successful GET responses to anonymous visitors from the cache, keyed by revision.

    A hit costs one query (the token). Only whole 200 responses are kept; headers set later by
    middleware (security, CSP, language) are added afresh on every response. After a change, one request
    per page computes it (it claims the page in the cache) and the others wait for its result, so that
    with a shared cache a page is computed once for every worker, not once by each busy one.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _page_key(request)
        cached = cache.get(key)
        if cached is None and not cache.add(f"{key}:claim", 1, CLAIM):
            cached = _wait_for(key)  # another request (another worker, with a shared cache) computes it
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        finally:
            cache.delete(f"{key}:claim")
        return response

    return wrapper


def _wait_for(key: str):
    """The page another request is computing, once it is cached; None when it was not (or took too long)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        time.sleep(POLL)
        cached = cache.get(key)
        if cached is not None or cache.get(f"{key}:claim") is None:
            return cached
    return None
