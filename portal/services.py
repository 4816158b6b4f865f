"""Writes of the members' side: sign-in links, invitations, proposals and their decisions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from members.models import Member, Sector
from members.services import member_save, member_set_logo

from . import ratelimit
from .mail import member_language, message_queue
from .models import AccessToken, ContactLanguage, Decision, OutgoingMessage, Proposal, SignInEvent
from .tokens import token_create, token_find, token_use

Outcome = SignInEvent.Outcome
MEMBER_PURPOSES = (AccessToken.Purpose.INVITATION, AccessToken.Purpose.SIGN_IN, AccessToken.Purpose.QUESTIONNAIRE)

# What a member may propose to change: its public profile and its contact person.
PROFILE_FIELDS = [
    "name_ru",
    "name_en",
    "short_name",
    "summary_ru",
    "summary_en",
    "description_ru",
    "description_en",
    "website",
    "city_ru",
    "city_en",
    "sectors",
]
CONTACT_FIELDS = ["contact_name", "contact_position", "contact_email", "contact_phone"]
PROPOSABLE_FIELDS = PROFILE_FIELDS + CONTACT_FIELDS
NOTHING_CHANGED = _lazy("Nothing differs from the record as it is: change a field to propose it.")


def log_event(outcome: str, *, member=None, client=None) -> None:
    SignInEvent.objects.create(outcome=outcome, member=member, client=client)


@transaction.atomic
def sign_in_link_request(*, email: str, client: str | None, language: str) -> None:
    """Mail a sign-in link if `email` is a current member's contact address; say nothing either way."""
    if not ratelimit.allow(address=email, client=client):
        log_event(Outcome.RATE_LIMITED, client=client)
        return
    members = Member.objects.current().filter(contact_email__iexact=email.strip()).exclude(contact_email="")
    found = list(members[:2])
    if len(found) != 1:
        # Unknown, or an address two members share: a link could not say whose session it opens.
        log_event(Outcome.LINK_REQUESTED_UNKNOWN, client=client)
        return
    member = found[0]
    log_event(Outcome.LINK_REQUESTED, member=member, client=client)
    token = token_create(purpose=AccessToken.Purpose.SIGN_IN, member=member)
    message_queue(
        kind=OutgoingMessage.Kind.SIGN_IN, recipient=member.contact_email, language=language, member=member, token=token
    )


@transaction.atomic
def invitation_send(*, member: Member) -> OutgoingMessage:
    """Mail the member's contact an invitation: a link valid for 14 days."""
    if not member.contact_email:
        raise ValidationError(_("This member has no contact address to send an invitation to."))
    token = token_create(purpose=AccessToken.Purpose.INVITATION, member=member)
    return message_queue(
        kind=OutgoingMessage.Kind.INVITATION,
        recipient=member.contact_email,
        language=member_language(member),
        member=member,
        token=token,
    )


def sign_in_check(secret: str) -> tuple[AccessToken | None, str]:
    """The member token a link names and why it cannot be used ("" when it can), without using it."""
    token = token_find(secret)
    if token is None or token.purpose not in MEMBER_PURPOSES:
        return None, Outcome.LINK_UNKNOWN
    if token.used_at is not None:
        return token, Outcome.LINK_USED
    if token.expires_at <= timezone.now():
        return token, Outcome.LINK_EXPIRED
    if not Member.objects.current().filter(pk=token.member_id).exists():
        return token, Outcome.MEMBER_GONE
    return token, ""


@transaction.atomic
def sign_in_link_use(*, secret: str, client: str | None, language: str) -> AccessToken | None:
    """Use a sign-in link once: the token, whose member it opens, or None (logged with the reason)."""
    token, refusal = sign_in_check(secret)
    if not refusal and not token_use(token):
        refusal = Outcome.LINK_USED  # another request used it a moment ago
    member = token.member if token is not None else None
    log_event(refusal or Outcome.SIGNED_IN, member=member, client=client)
    if refusal:
        return None
    ContactLanguage.objects.update_or_create(member=member, defaults={"language": language})
    return token


def profile_values(member: Member) -> dict:
    """The member's proposable fields as JSON values (sectors as sorted slugs)."""
    values = {name: getattr(member, name) for name in PROPOSABLE_FIELDS if name != "sectors"}
    values["sectors"] = sorted(member.sectors.values_list("slug", flat=True)) if member.pk else []
    return values


@transaction.atomic
def proposal_submit(*, member: Member, values: dict, logo=None, proposed_by: str) -> Proposal | None:
    """Keep the fields of `values` that differ from the member's as a proposal; None if nothing differs."""
    previous = profile_values(member)
    changes = {name: value for name, value in values.items() if name in previous and previous[name] != value}
    if not changes and logo is None:
        return None
    proposal = Proposal(
        member=member,
        changes=changes,
        previous={name: previous[name] for name in changes},
        proposed_by=proposed_by,
    )
    if logo is not None:
        proposal.logo.save(logo.name, logo, save=False)
    proposal.save()
    return proposal


def history_reason(proposal: Proposal, user) -> str:
    return _("Proposed by %(proposer)s on the members' pages; approved by %(staff)s") % {
        "proposer": proposal.proposed_by,
        "staff": user.get_username(),
    }


@transaction.atomic
def proposal_approve(*, proposal: Proposal, user) -> Member:
    """Write a pending proposal through the members' own service; the history names both people."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Decision.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    member = Member.objects.get(pk=proposal.member_id)
    changes = dict(proposal.changes)
    sectors = None
    if "sectors" in changes:
        sectors = list(Sector.objects.filter(slug__in=changes.pop("sectors")))
    for name, value in changes.items():
        setattr(member, name, value)
    member._history_user = user
    member._change_reason = history_reason(proposal, user)
    member_save(member=member, sectors=sectors)
    if proposal.logo:
        with proposal.logo.open("rb") as upload:
            member_set_logo(member=member, upload=upload)
    _decide(proposal, Decision.APPROVED, user=user, reason="")
    return member


@transaction.atomic
def proposal_reject(*, proposal: Proposal, user, reason: str) -> None:
    """Refuse a pending proposal with a reason the member reads; nothing of the member changes."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Decision.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is rejected: the member reads it.")})
    _decide(proposal, Decision.REJECTED, user=user, reason=reason.strip())


def _decide(proposal: Proposal, status: str, *, user, reason: str) -> None:
    proposal.record_decision(status, user=user, reason=reason)
    proposal.save()
    member = proposal.member
    if member.contact_email:
        message_queue(
            kind=OutgoingMessage.Kind.PROPOSAL_DECIDED,
            recipient=member.contact_email,
            language=member_language(member),
            member=member,
            context={"approved": status == Decision.APPROVED, "reason": reason},
        )


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value) if value not in ("", None) else "—"


def proposal_rows(proposal: Proposal) -> list[tuple[str, str, str]]:
    """(field's name, value when proposed, proposed value) for each change, in the active language."""
    rows = [
        (str(Member._meta.get_field(name).verbose_name), _shown(proposal.previous.get(name, "")), _shown(value))
        for name, value in proposal.changes.items()
    ]
    if proposal.logo:
        rows.append((_("logo"), "", _("a new logo")))
    return rows
