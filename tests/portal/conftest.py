"""Fixtures of the members' side: a real SMTP server in the process, the worker run in the test."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from tests.members.factories import MemberFactory
from tests.site.test_browser import browser, open_page  # noqa: F401 (the browser tests' fixtures, shared)


class Mailbox:
    """aiosmtpd's handler: keeps what arrives; refuses addresses a number of times (4xx) or for good (5xx)."""

    def __init__(self):
        self.messages = []
        self.refuse_times = {}
        self.bounce = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.bounce:
            return "550 5.1.1 No such user here"
        if self.refuse_times.get(address, 0) > 0:
            self.refuse_times[address] -= 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def to(self, address):
        return [message for recipients, message in self.messages if address in recipients]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on the loopback; the project's SMTP backend pointed at it."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.PORTAL_MAIL_RETRY_SECONDS = 0
    yield mailbox
    controller.stop()


def make_worker(max_tasks=None):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


@pytest.fixture
def run_worker(monkeypatch):
    """Run the django-tasks-db worker in the test until the queue is empty (or `max_tasks` were run)."""
    from django_tasks_db.management.commands import db_worker

    # The worker drops connections between tasks, as a process of its own should; inside the test's
    # transaction that would end the test's data.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(max_tasks=None):
        make_worker(max_tasks).run()

    return run


@pytest.fixture
def member(db):
    return MemberFactory(contact_name="Анна Петрова", contact_email="anna@example.ru", country="RU")


def link_in(text: str) -> str:
    """The first link of the site in a message's text."""
    for word in text.split():
        if word.startswith("http://") or word.startswith("https://"):
            return word
    raise AssertionError(f"no link in {text!r}")
