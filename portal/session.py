"""A member's session: the member's id in the session, set only by a sign-in link.

It is not a Django user: it grants no staff rights and opens nothing in /admin/. Every members' view
reads the member from here (`signed_in_member`), never from the URL, so one member cannot ask for
another's pages; objects under a member (proposals) are looked up within that member's own.
"""

from functools import wraps

from django.shortcuts import redirect

from members.models import Member

SESSION_KEY = "portal_member_id"


def sign_in(request, member: Member) -> None:
    # A new session key: a session id planted before the sign-in is worth nothing after it.
    request.session.cycle_key()
    request.session[SESSION_KEY] = member.pk


def sign_out(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def signed_in_member(request) -> Member | None:
    """The signed-in member, while it is still a current member; None otherwise."""
    member_id = request.session.get(SESSION_KEY)
    if member_id is None:
        return None
    return Member.objects.current().select_related("region").filter(pk=member_id).first()


def member_required(view):
    """The view runs with `request.member`; without a member's session it sends the visitor to sign in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.member = signed_in_member(request)
        if request.member is None:
            return redirect("portal:account")
        return view(request, *args, **kwargs)

    return wrapper
