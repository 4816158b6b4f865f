"""The import pages of the admin: permissions, upload, preview, confirmation and its token."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import HeadcountReport, Member
from members.permissions import EXPORT_MEMBERS, IMPORT_MEMBERS
from members.spreadsheets import uploads

from .factories import MemberFactory, valid_inn
from .spreadsheets import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:members_member_import")
CONFIRM_URL = reverse("admin:members_member_import_confirm")
CHANGELIST_URL = reverse("admin:members_member_changelist")


def staff(django_user_model, name, *codenames):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", None, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="members", codename__in=codenames))
    return user


@pytest.fixture(autouse=True)
def _upload_folder(tmp_path, monkeypatch):
    # Uploads waiting for confirmation are kept in a folder of the test's own.
    monkeypatch.setattr(uploads, "FOLDER", tmp_path / "imports")


@pytest.fixture
def importer(django_user_model):
    return staff(django_user_model, "importer", "view_member", IMPORT_MEMBERS.codename)


@pytest.fixture
def importer_client(client, importer):
    client.force_login(importer)
    return client


def upload(client, content: bytes, name="members.xlsx"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


def changes_file(member):
    return xlsx_bytes(
        [
            ["country", "registration_number", "name_ru", "headcount", "headcount_reported_on"],
            ["RU", member.registration_number, "Новое имя", 70, "2022-12-31"],
            ["RU", valid_inn(900), "Новый участник", None, None],
        ]
    )


def test_staff_who_may_only_view_members_cannot_import(client, django_user_model):
    client.force_login(staff(django_user_model, "viewer", "view_member", EXPORT_MEMBERS.codename))
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, xlsx_bytes([["country"]])).status_code == 403
    assert client.post(CONFIRM_URL, {"token": "x"}).status_code == 403
    assert IMPORT_URL not in client.get(CHANGELIST_URL).content.decode()


def test_the_member_list_links_to_the_import_for_importers(importer_client):
    assert IMPORT_URL in importer_client.get(CHANGELIST_URL).content.decode()
    assert importer_client.get(IMPORT_URL).status_code == 200


def test_upload_previews_each_row_and_writes_nothing_until_confirmed(importer_client, importer):
    member = MemberFactory(name_ru="Старое имя", employees=50)
    response = upload(importer_client, changes_file(member))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Старое имя → Новое имя" in page
    assert "50 → 70" in page
    assert "Новый участник" in page
    assert 'name="token"' in page
    assert Member.objects.count() == 1 and HeadcountReport.objects.count() == 1

    response = importer_client.post(CONFIRM_URL, {"token": response.context["confirm_form"].initial["token"]})
    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    member.refresh_from_db()
    assert (member.name_ru, member.headcount) == ("Новое имя", 70)
    assert Member.objects.filter(name_ru="Новый участник").exists()
    assert Member.history.filter(history_user=importer).count() == 2


def test_a_confirmation_is_used_once(importer_client):
    member = MemberFactory()
    token = upload(importer_client, changes_file(member)).context["confirm_form"].initial["token"]
    assert importer_client.post(CONFIRM_URL, {"token": token})["Location"] == CHANGELIST_URL
    response = importer_client.post(CONFIRM_URL, {"token": token})
    assert response["Location"] == IMPORT_URL
    assert Member.objects.count() == 2


def test_a_forged_or_foreign_token_imports_nothing(importer_client, django_user_model, client):
    member = MemberFactory(name_ru="Старое имя")
    token = upload(importer_client, changes_file(member)).context["confirm_form"].initial["token"]
    assert importer_client.post(CONFIRM_URL, {"token": token[:-2] + "xx"})["Location"] == IMPORT_URL
    other = staff(django_user_model, "other", "view_member", IMPORT_MEMBERS.codename)
    client.force_login(other)
    assert client.post(CONFIRM_URL, {"token": token})["Location"] == IMPORT_URL
    member.refresh_from_db()
    assert member.name_ru == "Старое имя"


def test_a_file_changed_after_its_preview_is_not_imported(importer_client):
    member = MemberFactory(name_ru="Старое имя")
    token = upload(importer_client, changes_file(member)).context["confirm_form"].initial["token"]
    payload = uploads.signing.loads(token, salt=uploads.TOKEN_SALT)
    stored = uploads.FOLDER / payload["file"]
    stored.write_bytes(csv_bytes([["country"], ["RU"]]))
    assert importer_client.post(CONFIRM_URL, {"token": token})["Location"] == IMPORT_URL
    member.refresh_from_db()
    assert member.name_ru == "Старое имя"


def test_an_invalid_file_is_refused_with_its_report_and_no_confirmation(importer_client):
    member = MemberFactory()
    content = xlsx_bytes(
        [
            ["country", "registration_number", "name_ru", "headcount", "headcount_reported_on"],
            ["RU", member.registration_number, "Имя", -5, "2022-12-31"],
            ["XX", valid_inn(901), "Кто-то", None, None],
        ]
    )
    kept_before = set(uploads.FOLDER.glob("*"))
    response = upload(importer_client, content)
    page = response.content.decode()
    assert 'name="token"' not in page
    assert 'id="import-errors"' in page
    errors = [(error.row, error.column) for error in response.context["report"].errors]
    assert errors == [(2, "headcount"), (3, "country")]
    assert set(uploads.FOLDER.glob("*")) == kept_before  # the refused file is not kept


def test_a_refused_file_type_gets_a_message_on_the_form(importer_client):
    response = upload(importer_client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, name="members.xls")
    assert response.status_code == 200
    assert ".xls" in str(response.context["form"].errors["file"])


def test_an_unchanged_file_needs_no_confirmation(importer_client):
    member = MemberFactory()
    content = xlsx_bytes(
        [["country", "registration_number", "name_ru"], ["RU", member.registration_number, member.name_ru]]
    )
    response = upload(importer_client, content)
    assert response.context["report"].counts == {"unchanged": 1}
    assert 'name="token"' not in response.content.decode()
