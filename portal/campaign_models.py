"""The yearly questionnaire: a campaign for a year, and each member's questionnaire in it.

A questionnaire's answers are the figures of `members.YearlyFigures` for the campaign's year; they become
the member's yearly figures only when staff accept them (`portal.campaigns.questionnaire_accept`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import rules
from members.models import Member


class Campaign(models.Model):
    """Staff ask every current member for its figures of `year`, by `deadline`."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[rules.validate_figures_year])
    deadline = models.DateField(_("deadline"))
    remind_days_before = models.PositiveSmallIntegerField(
        _("automatic reminder, days before the deadline"),
        default=7,
        help_text=_("Those who have not answered are reminded this many days before the deadline; 0: never."),
    )
    reminded_on = models.DateField(_("automatic reminder sent on"), null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    # Set by the background task once every member has its questionnaire (and its message queued).
    dispatched_at = models.DateTimeField(_("invitations queued at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire campaign")
        verbose_name_plural = _("questionnaire campaigns")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class State(models.TextChoices):
    """Where a member's questionnaire stands, as the campaign page counts it (in this order; `with_state`
    decides in its own: accepted, submitted, cannot be reached, overdue, opened, invited)."""

    INVITED = "invited", _("invited")
    OPENED = "opened", _("opened")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    OVERDUE = "overdue", _("overdue")
    UNREACHABLE = "unreachable", _("cannot be reached")


class QuestionnaireQuerySet(models.QuerySet):
    def with_state(self) -> "QuestionnaireQuerySet":
        """Annotate `state` (a `State`), computed in the database so that the page can count and filter."""
        # The message model through the relation: portal.models imports this module, not the other way round.
        status = self.model._meta.get_field("message").related_model.Status
        unreachable = Q(message__isnull=True, submitted_at__isnull=True) | Q(
            message__status__in=[status.BOUNCED, status.FAILED],
            submitted_at__isnull=True,
        )
        return self.annotate(
            state=Case(
                When(accepted_at__isnull=False, then=Value(State.ACCEPTED)),
                When(submitted_at__isnull=False, then=Value(State.SUBMITTED)),
                When(unreachable, then=Value(State.UNREACHABLE)),
                When(campaign__deadline__lt=timezone.localdate(), then=Value(State.OVERDUE)),
                When(opened_at__isnull=False, then=Value(State.OPENED)),
                default=Value(State.INVITED),
                output_field=models.CharField(),
            )
        )

    def awaiting_answer(self) -> "QuestionnaireQuerySet":
        """Those a reminder is for: reachable, not submitted."""
        return self.with_state().filter(state__in=[State.INVITED, State.OPENED, State.OVERDUE])


class Questionnaire(models.Model):
    """One member's questionnaire in a campaign: its link, its answers, and what became of them."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="questionnaires"
    )
    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    # The last message with its link (the invitation, then each reminder); none when the member has no address.
    message = models.ForeignKey(
        "portal.OutgoingMessage",
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["campaign", "member"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="questionnaire_one_per_member"),
        ]

    def __str__(self):
        return f"{self.member} ({self.campaign.year})"
