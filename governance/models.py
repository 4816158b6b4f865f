"""How the cluster is governed: the board's chairmanship rotating by country, the board's seats,
the networks the cluster belongs to, and its founding documents and milestones.

Public page: /governance/ (and /en/governance/); the home page shows the chair through
templates/governance/includes/home_chair.html. Staff edit everything in the admin, with the
permissions of their role (cluster_registry/roles.py); changes are kept in each model's history.
Read rules are in querysets.py, writes of terms in services.py, the PostgreSQL-only exclusion
constraint in operations.py.
"""

import datetime

from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from members.dates import day_label, month_label
from members.models import Member
from members.rules import YEAR_VALIDATORS
from members.text import bilingual

from . import rules
from .querysets import BoardSeatQuerySet, ChairTermQuerySet, SlugQuerySet, month_start, months_from


class ChairTerm(models.Model):
    """A member country's term as chair of the board of directors, from one month to another."""

    country = CountryField(_("country"))
    first_month = models.DateField(_("first month"), help_text=_("Year and month; kept as the first day of the month."))
    last_month = models.DateField(
        _("last month"),
        help_text=_("Year and month. It may be the next term's first month, when the chair was handed over in it."),
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chair_terms",
        help_text=_("The member organisation that chaired, if known."),
    )
    person = models.CharField(_("person who chaired"), max_length=200, blank=True)
    notes_ru = models.TextField(_("notes (Russian)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)

    objects = ChairTermQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chairmanship term")
        verbose_name_plural = _("chairmanship terms")
        ordering = ["first_month", "last_month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_month__gte=models.F("first_month")),
                name="chairterm_last_not_before_first",
                violation_error_message=rules.MONTHS_REVERSED,
            ),
            models.UniqueConstraint(
                fields=["country", "first_month"],
                name="chairterm_unique_start",
                violation_error_message=_("This country already has a term beginning in this month."),
            ),
            # Overlaps beyond a hand-over month are refused on PostgreSQL by an exclusion constraint
            # added in the migrations (governance/operations.py), on SQLite by chair_term_save().
        ]

    def __str__(self):
        return f"{self.country.name}, {self.period_label}"

    def natural_key(self):
        return (str(self.country), self.first_month.isoformat())

    @property
    def period_label(self) -> str:
        return f"{month_label(self.first_month)} – {month_label(self.last_month)}"

    notes = bilingual()

    @property
    def months_chaired(self) -> int:
        """Months this term counts as chair; needs `handed_over` from `ChairTermQuerySet.with_months()`."""
        return months_from(self.first_month, self.last_month) + (0 if self.handed_over else 1)

    def covers(self, day: datetime.date) -> bool:
        """Whether `day` falls in one of the term's months (a hand-over month included)."""
        return self.first_month <= month_start(day) <= self.last_month

    def clean(self):
        if self.first_month:
            self.first_month = month_start(self.first_month)
        if self.last_month:
            self.last_month = month_start(self.last_month)
        if not (self.first_month and self.last_month):
            return
        rules.check_term_months(self.first_month, self.last_month)
        rules.check_term_clash(ChairTerm.objects.colliding_with(self).first())


class BoardSeat(models.Model):
    """A seat on the board of directors, held by a person for a member organisation."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        DIRECTOR = "director", _("Director")

    member = models.ForeignKey(
        Member,
        verbose_name=_("member organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_seats",
    )
    person = models.CharField(_("person"), max_length=200)
    country = CountryField(_("country"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DIRECTOR)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty while the seat is held."))

    objects = BoardSeatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board seat")
        verbose_name_plural = _("board seats")
        ordering = ["-started_on", "person"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="boardseat_ended_not_before_started",
                violation_error_message=rules.SEAT_REVERSED,
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    def clean(self):
        rules.check_seat_dates(self.started_on, self.ended_on)


class Affiliation(models.Model):
    """A network or association of clusters that the cluster belongs to."""

    slug = models.SlugField(_("slug"), unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    year_joined = models.PositiveSmallIntegerField(
        _("year joined"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Empty when the year is not known."),
    )
    link = models.URLField(_("link"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    objects = SlugQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["name_en"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    name = bilingual()

    description = bilingual()


class Document(models.Model):
    """A founding document or milestone of the cluster: an agreement, an order, a programme, a decision."""

    class Type(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement")
        GOVERNMENT_ORDER = "government_order", _("Government order")
        PROGRAMME = "programme", _("Programme")
        FORUM_DECISION = "forum_decision", _("Forum decision")
        INITIATIVE = "initiative", _("Initiative")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year only")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    doc_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    number = models.CharField(_("number"), max_length=50, blank=True)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Empty when no date is known; a year alone is kept as 1 January with the precision “year only”."),
    )
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    occasion_ru = models.CharField(
        _("occasion (Russian)"),
        max_length=300,
        blank=True,
        help_text=_("For example, the forum at which it was signed."),
    )
    occasion_en = models.CharField(_("occasion (English)"), max_length=300, blank=True)
    parties_ru = models.TextField(_("parties (Russian)"), blank=True)
    parties_en = models.TextField(_("parties (English)"), blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to="governance/documents/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "doc", "docx", "odt", "rtf", "jpg", "jpeg", "png"])],
    )

    objects = SlugQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents and milestones")
        ordering = [
            models.F("date").asc(nulls_last=True),
            "doc_type",
            "title_en",
        ]  # an order before the programme it approves
        constraints = [
            models.CheckConstraint(
                condition=Q(link="") | Q(file=""),
                name="document_link_or_file",
                violation_error_message=rules.LINK_AND_FILE,
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    title = bilingual()

    occasion = bilingual()

    parties = bilingual()

    @property
    def date_label(self) -> str:
        """The date as precisely as it is known, and no more."""
        if self.date is None:
            return ""
        if self.date_precision == self.Precision.YEAR:
            return str(self.date.year)
        if self.date_precision == self.Precision.MONTH:
            return month_label(self.date)
        return day_label(self.date)

    def clean(self):
        if self.date and self.date_precision == self.Precision.YEAR:
            self.date = self.date.replace(month=1, day=1)
        elif self.date and self.date_precision == self.Precision.MONTH:
            self.date = month_start(self.date)
        rules.check_link_or_file(self.link, self.file)
