"""Sign-in by e-mailed link: once, in time, only genuine links, only one's own member, never staff."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import AccessToken, OutgoingMessage, SignInEvent
from portal.services import invitation_send
from portal.session import SESSION_KEY
from portal.tokens import digest_of, secret_of, token_create
from tests.members.factories import MemberFactory

from .conftest import link_in

pytestmark = pytest.mark.django_db
Outcome = SignInEvent.Outcome


def mailed_link(run_worker, address):
    run_worker()
    [message] = [m for m in mail.outbox if address in m.to]
    mail.outbox.clear()
    return link_in(message.body).removeprefix("http://testserver")


def sign_in(client, path):
    assert client.get(path).status_code == 200  # a button: GET uses nothing up
    return client.post(path)


def test_a_requested_link_signs_in_once_and_then_not(client, member, run_worker):
    response = client.post(reverse("portal:account"), {"email": "ANNA@example.ru"})
    assert response.status_code == 200
    path = mailed_link(run_worker, "anna@example.ru")
    response = sign_in(client, path)
    assert response.status_code == 302 and response["Location"] == reverse("portal:account")
    page = client.get(reverse("portal:account")).content.decode()
    assert member.name_ru in page and "anna@example.ru" in page  # the whole record, the contact included
    other = client_class()
    assert other.get(path).status_code == 410
    assert other.post(path).status_code == 410
    assert SESSION_KEY not in other.session
    outcomes = list(SignInEvent.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [Outcome.LINK_REQUESTED, Outcome.SIGNED_IN, Outcome.LINK_USED]


def client_class():
    from django.test import Client

    return Client()


def test_the_page_answers_alike_for_known_and_unknown_addresses(client, member):
    known = client.post(reverse("portal:account"), {"email": "anna@example.ru"})
    unknown = client_class().post(reverse("portal:account"), {"email": "nobody@example.ru"})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content  # byte for byte (the page carries no form, so no CSRF token)
    assert OutgoingMessage.objects.count() == 1


def test_a_link_for_a_former_member_or_a_member_without_address_is_never_sent(client, db):
    MemberFactory(contact_email="old@example.ru", current=False)
    client.post(reverse("portal:account"), {"email": "old@example.ru"})
    assert not OutgoingMessage.objects.exists()
    assert SignInEvent.objects.get().outcome == Outcome.LINK_REQUESTED_UNKNOWN


def test_an_expired_link_does_not_sign_in(client, member):
    token = token_create(purpose=AccessToken.Purpose.SIGN_IN, member=member)
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    path = reverse("portal:sign-in", kwargs={"secret": secret_of(token)})
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert SESSION_KEY not in client.session
    assert SignInEvent.objects.get().outcome == Outcome.LINK_EXPIRED


def test_a_requested_link_lasts_an_hour_and_an_invitation_two_weeks(member):
    now = timezone.now()
    requested = token_create(purpose=AccessToken.Purpose.SIGN_IN, member=member)
    invitation = token_create(purpose=AccessToken.Purpose.INVITATION, member=member)
    assert abs((requested.expires_at - now) - datetime.timedelta(hours=1)) < datetime.timedelta(seconds=5)
    assert abs((invitation.expires_at - now) - datetime.timedelta(days=14)) < datetime.timedelta(seconds=5)


def test_a_forged_or_altered_link_does_not_sign_in(client, member):
    token = token_create(purpose=AccessToken.Purpose.SIGN_IN, member=member)
    secret = secret_of(token)
    for forged in [secret[:-1] + ("0" if secret[-1] != "0" else "1"), "a" * 64, token.digest, token.nonce]:
        assert client.post(reverse("portal:sign-in", kwargs={"secret": forged})).status_code == 410
    assert SESSION_KEY not in client.session


def test_the_link_is_stored_only_as_a_hash(member, run_worker):
    message = invitation_send(member=member)
    run_worker()
    secret = link_in(mail.outbox[0].body).rstrip("/").rsplit("/", 1)[1]
    token = AccessToken.objects.get()
    assert token.digest == digest_of(secret)
    stored = [str(value) for value in AccessToken.objects.values_list().get()]
    stored += [str(value) for value in OutgoingMessage.objects.filter(pk=message.pk).values_list().get()]
    assert not any(secret in value for value in stored)


def test_links_are_rate_limited_per_address_and_per_client(client, member, settings):
    settings.PORTAL_LINKS_PER_ADDRESS = 2
    settings.PORTAL_REQUESTS_PER_CLIENT = 4
    for _ in range(3):
        client.post(reverse("portal:account"), {"email": "anna@example.ru"})
    assert OutgoingMessage.objects.count() == 2
    for n in range(3):
        client.post(reverse("portal:account"), {"email": f"someone{n}@example.ru"})
    assert SignInEvent.objects.filter(outcome=Outcome.RATE_LIMITED).count() == 1 + 2


def test_a_member_session_is_refused_on_admin_and_grants_no_staff_rights(client, member):
    session = client.session
    session[SESSION_KEY] = member.pk
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get("/admin/members/member/").status_code == 302


def signed_in(client, member):
    token = token_create(purpose=AccessToken.Purpose.SIGN_IN, member=member)
    client.post(reverse("portal:sign-in", kwargs={"secret": secret_of(token)}))
    assert client.session[SESSION_KEY] == member.pk
    return client


def test_another_members_session_sees_none_of_this_members_pages(client, member):
    from portal.services import proposal_submit

    proposal = proposal_submit(member=member, values={"summary_ru": "Новое"}, proposed_by="Анна")
    other = signed_in(client, MemberFactory(contact_email="boris@example.no", contact_name="Boris Berg"))
    for name, kwargs in [("portal:account", {}), ("portal:propose", {})]:
        page = other.get(reverse(name, kwargs=kwargs)).content.decode()
        assert "anna@example.ru" not in page and member.name_ru not in page and "Анна" not in page
    assert other.get(reverse("portal:proposal", kwargs={"pk": proposal.pk})).status_code == 404
    for language_prefix in ["", "/en"]:
        assert other.get(f"{language_prefix}/account/proposals/{proposal.pk}/").status_code == 404


def test_every_members_page_sends_a_visitor_without_a_session_to_sign_in(client, member):
    for name, kwargs in [("portal:propose", {}), ("portal:proposal", {"pk": 1})]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302 and response["Location"] == reverse("portal:account")


def test_a_member_who_left_loses_its_session(client, member):
    import datetime as dt

    from members.services import member_leave

    signed_in(client, member)
    member_leave(member=member, left_on=dt.date.today())
    assert client.get(reverse("portal:propose")).status_code == 302


def test_signing_out_ends_the_member_session(client, member):
    signed_in(client, member)
    client.post(reverse("portal:sign-out"))
    assert SESSION_KEY not in client.session


def test_staff_send_an_invitation_from_the_members_admin_page(staff_client, member, run_worker):
    change = staff_client.get(reverse("admin:members_member_change", args=[member.pk])).content.decode()
    invite_url = reverse("admin:portal_member_invite", args=[member.pk])
    assert invite_url in change
    assert staff_client.get(invite_url).status_code == 200
    staff_client.post(invite_url)
    message = OutgoingMessage.objects.get()
    assert (message.kind, message.recipient, message.token.purpose) == ("invitation", "anna@example.ru", "invitation")


def test_staff_see_sign_ins_and_failures_in_the_log(staff_client, client, member):
    client.post(reverse("portal:sign-in", kwargs={"secret": "x" * 64}))
    page = staff_client.get("/admin/portal/signinevent/").content.decode()
    assert "127.0.0.1" in page


def test_the_members_record_page_costs_a_fixed_number_of_queries(client, member, django_assert_max_num_queries):
    from portal.services import proposal_submit

    signed_in(client, member)
    for n in range(5):
        proposal_submit(member=member, values={"summary_ru": f"Вариант {n}"}, proposed_by="Анна")
    # session, member, sectors, proposals, questionnaires, the footer's facts
    with django_assert_max_num_queries(7):
        assert client.get(reverse("portal:account")).status_code == 200
