"""The yearly questionnaire campaign: open it, invite every current member, remind, take answers, accept them.

Opening a campaign writes one row and enqueues one task, so the page answers at once whatever the number
of members. The task (`campaign_dispatch`) gives each current member its questionnaire and, where the
member has a contact address, a personal link and a queued message, 500 members a transaction: a worker
stopped halfway leaves whole batches, and the next run (`mail_worker` re-enqueues an unfinished campaign)
goes on with the members that have no questionnaire yet. Each message is then sent once by its own task.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from members.models import Member, YearlyFigures
from members.services import yearly_figures_save
from members.yearly import FIGURES

from .campaign_models import Campaign, Questionnaire
from .mail import member_language, messages_queue_bulk
from .models import AccessToken, OutgoingMessage
from .tokens import LIFETIMES, token_new

BATCH = 500
ANSWER_FIELDS = (*FIGURES, "currency")
Kind = OutgoingMessage.Kind


@transaction.atomic
def campaign_open(*, campaign: Campaign, user) -> Campaign:
    """Open a campaign and enqueue the invitations of every current member (in the background)."""
    campaign.opened_by = user
    campaign.full_clean()
    campaign.save()
    dispatch_campaign.enqueue(campaign.pk)
    return campaign


def campaign_dispatch(campaign_id: int) -> int:
    """Give each current member without one its questionnaire and message; how many were given now."""
    given = 0
    while True:
        with transaction.atomic():
            campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
            if campaign.dispatched_at is not None:
                return given
            members = list(_not_yet_invited(campaign)[:BATCH])
            if not members:
                campaign.dispatched_at = timezone.now()
                campaign.save(update_fields=["dispatched_at"])
                return given
            _invite(campaign, members, Kind.QUESTIONNAIRE)
            given += len(members)


def campaigns_resume() -> int:
    """Enqueue again the invitations of campaigns a stopped worker left unfinished (the task is idempotent)."""
    pending = list(Campaign.objects.filter(dispatched_at__isnull=True).values_list("pk", flat=True))
    for campaign_id in pending:
        dispatch_campaign.enqueue(campaign_id)
    return len(pending)


def _not_yet_invited(campaign: Campaign):
    invited = Questionnaire.objects.filter(campaign=campaign).values("member_id")
    return Member.objects.current().exclude(pk__in=invited).select_related("portal_language").order_by("pk")


def _link_expiry(campaign: Campaign) -> datetime.datetime:
    end_of_deadline = timezone.make_aware(datetime.datetime.combine(campaign.deadline, datetime.time.max))
    return max(timezone.now() + LIFETIMES[AccessToken.Purpose.QUESTIONNAIRE], end_of_deadline)


def _messages_for(campaign: Campaign, members: list[Member], kind: str) -> dict[int, OutgoingMessage]:
    """A personal link and a queued message for each member with an address: {member id: message}."""
    reachable = [member for member in members if member.contact_email]
    expires_at = _link_expiry(campaign)
    tokens = AccessToken.objects.bulk_create(
        [
            token_new(purpose=AccessToken.Purpose.QUESTIONNAIRE, member=member, expires_at=expires_at)
            for member in reachable
        ],
        batch_size=BATCH,
    )
    context = {"year": campaign.year, "deadline": campaign.deadline.isoformat()}
    messages = messages_queue_bulk(
        [
            OutgoingMessage(
                kind=kind,
                recipient=member.contact_email,
                language=member_language(member),
                member=member,
                token=token,
                context=context,
            )
            for member, token in zip(reachable, tokens, strict=True)
        ]
    )
    return {message.member_id: message for message in messages}


def _invite(campaign: Campaign, members: list[Member], kind: str) -> None:
    messages = _messages_for(campaign, members, kind)
    Questionnaire.objects.bulk_create(
        [Questionnaire(campaign=campaign, member=member, message=messages.get(member.pk)) for member in members],
        batch_size=BATCH,
    )


def campaign_remind(campaign_id: int) -> int:
    """A new link and a reminder for each reachable member that has not submitted; how many were sent."""
    campaign = Campaign.objects.get(pk=campaign_id)
    waiting = Questionnaire.objects.filter(campaign=campaign).awaiting_answer().exclude(member__contact_email="")
    ids = list(waiting.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            questionnaires = list(
                Questionnaire.objects.filter(pk__in=ids[start : start + BATCH]).select_related(
                    "member__portal_language"
                )
            )
            messages = _messages_for(campaign, [q.member for q in questionnaires], Kind.REMINDER)
            for questionnaire in questionnaires:
                questionnaire.message = messages[questionnaire.member_id]
                questionnaire.reminders += 1
            Questionnaire.objects.bulk_update(questionnaires, ["message", "reminders"], batch_size=BATCH)
    return len(ids)


def campaigns_due_for_reminder(today: datetime.date | None = None):
    """Campaigns whose automatic reminder falls due today (or fell due and was not sent)."""
    today = today or timezone.localdate()
    campaigns = Campaign.objects.filter(dispatched_at__isnull=False, reminded_on__isnull=True, deadline__gte=today)
    return [
        c
        for c in campaigns.exclude(remind_days_before=0)
        if c.deadline - datetime.timedelta(c.remind_days_before) <= today
    ]


def previous_answers(questionnaire: Questionnaire) -> dict:
    """What the form starts with: the answers given, else last year's figures of the member."""
    if questionnaire.answers:
        return questionnaire.answers
    last = YearlyFigures.objects.filter(member=questionnaire.member, year=questionnaire.campaign.year - 1).first()
    if last is None:
        return {}
    return {name: getattr(last, name) for name in ANSWER_FIELDS}


