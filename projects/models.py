"""Recognised cluster projects and initiatives, the bodies that award them, and the awards.

Rules the database can check (years in order, a real month and day) are constraints mirrored in
`clean()`; the rules that span rows (an award not before its project, a lead who takes part) are
checked in `clean()`, in the admin form and in `services.project_save`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.dates import day_label, month_label
from members.models import Member
from members.rules import YEAR_VALIDATORS, collect
from members.text import bilingual

from . import rules
from .querysets import AwardQuerySet, ProjectQuerySet, SlugQuerySet
from .validators import SCAN_EXTENSIONS, validate_scan_size


class Theme(models.Model):
    """A field of work projects are grouped by on the public list.

    A table rather than fixed choices: staff add themes without a release, the names are kept in
    both languages like sectors, and a registry for another cluster brings its own themes.
    """

    slug = models.SlugField(_("slug"), unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    objects = SlugQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name_en"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    name = bilingual()


class Project(models.Model):
    """A cluster project or initiative, who led it and who took part."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("Project")
        INITIATIVE = "initiative", _("Initiative")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Under way")
        COMPLETED = "completed", _("Completed")

    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The project's public web address."))
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="projects")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROJECT)
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, validators=YEAR_VALIDATORS, help_text=_("Empty while it goes on.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    lead = models.ForeignKey(
        Member,
        verbose_name=_("lead member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        help_text=_("Empty when the cluster as a whole leads it. The lead member must also be a participant."),
    )
    participants = models.ManyToManyField(
        Member, verbose_name=_("participating members"), blank=True, related_name="projects"
    )
    link = models.URLField(_("link"), blank=True)
    is_published = models.BooleanField(_("published"), default=True, help_text=_("Only published projects are public."))

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-first_year", "title_ru", "title_en"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_ru="", title_en=""),
                name="project_has_a_title",
                violation_error_message=rules.TITLE_MISSING,
            ),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="project_years_in_order",
                violation_error_message=rules.YEARS_REVERSED,
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(last_year__isnull=False),
                name="project_completed_has_last_year",
                violation_error_message=rules.COMPLETED_WITHOUT_LAST_YEAR,
            ),
        ]
        indexes = [models.Index(fields=["first_year", "last_year"], name="project_years")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    title = bilingual()

    summary = bilingual()

    @property
    def years(self) -> str:
        if self.last_year is None:
            return _("since %(year)s") % {"year": self.first_year}
        if self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def clean(self):
        errors = {}
        collect(errors, rules.check_title, self.title_ru, self.title_en)
        collect(
            errors, rules.check_project_years, self.first_year, self.last_year, self.status == self.Status.COMPLETED
        )
        if self.pk and self.first_year:
            earlier = self.awards.filter(year__lt=self.first_year).order_by("year").first()
            collect(errors, rules.check_first_year_after_awards, self.first_year, earlier)
        if errors:
            raise ValidationError(errors)


class AwardingBody(models.Model):
    """A public body that awards projects: a city committee, a federal ministry."""

    class Level(models.TextChoices):
        CITY = "city", _("City")
        FEDERAL = "federal", _("Federal")
        INTERNATIONAL = "international", _("International")

    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)

    objects = SlugQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("awarding body")
        verbose_name_plural = _("awarding bodies")
        ordering = ["level", "name_en"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    name = bilingual()


class Award(models.Model):
    """A letter, diploma, prize or certificate a body gave a project, dated at least to the year."""

    class Kind(models.TextChoices):
        LETTER_OF_GRATITUDE = "gratitude", _("Letter of gratitude")
        DIPLOMA = "diploma", _("Diploma")
        PRIZE = "prize", _("Prize")
        CERTIFICATE = "certificate", _("Certificate")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="awards")
    body = models.ForeignKey(
        AwardingBody, verbose_name=_("awarding body"), on_delete=models.PROTECT, related_name="awards"
    )
    kind = models.CharField(_("kind of award"), max_length=20, choices=Kind.choices)
    # Documents are often known only by their year: the month and day are given when known.
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    scan = models.FileField(
        _("scan"),
        upload_to="awards/%Y/",
        blank=True,
        validators=[FileExtensionValidator(SCAN_EXTENSIONS), validate_scan_size],
        help_text=_("PDF, JPEG or PNG, up to 10 MB."),
    )
    link = models.URLField(_("link to the document"), blank=True)

    objects = AwardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["year", "month", "day"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_ru="", title_en=""),
                name="award_has_a_title",
                violation_error_message=rules.TITLE_MISSING,
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="award_month_in_range",
                violation_error_message=rules.MONTH_OUT_OF_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(month__isnull=False, day__gte=1, day__lte=31),
                name="award_day_needs_month",
                violation_error_message=rules.DAY_WITHOUT_MONTH,
            ),
            models.UniqueConstraint(
                fields=["project", "body", "kind", "year", "title_ru", "title_en"],
                name="award_unique_per_project",
                violation_error_message=_("This project already has this award."),
            ),
        ]
        indexes = [models.Index(fields=["year"], name="award_year")]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.project.slug, self.body.slug, self.kind, self.year, self.title_ru, self.title_en)

    natural_key.dependencies = ["projects.project", "projects.awardingbody"]

    title = bilingual()

    @property
    def date_display(self) -> str:
        """The date as precisely as it is known: "2016", "March 2016" or "12 March 2016" (members.dates)."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return month_label(datetime.date(self.year, self.month, 1))
        return day_label(datetime.date(self.year, self.month, self.day))

    @property
    def date_iso(self) -> str:
        """The date for a `<time datetime>` attribute: "2016", "2016-03" or "2016-03-12"."""
        parts = [f"{self.year:04d}"] + [f"{part:02d}" for part in (self.month, self.day) if part is not None]
        return "-".join(parts)

    def clean(self):
        errors = {}
        collect(errors, rules.check_title, self.title_ru, self.title_en)
        collect(errors, rules.check_award_date, self.year, self.month, self.day)
        project = self._project_or_none()
        collect(errors, rules.check_award_after_project, self.year, project.first_year if project else None)
        if errors:
            raise ValidationError(errors)

    def _project_or_none(self) -> Project | None:
        # In the admin the project may be a new, unsaved one, so read the relation, not `project_id`.
        try:
            return self.project
        except Project.DoesNotExist:
            return None
