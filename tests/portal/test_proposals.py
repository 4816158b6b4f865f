"""Proposals: nothing changes until staff approve; then the members' service writes, naming both people."""

import pytest
from django.urls import reverse

from members.models import Member
from portal.models import AccessToken, Decision, OutgoingMessage, Proposal
from portal.services import proposal_approve, proposal_reject, proposal_submit
from portal.tokens import secret_of, token_create
from tests.members.factories import SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, member):
    token = token_create(purpose=AccessToken.Purpose.SIGN_IN, member=member)
    client.post(reverse("portal:sign-in", kwargs={"secret": secret_of(token)}))
    return client


def form_data(member, **changes):
    data = {name: getattr(member, name) for name in ("name_ru", "name_en", "short_name", "summary_ru", "summary_en")}
    data |= {name: getattr(member, name) for name in ("description_ru", "description_en", "website", "city_ru")}
    data |= {name: getattr(member, name) for name in ("city_en", "contact_name", "contact_position", "contact_email")}
    data |= {"contact_phone": member.contact_phone, "sectors": [s.pk for s in member.sectors.all()]}
    return data | changes


def test_a_proposal_changes_nothing_until_approved_then_writes_with_both_names(
    member_client, member, django_user_model
):
    water = SectorFactory(slug="water")
    history_before = member.history.count()
    response = member_client.post(
        reverse("portal:propose"), form_data(member, summary_ru="Очистка воды", sectors=[water.pk])
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:proposal", args=[proposal.pk])
    assert proposal.changes == {"summary_ru": "Очистка воды", "sectors": ["water"]}
    assert proposal.previous == {"summary_ru": "", "sectors": []}
    member.refresh_from_db()
    assert member.summary_ru == "" and member.history.count() == history_before

    staff = django_user_model.objects.create_superuser("olga", "olga@example.org", "a-long-test-password-1")
    proposal_approve(proposal=proposal, user=staff)
    member.refresh_from_db()
    assert member.summary_ru == "Очистка воды" and list(member.sectors.values_list("slug", flat=True)) == ["water"]
    latest = member.history.latest()
    assert latest.history_user == staff
    assert "Анна Петрова" in latest.history_change_reason and "olga" in latest.history_change_reason
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (Decision.APPROVED, staff)
    page = member_client.get(reverse("portal:proposal", args=[proposal.pk])).content.decode()
    assert "Очистка воды" in page and "Одобрено" in page


def test_a_proposal_is_checked_by_the_members_own_rules(member_client, member):
    response = member_client.post(reverse("portal:propose"), form_data(member, name_ru="", name_en=""))
    assert response.status_code == 200
    from members.rules import NAME_MISSING

    assert str(NAME_MISSING) in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_proposal_that_changes_nothing_is_not_kept(member_client, member):
    response = member_client.post(reverse("portal:propose"), form_data(member))
    assert response.status_code == 200 and not Proposal.objects.exists()


def test_a_rejected_proposal_keeps_the_record_and_tells_the_member_why(member, django_user_model):
    staff = django_user_model.objects.create_superuser("olga", "olga@example.org", "a-long-test-password-1")
    proposal = proposal_submit(member=member, values={"website": "https://example.ru"}, proposed_by="Анна")
    with pytest.raises(Exception, match="Укажите"):
        proposal_reject(proposal=proposal, user=staff, reason=" ")
    proposal_reject(proposal=proposal, user=staff, reason="Сайт не открывается")
    member.refresh_from_db()
    assert member.website == ""
    message = OutgoingMessage.objects.get(kind=OutgoingMessage.Kind.PROPOSAL_DECIDED)
    assert message.context == {"approved": False, "reason": "Сайт не открывается"}


def test_a_decided_proposal_cannot_be_decided_again(member, django_user_model):
    staff = django_user_model.objects.create_superuser("olga", "olga@example.org", "a-long-test-password-1")
    proposal = proposal_submit(member=member, values={"website": "https://example.ru"}, proposed_by="Анна")
    proposal_approve(proposal=proposal, user=staff)
    with pytest.raises(Exception):  # noqa: B017 (ValidationError)
        proposal_approve(proposal=proposal, user=staff)


def test_staff_see_the_field_changes_and_decide_in_the_admin(staff_client, member):
    proposal = proposal_submit(member=member, values={"summary_ru": "Очистка воды"}, proposed_by="Анна")
    page = staff_client.get(reverse("admin:portal_proposal_change", args=[proposal.pk])).content.decode()
    assert "Очистка воды" in page
    decide = reverse("admin:portal_proposal_decide", args=[proposal.pk])
    assert "Очистка воды" in staff_client.get(decide).content.decode()
    response = staff_client.post(decide, {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).summary_ru == "Очистка воды"


def test_staff_without_contact_permission_see_no_proposals(client, django_user_model, member):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="a-long-test-password-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_proposal"))
    client.force_login(user)
    assert client.get(reverse("admin:portal_proposal_changelist")).status_code == 403
