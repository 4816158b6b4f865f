"""Applications to join: submitted on /join/, confirmed by the applicant's link, decided by staff."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.english import by_script
from members.models import Member
from members.registration import normalise_registration_number
from members.services import member_join, member_report_headcount, member_save

from .mail import message_queue
from .models import AccessToken, Application, ContactLanguage, OutgoingMessage
from .tokens import token_create, token_find, token_use

Kind = OutgoingMessage.Kind
Status = Application.Status


def registration_number_taken(country: str, number: str) -> bool:
    """Whether a member of `country` already has this (valid) registration number."""
    number = normalise_registration_number(country, number)
    return bool(number) and Member.objects.filter(country=country, registration_number=number).exists()


@transaction.atomic
def application_submit(*, application: Application, sectors, language: str) -> Application:
    """Keep an application, unseen by staff until the applicant confirms the address by the mailed link."""
    application.registration_number = normalise_registration_number(
        str(application.country), application.registration_number
    )
    application.language = language
    application.consent_version = settings.PORTAL_CONSENT_VERSION
    application.consented_at = timezone.now()
    application.status = Status.UNCONFIRMED
    application.full_clean()
    application.save()
    application.sectors.set(sectors)
    token = token_create(purpose=AccessToken.Purpose.CONFIRM_APPLICATION, application=application)
    message_queue(
        kind=Kind.CONFIRM_APPLICATION,
        recipient=application.contact_email,
        language=language,
        token=token,
        context={"organisation": str(application)},
    )
    return application


@transaction.atomic
def application_confirm(*, secret: str) -> Application | None:
    """Use a confirmation link once: the application goes to staff. None for a bad, used or expired link."""
    token = token_find(secret)
    if token is None or token.purpose != AccessToken.Purpose.CONFIRM_APPLICATION or not token_use(token):
        return None
    application = Application.objects.select_for_update().get(pk=token.application_id)
    if application.status == Status.UNCONFIRMED:
        application.status = Status.PENDING
        application.confirmed_at = timezone.now()
        application.save(update_fields=["status", "confirmed_at"])
    return application


UNCONFIRMED_KEPT = datetime.timedelta(days=7)


def applications_purge_unconfirmed() -> int:
    """Delete the applications nobody confirmed within a week, and the personal data they hold."""
    stale = Application.objects.filter(status=Status.UNCONFIRMED, created_at__lt=timezone.now() - UNCONFIRMED_KEPT)
    OutgoingMessage.objects.filter(kind=Kind.CONFIRM_APPLICATION, token__application__in=stale).delete()
    return stale.delete()[1].get("portal.Application", 0)


def _unique_slug(application: Application) -> str:
    base = slugify(application.name_en or by_script(application.name_ru)[1] or "") or "member"
    base = base[:100]
    slug, n = base, 1
    while Member.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def application_approve(*, application: Application, user) -> Member:
    """Make the applicant a member: unpublished, a member from today, its contact mailed a sign-in link."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.PENDING:
        raise ValidationError(_("Only a confirmed application awaiting review can be approved."))
    city_ru, city_en = by_script(application.city)
    member = Member(
        name_ru=application.name_ru,
        name_en=application.name_en,
        slug=_unique_slug(application),
        member_type=application.member_type,
        country=application.country,
        city_ru=city_ru,
        city_en=city_en,
        website=application.website,
        registration_number=application.registration_number,
        contact_name=application.contact_name,
        contact_position=application.contact_position,
        contact_email=application.contact_email,
        contact_phone=application.contact_phone,
        is_published=False,
    )
    member._history_user = user
    member._change_reason = _("Created from application no. %(id)s") % {"id": application.pk}
    member_save(member=member, sectors=list(application.sectors.all()))
    today = timezone.localdate()
    member_join(member=member, joined_on=today)
    member_report_headcount(member=member, employees=application.headcount, reported_on=today)
    ContactLanguage.objects.create(member=member, language=application.language)
    _decide(application, Status.APPROVED, user=user, reason="", member=member)
    token = token_create(purpose=AccessToken.Purpose.INVITATION, member=member)
    message_queue(
        kind=Kind.APPLICATION_APPROVED,
        recipient=member.contact_email,
        language=application.language,
        member=member,
        token=token,
    )
    return member


@transaction.atomic
def application_reject(*, application: Application, user, reason: str) -> None:
    """Refuse an application with a reason, mailed to the applicant."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Status.PENDING:
        raise ValidationError(_("Only a confirmed application awaiting review can be rejected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the application is rejected: the applicant reads it.")})
    _decide(application, Status.REJECTED, user=user, reason=reason.strip())
    message_queue(
        kind=Kind.APPLICATION_REJECTED,
        recipient=application.contact_email,
        language=application.language,
        context={"organisation": str(application), "reason": application.reason},
    )


def _decide(application: Application, status: str, *, user, reason: str, member=None) -> None:
    application.record_decision(status, user=user, reason=reason)
    application.member = member
    application.save()