@transaction.atomic
def questionnaire_submit(*, questionnaire: Questionnaire, answers: dict) -> Questionnaire:
    """Keep the member's answers (checked by the form with the figures' own rules); editable until accepted."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.accepted_at is not None:
        raise ValidationError(_("These answers have been accepted already and can no longer be changed."))
    questionnaire.answers = {name: answers.get(name) for name in ANSWER_FIELDS}
    questionnaire.submitted_at = timezone.now()
    questionnaire.save(update_fields=["answers", "submitted_at"])
    return questionnaire


@transaction.atomic
def questionnaire_accept(*, questionnaire: Questionnaire, user) -> YearlyFigures:
    """Make submitted answers the member's yearly figures, through the figures' own service, confirmed."""
    questionnaire = Questionnaire.objects.select_for_update().select_related("campaign").get(pk=questionnaire.pk)
    if questionnaire.submitted_at is None or questionnaire.accepted_at is not None:
        raise ValidationError(_("Only submitted answers that are not yet accepted can be accepted."))
    year = questionnaire.campaign.year
    figures = YearlyFigures.objects.filter(member_id=questionnaire.member_id, year=year).first()
    figures = figures or YearlyFigures(member_id=questionnaire.member_id, year=year)
    for name in ANSWER_FIELDS:
        setattr(figures, name, questionnaire.answers.get(name) or ("" if name == "currency" else None))
    figures.source = YearlyFigures.Source.REPORTED
    yearly_figures_save(figures=figures, user=user, confirm=True)
    questionnaire.accepted_at, questionnaire.accepted_by = timezone.now(), user
    questionnaire.save(update_fields=["accepted_at", "accepted_by"])
    return figures


def questionnaire_opened(questionnaire: Questionnaire) -> None:
    if questionnaire.opened_at is None:
        Questionnaire.objects.filter(pk=questionnaire.pk, opened_at__isnull=True).update(opened_at=timezone.now())


@task()
def dispatch_campaign(campaign_id: int) -> int:
    """The background task: give every current member its questionnaire and queue its message."""
    return campaign_dispatch(campaign_id)


@task()
def remind_campaign(campaign_id: int) -> int:
    """The background task: remind those who have not answered a campaign's questionnaire."""
    return campaign_remind(campaign_id)
