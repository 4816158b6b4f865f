"""/join/: an application, confirmed by its link, decided by staff into an unpublished member."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from portal.applications import application_reject
from portal.models import Application, OutgoingMessage
from tests.members.factories import MemberFactory, SectorFactory, valid_inn

from .conftest import link_in

pytestmark = pytest.mark.django_db
NUMBER = valid_inn(424242)


def application_data(**changes):
    return {
        "name_ru": "ООО «Чистый город»",
        "name_en": "",
        "country": "RU",
        "registration_number": NUMBER,
        "member_type": "company",
        "city": "Санкт-Петербург",
        "website": "https://clean.example.ru",
        "headcount": "42",
        "contact_name": "Мария Соколова",
        "contact_position": "директор",
        "contact_email": "maria@clean.example.ru",
        "contact_phone": "",
        "consent": "on",
    } | changes


def apply_and_confirm(client, run_worker, **changes):
    assert client.post(reverse("portal:join"), application_data(**changes)).status_code == 200
    run_worker()
    path = link_in(mail.outbox[-1].body).removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    return Application.objects.get(), path


def test_an_application_reaches_staff_only_once_confirmed_and_records_the_consent(client, run_worker, settings):
    before = timezone.now()
    client.post(reverse("portal:join"), application_data(sectors=[SectorFactory().pk]))
    application = Application.objects.get()
    assert application.status == Application.Status.UNCONFIRMED
    assert application.consent_version == settings.PORTAL_CONSENT_VERSION
    assert before <= application.consented_at <= timezone.now()
    run_worker()
    [message] = mail.outbox
    assert message.to == ["maria@clean.example.ru"] and message.extra_headers["Content-Language"] == "ru"
    path = link_in(message.body).removeprefix("http://testserver")
    client.post(path)
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING and application.confirmed_at is not None
    assert client.post(path).status_code == 410  # once


def test_staff_never_see_an_unconfirmed_application(staff_client, client):
    client.post(reverse("portal:join"), application_data())
    page = staff_client.get(reverse("admin:portal_application_changelist")).content.decode()
    assert "Чистый город" not in page


def test_approval_makes_an_unpublished_member_from_today_and_mails_a_sign_in_link(
    client, run_worker, django_user_model
):
    application, _path = apply_and_confirm(client, run_worker)
    staff = django_user_model.objects.create_superuser("olga", "olga@example.org", "a-long-test-password-1")
    staff_client = client.__class__()
    staff_client.force_login(staff)
    decide = reverse("admin:portal_application_decide", args=[application.pk])
    assert staff_client.post(decide, {"decision": "approve"}).status_code == 302
    member = Member.objects.get(registration_number=NUMBER)
    assert not member.is_published and member.joined_on == timezone.localdate()
    assert member.headcount == 42 and member.city_ru == "Санкт-Петербург" and member.contact_email.startswith("maria")
    assert member.history.earliest().history_user == staff
    run_worker()
    welcome = mail.outbox[-1]
    assert welcome.to == ["maria@clean.example.ru"]
    path = link_in(welcome.body).removeprefix("http://testserver")
    assert client.post(path).status_code == 302  # the link signs the new member in
    assert member.name_ru in client.get(reverse("portal:account")).content.decode()


def test_a_rejection_is_mailed_with_its_reason(client, run_worker, django_user_model):
    application, _path = apply_and_confirm(client, run_worker)
    staff = django_user_model.objects.create_superuser("olga", "olga@example.org", "a-long-test-password-1")
    application_reject(application=application, user=staff, reason="Организация не работает в Санкт-Петербурге")
    run_worker()
    assert "Организация не работает в Санкт-Петербурге" in mail.outbox[-1].body
    assert not Member.objects.filter(registration_number=NUMBER).exists()


def test_a_taken_registration_number_reveals_nothing_of_the_member(client, db):
    existing = MemberFactory(registration_number=NUMBER, contact_email="secret@example.ru", contact_name="Тайный")
    response = client.post(reverse("portal:join"), application_data())
    page = response.content.decode()
    assert response.status_code == 200 and "свяжитесь с кластером" in page.lower()
    for secret in (existing.name_ru, existing.name_en, existing.slug, "secret@example.ru", "Тайный"):
        assert secret not in page
    assert not Application.objects.exists()


def test_a_registration_number_is_checked_for_its_country(client, db):
    response = client.post(reverse("portal:join"), application_data(registration_number="7800000001"))
    assert "контрольная цифра" in response.content.decode()
    assert not Application.objects.exists()


def test_a_robot_filling_the_hidden_field_is_thanked_and_forgotten(client, db):
    response = client.post(reverse("portal:join"), application_data(nickname="bot"))
    assert response.status_code == 200
    assert not Application.objects.exists() and not OutgoingMessage.objects.exists()


def test_applications_are_rate_limited_per_client(client, db, settings):
    settings.PORTAL_REQUESTS_PER_CLIENT = 2
    for n in range(3):
        client.post(
            reverse("portal:join"), application_data(registration_number=valid_inn(n), contact_email=f"a{n}@x.ru")
        )
    assert Application.objects.count() == 2


def test_the_english_form_writes_in_english(client, run_worker):
    client.post("/en/join/", application_data(contact_email="john@example.fi"))
    run_worker()
    assert mail.outbox[-1].extra_headers["Content-Language"] == "en"
    assert "/en/join/confirm/" in mail.outbox[-1].body


def test_an_expired_confirmation_link_is_refused(client, run_worker):
    client.post(reverse("portal:join"), application_data())
    run_worker()
    path = link_in(mail.outbox[-1].body).removeprefix("http://testserver")
    from portal.models import AccessToken

    AccessToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(path).status_code == 410 and client.post(path).status_code == 410


def test_an_application_never_confirmed_is_deleted_after_a_week_with_its_message(client, run_worker):
    from django.core.management import call_command

    client.post(reverse("portal:join"), application_data())
    client.post(reverse("portal:join"), application_data(registration_number=valid_inn(5), contact_email="b@x.ru"))
    run_worker()
    Application.objects.filter(contact_email="b@x.ru").update(created_at=timezone.now() - datetime.timedelta(days=8))
    call_command("portal_daily")
    assert list(Application.objects.values_list("contact_email", flat=True)) == ["maria@clean.example.ru"]
    assert list(OutgoingMessage.objects.values_list("recipient", flat=True)) == ["maria@clean.example.ru"]
