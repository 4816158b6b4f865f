"""The background tasks (django-tasks), one place to find them: one task per message, so a stopped worker
resumes with the next one. Each is defined beside the work it runs, so that the modules that enqueue
them need not import this one.
"""

from .campaigns import dispatch_campaign, remind_campaign
from .mail import send_message

__all__ = ["dispatch_campaign", "remind_campaign", "send_message"]
