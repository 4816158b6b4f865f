"""The import's uploaded files are removed on every path, and a busy import says so instead of hanging."""

import html
import os
import time

import pytest
from django.contrib.messages import get_messages

from members.models import Member
from members.spreadsheets import admin_views, uploads
from members.spreadsheets.admin_views import busy_message
from pagecache import bounded

from .factories import MemberFactory, valid_inn
from .spreadsheets import csv_bytes, xlsx_bytes
from .test_import_admin import CONFIRM_URL, changes_file, upload
from .test_import_limits import with_dimension

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _upload_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(uploads, "FOLDER", tmp_path / "imports")


@pytest.fixture
def importer_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("importer", "i@example.org", None))
    return client


def kept() -> list:
    return sorted(uploads.FOLDER.glob("*")) if uploads.FOLDER.exists() else []


def token_of(response) -> str:
    return response.context["confirm_form"].initial["token"]


def test_a_confirmed_import_leaves_no_file(importer_client):
    response = upload(importer_client, changes_file(MemberFactory()))
    assert len(kept()) == 1  # waiting for its confirmation
    importer_client.post(CONFIRM_URL, {"token": token_of(response)})
    assert Member.objects.filter(name_ru="Новый участник").exists()
    assert kept() == []


def test_a_file_with_errors_leaves_no_file(importer_client):
    response = upload(importer_client, csv_bytes([["country", "registration_number"], ["XX", valid_inn(7)]]), "m.csv")
    assert not response.context["report"].ok
    assert kept() == []


def test_a_file_past_the_row_limit_leaves_no_file(importer_client, settings):
    settings.REGISTRY_IMPORT_MAX_ROWS = 1
    content = csv_bytes([["country", "registration_number"], ["RU", valid_inn(7)], ["RU", valid_inn(8)]])
    response = upload(importer_client, content, "m.csv")
    assert not response.context["report"].ok
    assert kept() == []


def test_a_refused_file_is_never_kept(importer_client):
    response = upload(importer_client, b"PK\x03\x04 not a zip", "members.xlsx")
    assert response.context["form"].errors["file"]
    assert kept() == []


def test_a_preview_that_fails_unexpectedly_leaves_no_file(importer_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the import")

    monkeypatch.setattr(admin_views, "members_import", broken)
    with pytest.raises(RuntimeError):
        upload(importer_client, changes_file(MemberFactory()))
    assert kept() == []


def test_a_confirmation_that_fails_unexpectedly_leaves_no_file(importer_client, monkeypatch):
    token = token_of(upload(importer_client, changes_file(MemberFactory())))

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the import")

    monkeypatch.setattr(admin_views, "members_import", broken)
    with pytest.raises(RuntimeError):
        importer_client.post(CONFIRM_URL, {"token": token})
    assert kept() == []


def test_an_abandoned_preview_is_removed_once_its_token_has_expired(importer_client):
    upload(importer_client, changes_file(MemberFactory()))
    (abandoned,) = kept()
    old = time.time() - uploads.TOKEN_MAX_AGE - uploads.STALE_MARGIN - 1
    os.utime(abandoned, (old, old))
    response = upload(
        importer_client, xlsx_bytes([["country", "registration_number", "name_ru"], ["RU", valid_inn(9), "Ещё"]])
    )
    assert abandoned not in kept()
    assert len(kept()) == 1 and token_of(response)


def test_a_recent_preview_is_kept_for_its_confirmation(importer_client):
    upload(importer_client, changes_file(MemberFactory()))
    upload(importer_client, xlsx_bytes([["country", "registration_number", "name_ru"], ["RU", valid_inn(9), "Ещё"]]))
    assert len(kept()) == 2


def test_an_upload_while_every_import_slot_is_taken_is_told_to_try_again(importer_client, settings):
    with bounded.slot("import", settings.REGISTRY_IMPORT_SLOTS):
        response = upload(importer_client, changes_file(MemberFactory()))
    assert response.status_code == 200 and "report" not in response.context
    assert [str(message) for message in get_messages(response.wsgi_request)] == [busy_message()]
    assert busy_message() in html.unescape(response.content.decode())
    assert kept() == []


def test_a_confirmation_while_every_import_slot_is_taken_keeps_the_file_for_a_retry(importer_client, settings):
    token = token_of(upload(importer_client, changes_file(MemberFactory())))
    with bounded.slot("import", settings.REGISTRY_IMPORT_SLOTS):
        response = importer_client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 200 and token in response.content.decode()
    assert not Member.objects.filter(name_ru="Новый участник").exists()
    assert len(kept()) == 1
    importer_client.post(CONFIRM_URL, {"token": token})
    assert Member.objects.filter(name_ru="Новый участник").exists()
    assert kept() == []


def test_a_workbook_declaring_too_many_rows_is_refused_on_the_form_and_never_kept(importer_client, settings):
    settings.REGISTRY_IMPORT_MAX_ROWS = 1
    content = with_dimension(xlsx_bytes([["country", "registration_number"], ["RU", valid_inn(7)]]), "A1:B5000")
    response = upload(importer_client, content)
    assert "report" not in response.context
    assert "4 999" in str(response.context["form"].errors["file"]).replace("\xa0", " ")
    assert kept() == []
