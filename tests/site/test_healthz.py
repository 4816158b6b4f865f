"""/healthz: 200 while the database answers, 503 when it does not; never cached, never translated."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_unavailable_when_the_database_raises(client):
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_unavailable_when_the_query_itself_fails(client):
    failing = mock.MagicMock()
    failing.__enter__.return_value.execute.side_effect = OperationalError("server closed the connection")
    with mock.patch.object(BaseDatabaseWrapper, "cursor", return_value=failing):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_healthz_has_no_language_prefix(client):
    assert client.get("/en/healthz").status_code == 404
