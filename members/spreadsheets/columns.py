"""The columns of the staff export, which is also the import template.

One list says, for every column, its key, its header (in the active language), the kind of value the
import expects and how wide the column is drawn. The staff export writes these headers; the import reads
a header in Russian, in English or as the key, in any case, so a file exported in one language imports
in the other.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import Member, MembershipPeriod
from ..text import fold

# The export page's groups of columns, in order (the columns below are listed group by group).
GROUPS = {
    "identity": _("Identity"),
    "location": _("Location"),
    "activity": _("Activity"),
    "headcount": _("Headcount"),
    "membership": _("Membership"),
    "contact": _("Contact person (private)"),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise | str
    kind: str  # how the import reads the cell; see members.spreadsheets.rows.RowReader
    width: int = 18
    group: str = "identity"  # GROUPS
    contact: bool = False  # only for staff with members.view_contact_details

    @property
    def max_length(self) -> int | None:
        try:
            return Member._meta.get_field(self.key).max_length
        except FieldDoesNotExist:  # a history column, such as the reason for leaving
            field = MembershipPeriod._meta.get_field(self.key) if self.key == "leave_reason" else None
            return field.max_length if field else None


def _label(field: str, model=Member):
    return model._meta.get_field(field).verbose_name


def _group(group: str, *columns: tuple) -> tuple[Column, ...]:
    return tuple(Column(*column, group=group, contact=group == "contact") for column in columns)


COLUMNS: tuple[Column, ...] = (
    *_group(
        "identity",
        ("slug", _label("slug"), "slug", 28),
        ("name_ru", _label("name_ru"), "text", 40),
        ("name_en", _label("name_en"), "text", 40),
        ("short_name", _label("short_name"), "text", 20),
        ("legal_form", _label("legal_form"), "text", 12),
        ("member_type", _label("member_type"), "choice", 24),
        ("registration_number", _label("registration_number"), "regno", 18),
    ),
    *_group(
        "location",
        # The country's name in the export's language for people, its ISO code beside it for machines; the
        # import reads either (a name in Russian or English, or the code) and, given both, wants them to agree.
        ("country", _label("country"), "country", 18),
        ("country_code", _("country code (ISO)"), "country", 10),
        ("region", _label("region"), "region", 24),
        ("city_ru", _label("city_ru"), "text", 20),
        ("city_en", _label("city_en"), "text", 20),
    ),
    *_group(
        "activity",
        ("sectors", _label("sectors"), "sectors", 36),
        ("website", _label("website"), "url", 30),
        ("summary_ru", _label("summary_ru"), "text", 40),
        ("summary_en", _label("summary_en"), "text", 40),
        ("description_ru", _label("description_ru"), "text", 50),
        ("description_en", _label("description_en"), "text", 50),
    ),
    *_group(
        "headcount",
        ("headcount", _label("headcount"), "count", 12),
        ("headcount_reported_on", _("headcount reported on"), "date", 14),
    ),
    *_group(
        "membership",
        ("cluster_role", _label("cluster_role"), "choice", 24),
        ("incubator_status", _label("incubator_status"), "choice", 16),
        ("incubator", _label("incubator"), "incubator", 28),
        ("incubator_from_year", _label("incubator_from_year"), "year", 12),
        ("incubator_to_year", _label("incubator_to_year"), "year", 12),
        ("is_published", _label("is_published"), "bool", 12),
        ("joined_on", _label("joined_on", MembershipPeriod), "date", 14),
        ("left_on", _label("left_on", MembershipPeriod), "date", 14),
        ("leave_reason", _label("leave_reason", MembershipPeriod), "text", 30),
    ),
    *_group(
        "contact",
        ("contact_name", _label("contact_name"), "text", 28),
        ("contact_position", _label("contact_position"), "text", 24),
        ("contact_email", _label("contact_email"), "email", 28),
        ("contact_phone", _label("contact_phone"), "text", 18),
    ),
)
BY_KEY = {column.key: column for column in COLUMNS}
# Headers of older templates, still read: a single city column goes to the column of its script
# (members.spreadsheets.rows.RowReader), so files exported before the city had two names import unchanged.
LEGACY_COLUMNS: tuple[Column, ...] = (Column("city", _("city"), "city", 20, group="location"),)
# Written straight to the Member row (the others are history, relations or looked-up values).
MEMBER_FIELDS = tuple(
    key
    for key, column in BY_KEY.items()
    if column.kind in {"slug", "text", "choice", "country", "url", "regno", "year", "bool", "email"}
    and key not in {"leave_reason", "country_code"}
)
CHOICES = {
    "member_type": Member.Type,
    "cluster_role": Member.Role,
    "incubator_status": Member.IncubatorStatus,
}


def normalise_header(text) -> str:
    return " ".join(fold(str(text or "")).replace("_", " ").split())


def header_names() -> dict[str, Column]:
    """Every accepted spelling of every header (folded): the key, the Russian and the English label."""
    names = {}
    for column in (*LEGACY_COLUMNS, *COLUMNS):
        names[normalise_header(column.key)] = column
        for language in ("ru", "en"):
            with translation.override(language):
                names[normalise_header(column.label)] = column
    return names


def staff_columns(*, with_contacts: bool) -> tuple[Column, ...]:
    return tuple(column for column in COLUMNS if with_contacts or not column.contact)
