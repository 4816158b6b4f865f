"""Member organisations of the cluster, where they are, what they do, and how long they belonged.

A member's current headcount and the start of its latest membership period are kept on the
member row as well (`headcount`, `joined_on`) so the directory can filter and sort on indexed
columns; `MemberQuerySet.sync_summaries()` recomputes them from the history tables and every
write path (services, admin, import, fixture loading) calls it, through
`services.member_sync_summaries()`. The rules the models check are written once in `rules.py`.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from . import querysets, rules
from .limits import INTEGER_MAX
from .logos import LOGO_FOLDER
from .owned import OwnedByMember
from .permissions import meta_permissions
from .querysets import HeadcountReportQuerySet, MemberQuerySet, MembershipPeriodQuerySet
from .registration import format_registration_number, normalise_registration_number
from .text import bilingual, fold

SUMMARY_MAX_LENGTH = 160


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Region(models.Model):
    """A region of a country (a federal subject of Russia, a Finnish region and so on)."""

    country = CountryField(_("country"))
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    code = models.CharField(
        _("ISO 3166-2 code"), max_length=10, blank=True, help_text=_("For example RU-SPE; empty where there is none.")
    )

    class RegionManager(models.Manager):
        def get_by_natural_key(self, country, name_en):
            return self.get(country=country, name_en=name_en)

    objects = RegionManager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name_en"], name="region_unique_name_per_country"),
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="region_unique_code"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (str(self.country), self.name_en)

    name = bilingual()

    def clean(self):
        if self.code and not self.code.upper().startswith(f"{self.country}-"):
            raise ValidationError({"code": _("The code must start with the country's code and a hyphen.")})
        self.code = self.code.upper()


class Sector(models.Model):
    """A field of clean technology a member works in."""

    slug = models.SlugField(_("slug"), unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    objects = SlugNaturalKeyManager()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name_en"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    name = bilingual()


class Incubator(models.Model):
    """A business incubator whose residents and alumni the cluster counts."""

    slug = models.SlugField(_("slug"), unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    operator_ru = models.CharField(_("operator (Russian)"), max_length=200, blank=True)
    operator_en = models.CharField(_("operator (English)"), max_length=200, blank=True)
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Offered first when a member's incubator status is set.")
    )

    objects = SlugNaturalKeyManager()

    class Meta:
        verbose_name = _("business incubator")
        verbose_name_plural = _("business incubators")
        ordering = ["-is_default", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="incubator_one_default")
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    name = bilingual()

    operator = bilingual()


def new_page_token() -> str:
    """A member page's new token (members.page_cache): random, not a counter, so that a rolled-back write can
    never hand out a token a cached page was keyed by."""
    return uuid.uuid4().hex


# Member columns derived from its membership periods for the day (MemberQuerySet.sync_summaries()): no
# history of their own, never shown as the member's changes.
MEMBERSHIP_STATE_FIELDS = ("current_since", "current_from", "current_until")
# Columns a member's save leaves as the database has them.
UNSAVED_FIELDS = (*MEMBERSHIP_STATE_FIELDS, "page_token")
# What a member's yearly size categories are computed from, besides the figures (YearlyFigures.apply_size).
SIZE_INPUTS = ("member_type", "cluster_role", "country")


class Member(models.Model):
    """An organisation that is, was, or will be a member of the cluster."""

    class Type(models.TextChoices):
        COMPANY = "company", _("Company")
        RESEARCH = "research", _("Research or education institution")
        PUBLIC_BODY = "public_body", _("Public body")
        NONPROFIT = "nonprofit", _("Non-profit or association")
        INVESTOR = "investor", _("Investor or financial institution")

    class Role(models.TextChoices):
        PARTICIPANT = querysets.PARTICIPANT, _("Participant")
        SPECIALISED = querysets.SPECIALISED, _("Specialised organisation of the cluster")

    class IncubatorStatus(models.TextChoices):
        NONE = "", _("None")
        RESIDENT = "resident", _("Resident")
        ALUMNUS = "alumnus", _("Alumnus")

    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The member's public web address."))
    legal_form = models.CharField(_("legal form"), max_length=100, blank=True, help_text=_("For example ООО, Oy, AS."))
    member_type = models.CharField(_("member type"), max_length=20, choices=Type.choices, default=Type.COMPANY)
    cluster_role = models.CharField(
        _("role in the cluster"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    country = CountryField(_("country"))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    city_ru = models.CharField(_("town or city (Russian)"), max_length=100, blank=True)
    city_en = models.CharField(_("town or city (English)"), max_length=100, blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="members")
    website = models.URLField(_("website"), blank=True)
    summary_ru = models.CharField(
        _("one-line summary (Russian)"),
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        help_text=_("What the member does, in one line, for the directory's cards."),
    )
    summary_en = models.CharField(_("one-line summary (English)"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    # Renditions made from the uploaded logo by members.logos (the upload itself is not kept).
    logo_small = models.FileField(_("logo, small"), upload_to=LOGO_FOLDER, blank=True, editable=False)
    logo_large = models.FileField(_("logo, large"), upload_to=LOGO_FOLDER, blank=True, editable=False)
    description_ru = models.TextField(_("public description (Russian)"), blank=True)
    description_en = models.TextField(_("public description (English)"), blank=True)
    registration_number = models.CharField(
        _("registration number"),
        max_length=40,
        blank=True,
        help_text=_("Russia: INN or OGRN; Finland: Y-tunnus; Norway: organisation number; Denmark: CVR."),
    )
    incubator_status = models.CharField(
        _("incubator status"), max_length=10, choices=IncubatorStatus.choices, default=IncubatorStatus.NONE, blank=True
    )
    incubator = models.ForeignKey(
        Incubator, verbose_name=_("incubator"), on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    incubator_from_year = models.PositiveSmallIntegerField(
        _("in the incubator from (year)"), null=True, blank=True, validators=[rules.validate_incubator_year]
    )
    incubator_to_year = models.PositiveSmallIntegerField(
        _("in the incubator until (year)"), null=True, blank=True, validators=[rules.validate_incubator_year]
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_position = models.CharField(_("contact person's position"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    is_published = models.BooleanField(_("published"), default=True, help_text=_("Only published members are public."))
    # Kept in step with the history tables by MemberQuerySet.sync_summaries().
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True, editable=False)
    joined_on = models.DateField(_("member since"), null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    # The membership state, kept by MemberQuerySet.sync_summaries() and brought to each new day by
    # refresh_membership_state() (README, "Membership state"), so that "current today" is a column test.
    current_since = models.DateField(_("current member since"), null=True, blank=True, editable=False)
    current_from = models.DateField(_("membership state holds from"), null=True, blank=True, editable=False)
    current_until = models.DateField(
        _("membership state to be checked again on"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Renewed by every write to the member's own rows: its public page is cached under it (members.page_cache).
    page_token = models.CharField(_("page token"), max_length=32, default="", editable=False)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords(
        # Derived columns the periods' history already tells; the page token is no change of the member's.
        excluded_fields=["search_text", "updated_at", "page_token", *MEMBERSHIP_STATE_FIELDS]
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_ru", "name_en"]
        permissions = meta_permissions()
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_ru="", name_en=""),
                name="member_has_a_name",
                violation_error_message=rules.NAME_MISSING,
            ),
            models.UniqueConstraint(
                fields=["country", "registration_number"],
                condition=~Q(registration_number=""),
                name="member_unique_registration_number",
                violation_error_message=_("Another member of this country has this registration number."),
            ),
            models.CheckConstraint(
                condition=Q(incubator_status="", incubator__isnull=True)
                | (~Q(incubator_status="") & Q(incubator__isnull=False)),
                name="member_incubator_matches_status",
                violation_error_message=_(
                    "Name the incubator when, and only when, the member is a resident or alumnus."
                ),
            ),
            models.CheckConstraint(
                condition=Q(incubator_to_year__isnull=True)
                | Q(incubator_from_year__isnull=True)
                | Q(incubator_to_year__gte=models.F("incubator_from_year")),
                name="member_incubator_years_in_order",
                violation_error_message=rules.INCUBATOR_YEARS_REVERSED,
            ),
        ]
        indexes = [
            models.Index(fields=["country", "region"], name="member_country_region"),
            models.Index(fields=["headcount"], name="member_headcount"),
            models.Index(fields=["joined_on"], name="member_joined_on"),
            # The members whose state runs out on a day, for the daily pass; a day going back is rare.
            models.Index(fields=["current_until"], name="member_current_until"),
            models.Index(fields=["current_from"], name="member_current_from"),
            # Every page's footer names the specialised organisation: the few members who are not participants.
            models.Index(fields=["cluster_role"], condition=querysets.NOT_A_PARTICIPANT, name="member_cluster_role"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The search column is a pure function of the row's own text, never of other rows.
        self.search_text = self.build_search_text()
        if (
            not args
            and kwargs.get("update_fields") is None
            and not self._state.adding
            and not kwargs.get("force_insert")
        ):
            # The membership state is written by sync_summaries() and the daily pass, never from an instance
            # that may have been read before them: saving a member leaves it as the database has it.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in deferred and field.name not in UNSAVED_FIELDS
            ]
        if kwargs.get("update_fields") is None or kwargs["update_fields"]:
            # A new page token in the save's own statement (members.page_cache): never the one the instance
            # was read with, which written back could serve an old page.
            self.page_token = new_page_token()
            self._page_token_renewed = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "page_token"]
        super().save(*args, **kwargs)
        written = kwargs.get("update_fields")
        self._note_stored_size_inputs(SIZE_INPUTS if written is None else set(SIZE_INPUTS) & set(written))

    def get_absolute_url(self):
        return reverse("members:member-detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        member = super().from_db(db, field_names, values)
        member._note_stored_size_inputs(SIZE_INPUTS)
        return member

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using, fields, from_queryset)
        self._note_stored_size_inputs(SIZE_INPUTS if fields is None else set(SIZE_INPUTS) & set(fields))

    def _size_inputs(self, names) -> dict:
        # From __dict__: a deferred field reads as "" here, so once loaded it counts as changed, never unchanged.
        return {name: str(self.__dict__.get(name) or "") for name in names}

    def _note_stored_size_inputs(self, names) -> None:
        # A new dict each time: a copy of the instance (copy.copy) must not share it.
        self._stored_size_inputs = {**self.__dict__.get("_stored_size_inputs", {}), **self._size_inputs(names)}

    def size_inputs_changed(self) -> bool:
        """Whether the type, role or country differ from what the database holds (a new member: always),
        so that its yearly figures' size categories must be computed again."""
        return self.__dict__.get("_stored_size_inputs") != self._size_inputs(SIZE_INPUTS)

    def natural_key(self):
        return (self.slug,)

    @property
    def registration_number_display(self) -> str:
        """The number as people write it («2345678-0»); it is stored compact («23456780»)."""
        return format_registration_number(self.__dict__.get("country") or "", self.registration_number)

    name = bilingual()

    description = bilingual()

    summary = bilingual()
    city = bilingual()

    def build_search_text(self) -> str:
        # Both spellings of the city, so «Хельсинки» and "Helsinki" find the same members.
        return fold("\n".join([self.name_ru, self.name_en, self.short_name, self.city_ru, self.city_en]))

    # clean() holds these rules in Python, with the same messages (rules.py) and no query. Django's
    # full_clean() would check each constraint again with a query of its own (and a savepoint) on every
    # save of a member; the database still enforces them all.
    CONSTRAINTS_IN_CLEAN = frozenset(
        {
            "member_has_a_name",
            "member_unique_registration_number",
            "member_incubator_matches_status",
            "member_incubator_years_in_order",
        }
    )

    def get_constraints(self):
        return [
            (model, [constraint for constraint in constraints if constraint.name not in self.CONSTRAINTS_IN_CLEAN])
            for model, constraints in super().get_constraints()
        ]

    def clean(self):
        errors = {}
        rules.collect(errors, rules.check_member_name, self.name_ru, self.name_en)
        if self.country:
            try:
                self.registration_number = normalise_registration_number(str(self.country), self.registration_number)
            except ValidationError as error:
                errors["registration_number"] = [error]
            else:
                errors.update(self._duplicate_registration_errors())
        region_country = str(self.region.country) if self.region_id else None
        rules.collect(errors, rules.check_region_country, region_country, str(self.country or ""))
        if self.incubator_status and not self.incubator_id:
            # "Of a named incubator, Ingria by default": take the default one when none is named.
            self.incubator = Incubator.objects.filter(is_default=True).first()
        rules.collect(errors, rules.check_incubator, self.incubator_status, self.incubator_id)
        rules.collect(errors, rules.check_incubator_years, self.incubator_from_year, self.incubator_to_year)
        if errors:
            raise ValidationError(errors)

    def _duplicate_registration_errors(self) -> dict:
        if not self.registration_number:
            return {}
        clash = Member.objects.filter(country=self.country, registration_number=self.registration_number)
        clash = clash.exclude(pk=self.pk).first()
        if clash is None:
            return {}
        return {
            "registration_number": ValidationError(
                _("Member “%(other)s” of the same country already has this registration number."),
                code="duplicate_registration_number",
                params={"other": clash.name},
            )
        }

    def current_period(self, on: datetime.date | None = None):
        on = on or datetime.date.today()
        return self.periods.covering(on).first()


