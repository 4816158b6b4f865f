"""Single-use links, kept only as a hash.

A link's secret is an HMAC of the token's random nonce under the site's secret key: the database alone
(a backup, a leaked dump) holds neither the secret nor enough to make it, and the worker can still write
the link into a message when it sends it. The secret's SHA-256 is stored and looked up.
"""

import datetime
import hashlib
import secrets

from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import AccessToken

LIFETIMES = {
    AccessToken.Purpose.INVITATION: datetime.timedelta(days=14),
    AccessToken.Purpose.SIGN_IN: datetime.timedelta(hours=1),
    AccessToken.Purpose.CONFIRM_APPLICATION: datetime.timedelta(days=3),
    AccessToken.Purpose.QUESTIONNAIRE: datetime.timedelta(days=14),  # at least; until the deadline otherwise
}


def secret_of(token: AccessToken) -> str:
    """The secret that goes into the token's link."""
    return salted_hmac("portal.tokens", token.nonce, algorithm="sha256").hexdigest()


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_new(*, purpose: str, member=None, application=None, expires_at=None) -> AccessToken:
    """A new link for `member` (or `application`), not yet saved; valid for its purpose's lifetime by default."""
    token = AccessToken(
        purpose=purpose,
        member=member,
        application=application,
        nonce=secrets.token_hex(32),
        expires_at=expires_at or timezone.now() + LIFETIMES[purpose],
    )
    token.digest = digest_of(secret_of(token))
    return token


def token_create(*, purpose: str, member=None, application=None, expires_at=None) -> AccessToken:
    """A new link, saved."""
    token = token_new(purpose=purpose, member=member, application=application, expires_at=expires_at)
    token.save()
    return token


def token_find(secret: str) -> AccessToken | None:
    """The token whose secret this is, used or not, expired or not; None for an unknown or forged one."""
    if not secret or len(secret) > 128:
        return None
    return AccessToken.objects.select_related("member", "application").filter(digest=digest_of(secret)).first()


def token_use(token: AccessToken) -> bool:
    """Mark the token used; False if it already was (another request won: one conditional UPDATE)."""
    now = timezone.now()
    claimed = AccessToken.objects.filter(pk=token.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    return claimed == 1
