"""A member's figures for a calendar year, and the yearly exchange rates that put them in roubles and euros.

`YearlyFigures` holds, for one member and one year, the average headcount, the revenue and the part of
it from exports, the R&D spending, the investment (amounts in thousands of the member's own currency),
and the new products brought to market, each optional, with its source and who entered and confirmed
it. Its size category is computed (`members.size`), never typed: it is stored so the reports can group
on it, and recomputed by every write path (`services.yearly_figures_save`, the yearly import,
`services.exchange_rate_save` and `member_save` through `YearlyFiguresQuerySet.recompute_sizes()`).

A confirmed yearly headcount is also the member's headcount report dated 31 December of that year
(`HeadcountReport.yearly_figures`), so the member's latest headcount keeps one source: the headcount
history, summarised by `MemberQuerySet.sync_summaries()`.

`ExchangeRate` is the average rate of a currency to the rouble for a year, with its source.
Revenue, exports, R&D and investment are confidential (`restricted.RESTRICTED_FIELDS`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import rules
from .currencies import BASE, Currency, default_currency
from .limits import INTEGER_MAX
from .owned import OwnedByMember
from .size import Size, SizeBasis, SizeCategory, SizeRule, size_of

CONFIDENTIAL_FIGURES = ("revenue", "exports", "rnd", "investment")
AMOUNT_FIGURES = CONFIDENTIAL_FIGURES  # the amounts, in thousands of the figures' currency
COUNT_FIGURES = ("employees", "new_products", "new_products_foreign")
FIGURES = ("employees", *AMOUNT_FIGURES, "new_products", "new_products_foreign")
SIZE_FIELDS = ("size_category", "size_rule", "size_basis")


class FigureFieldMixin:
    """A figure's form field leaves the range to `rules.validate_figure`, so every way in says the same."""

    def formfield(self, **kwargs):
        return super().formfield(**{"min_value": None, **kwargs})


class AmountField(FigureFieldMixin, models.PositiveBigIntegerField):
    """An amount in thousands of a currency, never negative."""


class CountField(FigureFieldMixin, models.PositiveIntegerField):
    """A number of people or products, never negative."""


class ExchangeRateQuerySet(models.QuerySet):
    def get_by_natural_key(self, currency: str, year: int):
        return self.get(currency=currency, year=year)

    def as_dict(self, years=None) -> dict[tuple[str, int], Decimal]:
        """{(currency, year): roubles per unit} for `years` (all years when None), in one query."""
        rows = self if years is None else self.filter(year__in=list(years))
        return {(currency, year): rate for currency, year, rate in rows.values_list("currency", "year", "rate")}


class ExchangeRate(models.Model):
    """The average exchange rate of a currency to the rouble over a year."""

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[rules.validate_figures_year])
    rate = models.DecimalField(
        _("roubles per unit"),
        max_digits=14,
        decimal_places=6,
        validators=[rules.validate_rate],
        help_text=_("The year's average: how many roubles one unit of the currency cost."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("For example «Банк России»."))

    objects = ExchangeRateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-year", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "year"],
                name="exchange_rate_one_per_year",
                violation_error_message=_("This currency already has a rate for this year."),
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(condition=~Q(currency=BASE), name="exchange_rate_not_of_the_rouble"),
        ]

    def __str__(self):
        return f"{self.currency} {self.year}: {self.rate}"

    def natural_key(self):
        return (self.currency, self.year)


class YearlyFiguresQuerySet(models.QuerySet):
    def get_by_natural_key(self, member_slug: str, year: int):
        return self.get(member__slug=member_slug, year=year)

    def needing_rate(self, currency: str, year: int) -> "YearlyFiguresQuerySet":
        """The rows whose size category may depend on the rate of `currency` in `year`.

        Every revenue of the year for the euro (the EU rule converts into euros), those in `currency` otherwise.
        """
        rows = self.filter(year=year, revenue__isnull=False)
        return rows if currency == Currency.EUR else rows.filter(currency=currency)

    def recompute_sizes(self) -> list["YearlyFigures"]:
        """Recompute the stored size category of these rows; the rows whose category changed, already saved.

        Two queries to read (the rows with their members, the years' rates) and one bulk UPDATE; the
        caller records their history (`services.yearly_sizes_recompute`).
        """
        rows = list(self.select_related("member").order_by())
        rates = ExchangeRate.objects.as_dict({row.year for row in rows}) if rows else {}
        changed = [row for row in rows if row.apply_size(rates)]
        if changed:
            self.model._base_manager.bulk_update(changed, list(SIZE_FIELDS), batch_size=1000)
        return changed


