"""Mail through a real SMTP server (aiosmtpd, in the process): sent once, retried, in the recipient's language."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.mail import messages_recover
from portal.models import OutgoingMessage
from portal.services import invitation_send
from portal.tasks import send_message
from tests.members.factories import MemberFactory

from .conftest import link_in

Status = OutgoingMessage.Status
pytestmark = pytest.mark.django_db


def test_an_invitation_arrives_with_recipient_language_link_and_headers(smtp, run_worker, member, settings):
    message = invitation_send(member=member)
    run_worker()
    [received] = smtp.to("anna@example.ru")
    assert received["To"] == "anna@example.ru"
    assert received["Content-Language"] == "ru"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["X-Registry-Message"] == str(message.pk)
    assert settings.CLUSTER_NAME["ru"] in received["Subject"]
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert "Здравствуйте" in text and settings.CLUSTER_NAME["ru"] in text
    link = link_in(text)
    assert link.startswith("http://testserver/account/sign-in/")
    assert f'href="{link}"' in html and 'lang="ru"' in html
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
    assert message.sent_at is not None


def test_a_member_abroad_is_written_to_in_english_under_en(smtp, run_worker, db, settings):
    finnish = MemberFactory(country="FI", region=None, registration_number="", contact_email="aino@example.fi")
    invitation_send(member=finnish)
    run_worker()
    [received] = smtp.to("aino@example.fi")
    assert received["Content-Language"] == "en"
    assert settings.CLUSTER_NAME["en"] in received["Subject"]
    text = received.get_body(("plain",)).get_content()
    assert text.startswith("Hello") and link_in(text).startswith("http://testserver/en/account/sign-in/")


def test_a_refusing_server_is_tried_again_and_the_message_arrives_once(smtp, run_worker, member):
    smtp.refuse_times["anna@example.ru"] = 2
    message = invitation_send(member=member)
    run_worker()
    assert len(smtp.to("anna@example.ru")) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 3)
    assert "451" in message.last_error or message.last_error == ""


def test_the_retries_wait_longer_each_time(settings):
    from portal.mail import retry_delay

    settings.PORTAL_MAIL_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 240, 960]


def test_a_permanent_refusal_marks_the_message_bounced_without_retrying(smtp, run_worker, member):
    smtp.bounce.add("anna@example.ru")
    message = invitation_send(member=member)
    run_worker()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.BOUNCED, 1)
    assert message.last_error.startswith("550")


def test_a_message_that_keeps_failing_is_given_up_after_five_attempts(smtp, run_worker, member):
    smtp.refuse_times["anna@example.ru"] = 99
    message = invitation_send(member=member)
    run_worker()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 5)
    assert smtp.to("anna@example.ru") == []


def test_a_sent_message_is_never_sent_again_by_a_second_task(smtp, run_worker, member):
    message = invitation_send(member=member)
    run_worker()
    send_message.enqueue(message.pk)  # a duplicate task, as a retry racing a success would make
    run_worker()
    assert len(smtp.to("anna@example.ru")) == 1


def test_two_hundred_messages_stopped_halfway_and_refused_in_part_arrive_exactly_once(smtp, run_worker, db):
    members = MemberFactory.create_batch(200)
    for n, member in enumerate(members):
        member.contact_email = f"contact{n}@example.ru"
        member.save(update_fields=["contact_email"])
    for address in ("contact3@example.ru", "contact77@example.ru", "contact150@example.ru", "contact199@example.ru"):
        smtp.refuse_times[address] = 1
    for member in members:
        invitation_send(member=member)
    run_worker(max_tasks=100)  # the worker stops after 100 tasks, as Ctrl-C lets it finish its current one
    assert 0 < len(smtp.messages) < 200
    run_worker()  # a new worker takes up the rest
    received = Counter(recipient for recipients, _message in smtp.messages for recipient in recipients)
    assert received == Counter({f"contact{n}@example.ru": 1 for n in range(200)})
    assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_worker_killed_mid_send_leaves_a_claim_the_next_worker_puts_back(smtp, member, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    message = invitation_send(member=member)
    # What a killed worker leaves: the message claimed, its task running, nothing sent.
    OutgoingMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING, attempts=1, claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    DBTaskResult.objects.update(status="RUNNING")
    call_command("mail_worker", "--batch", "--interval", "0")
    assert len(smtp.to("anna@example.ru")) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_fresh_claim_is_left_to_the_worker_that_holds_it(member):
    message = invitation_send(member=member)
    OutgoingMessage.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at=timezone.now())
    assert messages_recover() == 0


def test_the_console_backend_shows_the_message_in_development(member, run_worker, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    invitation_send(member=member)
    run_worker()
    assert "anna@example.ru" in capsys.readouterr().out


def test_staff_see_the_last_messages_sent(staff_client, member, run_worker):
    invitation_send(member=member)
    run_worker()
    page = staff_client.get("/admin/portal/outgoingmessage/").content.decode()
    assert "anna@example.ru" in page and "Отправлено" in page
