"""A database that accepts connections and never answers is reported as down, within the timeouts.

The fault is a TCP listener on 127.0.0.1 that accepts every connection and never sends a byte, as a
hung PostgreSQL server does; it lives for one test. Pages get the 503 page with Retry-After while the
database cannot be reached, not a 500.
"""

import socket
import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.test import Client

from cluster_registry import dbconfig

pytestmark = pytest.mark.django_db
MARGIN = 2.5  # seconds allowed above a timeout on a loaded machine


@pytest.fixture
def silent_listener():
    """The port of a listener that accepts connections and never answers; closed after the test."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    accepted, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for peer in accepted:
        peer.close()
    server.close()


def hung_postgres(port: int, options: dict | None = None) -> dict:
    return {
        **connection.settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "registry",
        "USER": "registry",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "OPTIONS": options or {},
    }


def test_healthz_answers_503_within_its_timeout_against_a_server_that_never_answers(client, settings, silent_listener):
    settings.HEALTHZ_TIMEOUT = 2
    started = time.monotonic()
    with mock.patch.dict(connection.settings_dict, hung_postgres(silent_listener)):
        response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
    assert response["Retry-After"]
    assert elapsed < settings.HEALTHZ_TIMEOUT + MARGIN


def test_a_connection_with_the_projects_options_gives_up_on_a_server_that_never_answers(silent_listener):
    options = dbconfig.with_timeouts(
        "django.db.backends.postgresql", {}, connect_timeout=2, statement_timeout_ms=settings.DB_STATEMENT_TIMEOUT_MS
    )
    hung = load_backend("django.db.backends.postgresql").DatabaseWrapper(hung_postgres(silent_listener, options))
    started = time.monotonic()
    with pytest.raises(OperationalError, match="timeout"):
        hung.ensure_connection()
    assert time.monotonic() - started < 2 + MARGIN


def test_the_default_timeouts_leave_a_page_time_to_answer_before_gunicorn_kills_the_worker():
    gunicorn_worker_timeout = 30
    assert 0 < settings.DB_CONNECT_TIMEOUT <= 10
    assert 0 < settings.DB_STATEMENT_TIMEOUT_MS / 1000 + settings.DB_CONNECT_TIMEOUT < gunicorn_worker_timeout
    assert settings.HEALTHZ_TIMEOUT <= 5


def test_the_connection_carries_the_configured_timeouts(is_postgres):
    with connection.cursor() as cursor:
        if is_postgres:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == f"{settings.DB_STATEMENT_TIMEOUT_MS // 1000}s"
        else:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == settings.DB_STATEMENT_TIMEOUT_MS


def test_postgresql_cancels_a_statement_over_the_limit(is_postgres):
    if not is_postgres:
        pytest.skip("statement_timeout is PostgreSQL's")
    options = dbconfig.with_timeouts(
        connection.settings_dict["ENGINE"],
        connection.settings_dict["OPTIONS"],
        connect_timeout=5,
        statement_timeout_ms=200,
    )
    short = load_backend(connection.settings_dict["ENGINE"]).DatabaseWrapper(
        {**connection.settings_dict, "OPTIONS": options}
    )
    try:
        with pytest.raises(OperationalError, match="statement timeout"), short.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
    finally:
        short.close()


def test_a_statement_timeout_of_zero_is_no_limit_and_replaces_one_already_given():
    options = dbconfig.with_timeouts(
        "django.db.backends.postgresql",
        {"options": "-c statement_timeout=5 -c search_path=registry"},
        connect_timeout=0.5,
        statement_timeout_ms=0,
    )
    assert options["options"] == "-c search_path=registry -c statement_timeout=0"
    assert options["connect_timeout"] == dbconfig.LIBPQ_MIN_CONNECT_TIMEOUT
    sqlite = dbconfig.with_timeouts("django.db.backends.sqlite3", {}, connect_timeout=5, statement_timeout_ms=0)
    assert sqlite["timeout"] == dbconfig.SQLITE_UNLIMITED_BUSY_TIMEOUT


@pytest.mark.parametrize("path", ["/", "/en/members/", "/projects/"])
def test_pages_answer_503_with_the_apps_page_while_the_database_cannot_be_reached(path):
    unreachable = OperationalError('connection to server at "127.0.0.1" failed: timeout expired')
    client = Client(raise_request_exception=False)
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=unreachable):
        response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Сервис временно недоступен" in body and "Service unavailable" in body


def test_other_server_errors_are_still_the_500_page():
    client = Client(raise_request_exception=False)
    with mock.patch("cluster_registry.views.HomeView.get_context_data", side_effect=RuntimeError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Server error" in response.content.decode()
