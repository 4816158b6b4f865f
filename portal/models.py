"""What the members' side keeps: outgoing messages, sign-in links and their log, proposals, applications,
erasures. A sign-in link is kept only as the hash of its secret (`portal.tokens`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from members.models import Member, Sector

LANGUAGE_CHOICES = settings.LANGUAGES


class OutgoingMessage(models.Model):
    """One e-mail to one recipient: sent once by the worker, its status the proof of it."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation to sign in")
        SIGN_IN = "sign_in", _("Sign-in link")
        CONFIRM_APPLICATION = "confirm_application", _("Confirmation of an application")
        APPLICATION_APPROVED = "application_approved", _("Application approved")
        APPLICATION_REJECTED = "application_rejected", _("Application rejected")
        PROPOSAL_DECIDED = "proposal_decided", _("Decision on a proposal")
        QUESTIONNAIRE = "questionnaire", _("Yearly questionnaire")
        REMINDER = "reminder", _("Reminder of the yearly questionnaire")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        BOUNCED = "bounced", _("Refused by the mail server")
        FAILED = "failed", _("Failed after retries")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    subject = models.CharField(_("subject"), max_length=300)
    # What the templates need besides the member and the link (a reason, a name): never a secret.
    context = models.JSONField(_("context"), default=dict, blank=True)
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.ForeignKey(
        "portal.AccessToken", verbose_name=_("link"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "claimed_at"], name="message_status_claimed")]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"


class AccessToken(models.Model):
    """A single-use link: to sign in as a member, or to confirm an application's address."""

    class Purpose(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        SIGN_IN = "sign_in", _("Requested sign-in link")
        CONFIRM_APPLICATION = "confirm_application", _("Confirmation of an application")
        QUESTIONNAIRE = "questionnaire", _("Link to the yearly questionnaire")

    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "portal.Application", verbose_name=_("application"), on_delete=models.CASCADE, null=True, blank=True
    )
    # The link's secret is derived from this nonce and the site's secret key; only its hash is stored.
    nonce = models.CharField(max_length=64, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(application__isnull=False), name="token_has_an_owner"
            )
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class SignInEvent(models.Model):
    """A line of the sign-in log staff read: links asked for, sign-ins, and refusals."""

    class Outcome(models.TextChoices):
        LINK_REQUESTED = "link_requested", _("Link requested for a member's address")
        LINK_REQUESTED_UNKNOWN = "link_requested_unknown", _("Link requested for an unknown address")
        RATE_LIMITED = "rate_limited", _("Link request refused: too many")
        SIGNED_IN = "signed_in", _("Signed in")
        LINK_UNKNOWN = "link_unknown", _("Refused: unknown or forged link")
        LINK_USED = "link_used", _("Refused: link already used")
        LINK_EXPIRED = "link_expired", _("Refused: link expired")
        MEMBER_GONE = "member_gone", _("Refused: no longer a current member")

    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    client = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-in log entry")
        verbose_name_plural = _("sign-in log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.at:%Y-%m-%d %H:%M})"


class Decision(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Decided(models.Model):
    """What staff decided about a proposal or an application: who, when, and the reason the sender reads."""

    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True

    def record_decision(self, status: str, *, user, reason: str) -> None:
        """Set the decision's fields (the caller saves, in its transaction)."""
        self.status, self.reason, self.decided_by, self.decided_at = status, reason, user, timezone.now()


class Proposal(Decided):
    """Changes a member proposes to its profile: nothing is written until staff approve them."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    # Field name -> proposed value (sectors as a list of slugs); `previous` the values when proposed.
    changes = models.JSONField(_("proposed values"), default=dict)
    previous = models.JSONField(_("values when proposed"), default=dict)
    logo = models.ImageField(_("proposed logo"), upload_to="portal/proposed-logos/", blank=True)
    proposed_by = models.CharField(_("proposed by"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.member}: {self.created_at:%Y-%m-%d}"


# What an applicant types on /join/ (besides the sectors and the consent), in the form's order.
APPLICANT_FIELDS = [
    "name_ru",
    "name_en",
    "country",
    "registration_number",
    "member_type",
    "city",
    "website",
    "headcount",
    "contact_name",
    "contact_position",
    "contact_email",
    "contact_phone",
]


class Application(Decided):
    """An organisation's application to join, typed by the applicant on /join/."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Address not yet confirmed")
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    country = CountryField(_("country"))
    registration_number = models.CharField(_("registration number"), max_length=40)
    member_type = models.CharField(_("member type"), max_length=20, choices=Member.Type.choices)
    city = models.CharField(_("town or city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="+")
    headcount = models.PositiveIntegerField(_("number of employees"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_position = models.CharField(_("contact person's position"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    consent_version = models.CharField(_("version of the consent text"), max_length=20)
    consented_at = models.DateTimeField(_("consent given at"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED)
    confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name_ru or self.name_en


class ContactErasure(models.Model):
    """That a member's contact person was erased on request, by whom and when: never what was erased."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+")
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("erased by"), on_delete=models.PROTECT, related_name="+"
    )
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    history_rows = models.PositiveIntegerField(_("history versions cleared"))

    class Meta:
        verbose_name = _("erasure of a contact person")
        verbose_name_plural = _("erasures of contact persons")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.member} ({self.erased_at:%Y-%m-%d})"


class ContactLanguage(models.Model):
    """The language a member's contact chose for its messages (the country decides until then)."""

    member = models.OneToOneField(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="portal_language"
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)

    class Meta:
        verbose_name = _("language of messages")
        verbose_name_plural = _("languages of messages")
        ordering = ["member"]

    def __str__(self):
        return f"{self.member}: {self.language}"


from .campaign_models import Campaign, Questionnaire  # noqa: E402, F401  (models of their own module)
