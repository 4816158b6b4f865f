"""The client address django-axes locks out, correct behind a reverse proxy."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address django-axes locks out, together with the user name.

    Without a proxy it is the peer address. Behind `DJANGO_PROXY_COUNT` trusted proxies that each
    append the address they received the request from to X-Forwarded-For, it is the entry that many
    places from the right: the entries to its left were sent by the client and can be forged.
    """
    proxies = getattr(settings, "REGISTRY_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR") or None
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # The proxy did not add the header: the request bypassed it, so trust only the peer.
        return remote
    return forwarded[-proxies]
