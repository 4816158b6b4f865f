"""Background tasks (django-tasks): one task per message, so a stopped worker resumes with the next one."""

from django_tasks import task

from .mail import message_deliver


@task()
def send_message(message_id: int) -> str:
    """Send one outgoing message, unless it was sent already (`portal.mail.message_deliver`)."""
    return message_deliver(message_id)
