"""Background tasks (django-tasks): one task per message, so a stopped worker resumes with the next one."""

from django_tasks import task

from .mail import message_deliver


@task()
def send_message(message_id: int) -> str:
    """Send one outgoing message, unless it was sent already (`portal.mail.message_deliver`)."""
    return message_deliver(message_id)


@task()
def dispatch_campaign(campaign_id: int) -> int:
    """Give every current member its questionnaire and queue its message (`portal.campaigns`)."""
    from .campaigns import campaign_dispatch

    return campaign_dispatch(campaign_id)


@task()
def remind_campaign(campaign_id: int) -> int:
    """Remind those who have not answered a campaign's questionnaire."""
    from .campaigns import campaign_remind

    return campaign_remind(campaign_id)