class MembershipPeriod(OwnedByMember, models.Model):
    """A stretch of time during which the organisation was a member."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="periods")
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    objects = MembershipPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        ordering = ["member", "joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="period_left_not_before_joined",
                violation_error_message=rules.LEFT_BEFORE_JOINED,
            ),
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(left_on__isnull=True),
                name="period_one_open_per_member",
                violation_error_message=_("This member already has an open membership period; close it first."),
            ),
            models.UniqueConstraint(fields=["member", "joined_on"], name="period_unique_start"),
        ]
        indexes = [models.Index(fields=["joined_on", "left_on"], name="period_dates")]

    def __str__(self):
        end = self.left_on.isoformat() if self.left_on else "…"
        return f"{self.joined_on.isoformat()} – {end}"

    def natural_key(self):
        return (self.member.slug, self.joined_on.isoformat())

    natural_key.dependencies = ["members.member"]

    def clean(self):
        rules.check_period_dates(self.joined_on, self.left_on)
        if self.member_id and self.joined_on:
            overlap = MembershipPeriod.objects.filter(member_id=self.member_id).exclude(pk=self.pk)
            overlap = overlap.overlapping(self.joined_on, self.left_on).first()
            if overlap:
                raise ValidationError(
                    _("This period overlaps the member's period %(other)s."),
                    code="period_overlap",
                    params={"other": str(overlap)},
                )


class HeadcountReport(OwnedByMember, models.Model):
    """How many people a member employed, as reported on a date."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="headcounts")
    # Every database's integer range: SQLite's own would take 2**63 - 1, which PostgreSQL refuses.
    employees = models.PositiveIntegerField(_("number of employees"), validators=[MaxValueValidator(INTEGER_MAX)])
    reported_on = models.DateField(_("date reported"), validators=[rules.validate_reported_on])
    # Set on the report a confirmed yearly headcount makes (dated 31 December): the figures own it, so it
    # goes with them (the one cascade of the registry: the report is not a record of its own).
    yearly_figures = models.OneToOneField(
        "members.YearlyFigures",
        verbose_name=_("from the yearly figures"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="headcount_report",
    )

    objects = HeadcountReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("headcount report")
        verbose_name_plural = _("headcount history")
        ordering = ["member", "-reported_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "reported_on"],
                name="headcount_one_report_per_day",
                violation_error_message=_("This member already has a headcount reported on this date."),
            ),
            models.CheckConstraint(condition=Q(employees__gte=0), name="headcount_not_negative"),
        ]

    def __str__(self):
        return f"{self.employees} ({self.reported_on.isoformat()})"

    def natural_key(self):
        return (self.member.slug, self.reported_on.isoformat())

    natural_key.dependencies = ["members.member"]


from .as_of import AsOfCheckpoint, AsOfDayTally, AsOfEvent, AsOfGroup, AsOfStale  # noqa: E402, F401  (the same)
from .import_runs import ImportRun  # noqa: E402, F401  (a model of its own module, registered with the app's)
from .tallies import PeriodDayTally, PublicTally, SectorTally  # noqa: E402, F401  (the same)
from .yearly import ExchangeRate, YearlyFigures  # noqa: E402, F401  (the same)
