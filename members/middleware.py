"""`MembershipStateMiddleware`: the first request of a new day brings the members' membership state to it."""

from .querysets import bring_state_to_today


class MembershipStateMiddleware:
    """Before any view reads who is current today (a column test on `Member.current_since`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bring_state_to_today()
        return self.get_response(request)
