"""Erasing a contact person: the record and every historical version cleared, the erasure recorded bare."""

import pytest
from django.urls import reverse

from members.models import Member
from members.services import member_save
from portal.models import ContactErasure, OutgoingMessage
from portal.services import invitation_send, proposal_submit

pytestmark = pytest.mark.django_db


def test_erasure_leaves_no_trace_of_the_contact_in_the_members_history(staff_client, member):
    member.contact_name, member.contact_email = "Анна Сидорова", "anna.s@example.ru"
    member_save(member=member)  # an earlier version with another spelling
    member.contact_phone = "+7 812 000-00-00"
    member_save(member=member)
    invitation_send(member=member)
    proposal_submit(member=member, values={"contact_position": "директор"}, proposed_by="Анна Сидорова <anna.s@>")
    erase = reverse("admin:portal_member_erase", args=[member.pk])
    assert staff_client.get(erase).status_code == 200
    staff_client.post(erase)

    member.refresh_from_db()
    assert (member.contact_name, member.contact_email, member.contact_phone) == ("", "", "")
    for traces in ("Анна", "anna", "812 000"):
        for row in Member.history.model.objects.filter(id=member.pk).values():
            assert not any(traces in str(value) for value in row.values()), row
        for row in OutgoingMessage.objects.values():
            assert not any(traces in str(value) for value in row.values()), row
    erasure = ContactErasure.objects.get()
    assert erasure.member == member and erasure.history_rows >= 3
    assert not any("Анна" in str(value) for value in ContactErasure.objects.values().get().values())


def test_the_privacy_page_speaks_both_languages(client, db):
    russian = client.get(reverse("portal:privacy")).content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "персональн" in russian and "How we handle personal data" in english
    assert "2026-12-01" in russian and "2026-12-01" in english
