"""`cache_public_page`: a public view's responses cached under the registry's revision (`pagecache.revision`),
or under tokens of the page's own (a member's page: `members.page_cache`)."""

import functools
import hashlib
import time
from collections.abc import Callable

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


def _page_key(request, tokens: tuple) -> str:
    parts = (tokens, timezone.localdate().isoformat(), get_language() or "", request.get_full_path())
    return f"{KEY_PREFIX}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def _revision(request, *args, **kwargs) -> tuple:
    return ("revision", token())


def cache_public_page(view, *, tokens: Callable[..., tuple] | None = None):
    """Serve the view's successful GET responses to anonymous visitors from the cache, keyed by revision.

    `tokens(request, *args, **kwargs)`, when given, replaces the revision in the key: one query reading
    everything the page changes with (a member's page: its own token, the shared token, the footer's
    facts). A hit costs one query (the revision or the tokens). Only whole 200 responses are kept; headers set later by
    middleware (security, CSP, language) are added afresh on every response. After a change, one request
    per page computes it (it claims the page in the cache) and the others wait for its result, so that
    with a shared cache a page is computed once for every worker, not once by each busy one.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _page_key(request, (tokens or _revision)(request, *args, **kwargs))
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
        if cached is not None:
            return cached
        if cache.get(f"{key}:claim") is None:
            # The claim goes only after the page is stored: it may have been stored since the look above.
            return cache.get(key)
    return None
