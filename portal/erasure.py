"""Erasing a member's contact person on request (the Russian personal data law, the GDPR).

The current fields and every historical version of them are cleared; the messages, proposals and
applications that carried the same person are cleared of it too. What is kept is that an erasure took
place, when and by whom (`ContactErasure`), and never what was erased.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Member
from members.services import member_save

from .models import Application, ContactErasure, OutgoingMessage, Proposal
from .services import CONTACT_FIELDS

ERASED_ADDRESS = "erased@invalid"


@transaction.atomic
def contact_erase(*, member: Member, user) -> ContactErasure:
    """Clear the contact person of `member` everywhere the registry keeps it; record the erasure."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    addresses = {member.contact_email.lower()} - {""}
    history = Member.history.model.objects.filter(id=member.pk)
    addresses |= {email.lower() for email in history.values_list("contact_email", flat=True) if email}
    cleared = history.update(**dict.fromkeys(CONTACT_FIELDS, ""))
    for name in CONTACT_FIELDS:
        setattr(member, name, "")
    member._history_user = user
    member._change_reason = _("Contact person erased on request")
    member_save(member=member)
    OutgoingMessage.objects.filter(member=member).update(recipient=ERASED_ADDRESS, context={})
    for address in addresses:
        OutgoingMessage.objects.filter(recipient__iexact=address).update(recipient=ERASED_ADDRESS, context={})
        Application.objects.filter(contact_email__iexact=address).update(
            contact_email=ERASED_ADDRESS, contact_name="", contact_position="", contact_phone=""
        )
    for proposal in Proposal.objects.filter(member=member):
        proposal.changes = {k: v for k, v in proposal.changes.items() if k not in CONTACT_FIELDS}
        proposal.previous = {k: v for k, v in proposal.previous.items() if k not in CONTACT_FIELDS}
        proposal.proposed_by = _("(erased)")
        proposal.save(update_fields=["changes", "previous", "proposed_by"])
    return ContactErasure.objects.create(member=member, erased_by=user, history_rows=cleared)
