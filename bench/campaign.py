"""The yearly questionnaire campaign at N members: how long opening it takes (what the staff member waits
for) and how long the background task takes to queue every member's questionnaire, link and message.

Nothing is sent: the messages and their tasks are counted, then the campaign and all it wrote are removed,
so the stage leaves the bench database as it found it.
"""

import datetime
import time

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from members.models import Member
from portal.campaign_models import Campaign, Questionnaire
from portal.campaigns import campaign_dispatch, campaign_open
from portal.mail import send_message
from portal.models import AccessToken, OutgoingMessage


def measure_campaign() -> dict:
    user, _created = get_user_model().objects.get_or_create(username="bench-campaign", defaults={"is_staff": True})
    year = timezone.localdate().year - 1
    campaign = Campaign(year=year, deadline=timezone.localdate() + datetime.timedelta(days=30))
    reset_queries()
    with CaptureQueriesContext(connection) as opening:
        started = time.perf_counter()
        campaign_open(campaign=campaign, user=user)
        open_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    given = campaign_dispatch(campaign.pk)
    dispatch_s = time.perf_counter() - started
    results = {
        "members": Member.objects.count(),
        "current_members": Member.objects.current().count(),
        "open_ms": round(open_ms, 1),
        "open_queries": len(opening.captured_queries),
        "dispatch_seconds": round(dispatch_s, 2),
        "questionnaires": given,
        "messages_queued": OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.QUESTIONNAIRE).count(),
        "tasks_queued": DBTaskResult.objects.filter(task_path=send_message.module_path).count(),
        "per_second": round(given / dispatch_s) if dispatch_s else None,
    }
    _remove(campaign)
    return results


def _remove(campaign: Campaign) -> None:
    Questionnaire.objects.filter(campaign=campaign).delete()
    OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.QUESTIONNAIRE).delete()
    AccessToken.objects.filter(purpose=AccessToken.Purpose.QUESTIONNAIRE).delete()
    DBTaskResult.objects.all().delete()
    campaign.delete()
