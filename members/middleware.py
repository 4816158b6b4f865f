"""`MembershipStateMiddleware`: the first request of a new day brings the members' membership state to it."""

import logging

from django.db import DatabaseError

from .models import Member
from .querysets import bring_state_to_today

logger = logging.getLogger(__name__)


class MembershipStateMiddleware:
    """Before any view reads who is current today (a column test on `Member.current_since`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            bring_state_to_today(Member.objects.all())
        except DatabaseError:
            # A database away (or not migrated yet): the next request tries again; the view, if it reads
            # the database, answers as it does then (503), and /healthz and static files still answer.
            logger.warning("The membership state could not be brought to today", exc_info=True)
        return self.get_response(request)