class YearlyFigures(OwnedByMember, models.Model):
    """A member's figures for one calendar year."""

    class Source(models.TextChoices):
        REPORTED = "reported", _("reported by the member")
        ESTIMATED = "estimated", _("estimated by staff")
        REGISTER = "register", _("public register")

    # PROTECT, as every relation of the registry: members leave rather than being deleted, and staff
    # accounts are deactivated.
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="yearly_figures"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[rules.validate_figures_year])
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        blank=True,
        help_text=_("Of the amounts. Left empty, the currency of the member's country."),
    )
    employees = CountField(
        _("average number of employees"), null=True, blank=True, validators=rules.figure_validators(INTEGER_MAX)
    )
    revenue = AmountField(_("revenue, thousands"), null=True, blank=True, validators=rules.figure_validators())
    exports = AmountField(_("of which exports, thousands"), null=True, blank=True, validators=rules.figure_validators())
    rnd = AmountField(_("R&D spending, thousands"), null=True, blank=True, validators=rules.figure_validators())
    investment = AmountField(
        _("investment (capital expenditure), thousands"), null=True, blank=True, validators=rules.figure_validators()
    )
    new_products = CountField(
        _("new products and services"), null=True, blank=True, validators=rules.figure_validators(INTEGER_MAX)
    )
    new_products_foreign = CountField(
        _("of which on foreign markets"), null=True, blank=True, validators=rules.figure_validators(INTEGER_MAX)
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.REPORTED)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    # Computed by members.size from the figures, the member's type and country and the year's rates.
    size_category = models.CharField(
        _("size category"), max_length=20, choices=SizeCategory.choices, blank=True, editable=False
    )
    size_rule = models.CharField(_("size rule"), max_length=4, choices=SizeRule.choices, blank=True, editable=False)
    size_basis = models.CharField(
        _("size category from"), max_length=30, choices=SizeBasis.choices, blank=True, editable=False
    )

    objects = YearlyFiguresQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["member", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="yearly_figures_one_per_year",
                violation_error_message=_("This member already has figures for this year."),
            ),
            models.CheckConstraint(
                condition=Q(exports__isnull=True) | Q(revenue__isnull=True) | Q(exports__lte=F("revenue")),
                name="yearly_exports_within_revenue",
                violation_error_message=rules.EXPORTS_ABOVE_REVENUE,
            ),
            models.CheckConstraint(
                condition=Q(new_products_foreign__isnull=True)
                | Q(new_products__isnull=True)
                | Q(new_products_foreign__lte=F("new_products")),
                name="yearly_foreign_products_within_all",
                violation_error_message=rules.FOREIGN_PRODUCTS_ABOVE_ALL,
            ),
            models.CheckConstraint(condition=~Q(currency=""), name="yearly_figures_have_a_currency"),
        ]
        indexes = [models.Index(fields=["year", "size_category"], name="yearly_year_size")]

    def __str__(self):
        return f"{self.member} {self.year}" if self.member_id else str(self.year)

    def natural_key(self):
        return (self.member.slug, self.year)

    natural_key.dependencies = ["members.member"]

    def clean(self):
        if not self.currency and self.member_id:
            self.currency = default_currency(self.member.country)
        errors = {}
        rules.collect(errors, rules.check_currency, self.currency)
        rules.collect(errors, rules.check_exports, self.revenue, self.exports)
        rules.collect(errors, rules.check_new_products, self.new_products, self.new_products_foreign)
        if errors:
            raise ValidationError(errors)

    def size(self, rates: dict) -> Size:
        """The size category these figures give, with `rates` ({(currency, year): roubles per unit})."""
        member = self.member
        return size_of(
            member_type=member.member_type,
            cluster_role=member.cluster_role,
            country=str(member.country),
            year=self.year,
            employees=self.employees,
            revenue_thousands=self.revenue,
            currency=self.currency or default_currency(member.country),
            rates=rates,
        )

    def apply_size(self, rates: dict) -> bool:
        """Store the computed size category on the row (not saved); whether it changed."""
        size = self.size(rates)
        old = (self.size_category, self.size_rule, self.size_basis)
        self.size_category, self.size_rule, self.size_basis = size.category, size.rule, size.basis
        return old != (size.category, size.rule, size.basis)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
