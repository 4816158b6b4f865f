"""Mail: every message is an `OutgoingMessage` row first, then sent once by a background task.

`message_queue()` writes the row and enqueues its task in the caller's transaction (the database backend
keeps both in one commit, so neither exists without the other). `message_deliver()` is the task's body:
it claims the row with one conditional UPDATE (queued -> sending), so a message sent, or being sent by
another worker, is never sent again; a temporary failure puts it back in the queue with a back-off, a
recipient the server refuses for good marks it bounced. `messages_recover()` puts back messages a killed
worker left half-claimed. The message is rendered when it is sent, in its own language, plain text and
HTML, with the link's secret made from the token (`portal.tokens`): no secret is ever stored.
"""

import datetime
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .models import AccessToken, OutgoingMessage

Kind = OutgoingMessage.Kind
Status = OutgoingMessage.Status

SUBJECTS = {
    Kind.INVITATION: _("Your invitation to the members' pages of %(cluster)s"),
    Kind.SIGN_IN: _("Your sign-in link: %(cluster)s"),
    Kind.CONFIRM_APPLICATION: _("Confirm your application to %(cluster)s"),
    Kind.APPLICATION_APPROVED: _("Welcome to %(cluster)s"),
    Kind.APPLICATION_REJECTED: _("Your application to %(cluster)s"),
    Kind.PROPOSAL_DECIDED: _("Your proposed changes: %(cluster)s"),
    Kind.QUESTIONNAIRE: _("The yearly questionnaire of %(cluster)s"),
    Kind.REMINDER: _("Reminder: the yearly questionnaire of %(cluster)s"),
}
MAX_ATTEMPTS = 5


def cluster_name(language: str) -> str:
    return settings.CLUSTER_NAME.get(language) or settings.CLUSTER_NAME["ru"]


def member_language(member) -> str:
    """The language of messages to a member: its contact's own choice, else its country's (Russia: Russian)."""
    chosen = getattr(member, "portal_language", None)
    if chosen is not None:
        return chosen.language
    return "ru" if str(member.country) == "RU" else "en"


def subject_of(kind: str, language: str) -> str:
    with translation.override(language):
        return str(SUBJECTS[kind] % {"cluster": cluster_name(language)})


def message_queue(*, kind: str, recipient: str, language: str, member=None, token=None, context=None):
    """Keep a message to send and enqueue its task (in the caller's transaction)."""
    message = OutgoingMessage.objects.create(
        kind=kind,
        recipient=recipient,
        language=language,
        subject=subject_of(kind, language),
        member=member,
        token=token,
        context=context or {},
    )
    _enqueue(message.pk)
    return message


def messages_queue_bulk(messages: list[OutgoingMessage]) -> list[OutgoingMessage]:
    """Keep many messages and enqueue a task for each, in multi-row INSERTs (a campaign of 10,000 members).

    With the database backend the tasks' rows are written in bulk beside the messages, exactly as
    `enqueue()` would write them one by one; with any other backend each task is enqueued in turn.
    """
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    for message in messages:
        message.subject = message.subject or subject_of(message.kind, message.language)
    created = OutgoingMessage.objects.bulk_create(messages, batch_size=500)
    if not isinstance(task_backends[send_message.backend], DatabaseBackend):
        for message in created:
            _enqueue(message.pk)
        return created
    DBTaskResult.objects.bulk_create(
        [
            DBTaskResult(
                args_kwargs={"args": [message.pk], "kwargs": {}},
                priority=send_message.priority,
                task_path=send_message.module_path,
                queue_name=send_message.queue_name,
                run_after=get_date_max(),  # "now": what the backend's pre_save handler writes for no delay
                backend_name=send_message.backend,
            )
            for message in created
        ],
        batch_size=500,
    )
    return created


def _enqueue(message_id: int, delay: datetime.timedelta | None = None) -> None:
    task = send_message if delay is None else send_message.using(run_after=timezone.now() + delay)
    task.enqueue(message_id)


