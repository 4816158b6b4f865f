"""The cluster's development programme, its indicators and their yearly targets.

An indicator is either one of the figures the registry computes for a year (`Indicator.Figure`, the
figures of the cluster indicators report) or a figure staff enter; only the latter has an actual
value typed in beside its target. The rules are written once in `rules.py`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.rules import YEAR_VALIDATORS, collect
from members.text import bilingual

from . import rules


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Programme(models.Model):
    """A development programme of the cluster: who approved it, when, to which year, and who carries it out."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    approved_by_ru = models.CharField(
        _("approved by (Russian)"),
        max_length=300,
        blank=True,
        help_text=_("The act that approved it, for example an order of the Government of St. Petersburg."),
    )
    approved_by_en = models.CharField(_("approved by (English)"), max_length=300, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, validators=YEAR_VALIDATORS, help_text=_("The year it runs to.")
    )
    executors_ru = models.TextField(_("executors (Russian)"), blank=True)
    executors_en = models.TextField(_("executors (English)"), blank=True)
    document = models.ForeignKey(
        "governance.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        help_text=_("The programme's entry among the cluster's documents, if there is one."),
    )

    objects = SlugManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("development programme")
        verbose_name_plural = _("development programmes")
        ordering = ["-approved_on", "slug"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["governance.document"]

    name = bilingual()
    approved_by = bilingual()
    executors = bilingual()

    def clean(self):
        errors = {}
        collect(errors, rules.check_programme_years, self.approved_on and self.approved_on.year, self.last_year)
        if errors:
            raise ValidationError(errors)


class IndicatorManager(models.Manager):
    def get_by_natural_key(self, programme_slug, slug):
        return self.get(programme__slug=programme_slug, slug=slug)


class Indicator(models.Model):
    """A measure of a programme: one of the registry's computed figures, or a figure staff enter."""

    class Figure(models.TextChoices):
        # The figures of the cluster indicators report (`reports.figures`), each for a year.
        MEMBERS = "members", _("Members at the year's end")
        SME_MEMBERS = "sme_members", _("SME members at the year's end")
        EMPLOYEES = "employees", _("Employees of the members")
        REVENUE_SME = "revenue_sme", _("Revenue of SME members")
        EXPORTS = "exports", _("Exports of the members")
        RND = "rnd", _("Research and development spending of the members")
        INVESTMENT = "investment", _("Investment of the members")
        NEW_PRODUCTS = "new_products", _("New products brought to market by the members")
        NEW_PRODUCTS_FOREIGN = "new_products_foreign", _("New products of the members on foreign markets")
        NEW_PRODUCTS_SME = "new_products_sme", _("New products brought to market by SME members")
        NEW_PRODUCTS_SME_FOREIGN = "new_products_foreign_sme", _("New products of SME members on foreign markets")
        JOINT_PROJECTS = "joint_projects", _("Joint projects under way")
        AWARDS = "awards", _("Awards of the cluster's projects")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="indicators"
    )
    slug = models.SlugField(_("slug"), max_length=120)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    unit_ru = models.CharField(_("unit (Russian)"), max_length=60, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    figure = models.CharField(
        _("computed figure"),
        max_length=40,
        choices=Figure.choices,
        blank=True,
        help_text=_("The registry's figure this indicator is; empty when staff enter its actual values."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = IndicatorManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["programme", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="indicator_unique_slug_per_programme"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.programme.natural_key(), self.slug)

    natural_key.dependencies = ["reports.programme"]

    name = bilingual()
    unit = bilingual()

    @property
    def is_entered(self) -> bool:
        return not self.figure


class TargetManager(models.Manager):
    def get_by_natural_key(self, programme_slug, indicator_slug, year):
        return self.get(indicator__programme__slug=programme_slug, indicator__slug=indicator_slug, year=year)


class Target(models.Model):
    """An indicator's target for a year, and for an indicator staff enter, its actual value."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)])
    actual = models.DecimalField(
        _("actual value"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Only for an indicator staff enter; a computed one is read from the registry."),
    )
    note_ru = models.CharField(_("note (Russian)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)

    objects = TargetManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_year_per_indicator"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
            models.CheckConstraint(
                condition=Q(actual__gte=0) | Q(actual__isnull=True), name="target_actual_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} — {self.year}"

    def natural_key(self):
        return (*self.indicator.natural_key(), self.year)

    natural_key.dependencies = ["reports.indicator"]

    note = bilingual()

    def clean(self):
        errors = {}
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None:
            collect(errors, rules.check_actual_entered, indicator.figure, self.actual)
            collect(errors, rules.check_target_year, self.year, indicator.programme.last_year)
        if errors:
            raise ValidationError(errors)