def link_of(message: OutgoingMessage) -> str:
    """The absolute link the message carries, in the message's language, or "" if it carries none."""
    from .tokens import secret_of

    token = message.token
    if token is None:
        return ""
    name = "portal:confirm" if token.purpose == AccessToken.Purpose.CONFIRM_APPLICATION else "portal:sign-in"
    with translation.override(message.language):
        path = reverse(name, kwargs={"secret": secret_of(token)})
    return settings.PORTAL_SITE_URL + path


def render(message: OutgoingMessage) -> EmailMultiAlternatives:
    """The e-mail of a message: plain text with an HTML alternative, in the message's language."""
    with translation.override(message.language):
        context = {
            **message.context,
            "cluster_name": cluster_name(message.language),
            "member": message.member,
            "link": link_of(message),
            "expires_at": message.token.expires_at if message.token else None,
            "site_url": settings.PORTAL_SITE_URL,
        }
        if "deadline" in context:
            context["deadline"] = datetime.date.fromisoformat(context["deadline"])
        text = render_to_string(f"portal/mail/{message.kind}.txt", context)
        html = render_to_string(f"portal/mail/{message.kind}.html", context)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=text,
        to=[message.recipient],
        headers={
            "Content-Language": message.language,
            "Auto-Submitted": "auto-generated",
            "X-Registry-Message": str(message.pk),
        },
    )
    email.attach_alternative(html, "text/html")
    return email


def message_deliver(message_id: int) -> str:
    """Send one queued message, once; returns its status afterwards ("skipped" if it was not queued)."""
    claimed = OutgoingMessage.objects.filter(pk=message_id, status=Status.QUEUED).update(
        status=Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    message = OutgoingMessage.objects.select_related("member", "token").get(pk=message_id)
    try:
        render(message).send()
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        return _failed(message, code, reply)
    except smtplib.SMTPResponseException as error:
        return _failed(message, error.smtp_code, error.smtp_error)
    except (smtplib.SMTPException, OSError) as error:
        return _failed(message, 0, str(error))
    _finish(message, Status.SENT, sent_at=timezone.now(), last_error="")
    return Status.SENT


def _failed(message: OutgoingMessage, code: int, reply) -> str:
    reply = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    error = f"{code} {reply}".strip()[:500]
    if 500 <= code < 600:
        # A permanent refusal: the address cannot be reached, and asking again will not change that.
        return _finish(message, Status.BOUNCED, last_error=error)
    if message.attempts >= MAX_ATTEMPTS:
        return _finish(message, Status.FAILED, last_error=error)
    _finish(message, Status.QUEUED, last_error=error)
    _enqueue(message.pk, delay=retry_delay(message.attempts))
    return Status.QUEUED


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait before the next attempt: the base (a minute), times four for every attempt made."""
    return datetime.timedelta(seconds=settings.PORTAL_MAIL_RETRY_SECONDS * 4 ** (attempts - 1))


def _finish(message: OutgoingMessage, status: str, **fields) -> str:
    OutgoingMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(status=status, **fields)
    return status


def messages_recover(*, older_than: datetime.timedelta = datetime.timedelta(minutes=10)) -> int:
    """Put back in the queue the messages a worker claimed and never finished (it was killed mid-send).

    A send takes seconds, so a claim older than `older_than` belongs to a dead worker. The one moment
    this cannot tell apart is a worker killed after the server accepted the message and before the row
    said so: that one message may arrive twice. Every other message is sent once.
    """
    stale = OutgoingMessage.objects.filter(status=Status.SENDING, claimed_at__lt=timezone.now() - older_than)
    ids = list(stale.values_list("pk", flat=True))
    OutgoingMessage.objects.filter(pk__in=ids, status=Status.SENDING).update(status=Status.QUEUED)
    for message_id in ids:
        _enqueue(message_id)
    return len(ids)


@task()
def send_message(message_id: int) -> str:
    """The background task: send one outgoing message, unless it was sent already (`message_deliver`)."""
    return message_deliver(message_id)
