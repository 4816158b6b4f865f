"""The columns of the yearly figures' staff export, which is also the yearly import's template.

A row is one member in one year. The member is named by its country and registration number, or by its
slug (the member's name is written for the people who read the file, and not read back); then the year,
the currency, each figure and its source. Headers are read in Russian, in English or as the key.
"""

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Member, YearlyFigures
from ..yearly import CONFIDENTIAL_FIGURES
from .columns import Column, normalise_header


def _label(field: str, model=YearlyFigures):
    return model._meta.get_field(field).verbose_name


YEARLY_COLUMNS: tuple[Column, ...] = (
    Column("country", _label("country", Member), "country", 10),
    Column("registration_number", _label("registration_number", Member), "regno", 18),
    Column("slug", _label("slug", Member), "slug", 28),
    Column("name", _("member's name (not imported)"), "ignored", 40),
    Column("year", _label("year"), "year", 8),
    Column("currency", _label("currency"), "currency", 10),
    Column("employees", _label("employees"), "count", 14),
    Column("revenue", _label("revenue"), "amount", 16, contact=True),
    Column("exports", _label("exports"), "amount", 16, contact=True),
    Column("rnd", _label("rnd"), "amount", 16, contact=True),
    Column("investment", _label("investment"), "amount", 16, contact=True),
    Column("new_products", _label("new_products"), "count", 14),
    Column("new_products_foreign", _label("new_products_foreign"), "count", 14),
    Column("source", _label("source"), "source", 22),
)
# `contact=True` marks here the confidential figures (members.permissions.VIEW_YEARLY_FIGURES).
assert {column.key for column in YEARLY_COLUMNS if column.contact} == set(CONFIDENTIAL_FIGURES)
YEARLY_BY_KEY = {column.key: column for column in YEARLY_COLUMNS}
FIGURE_KEYS = ("currency", "employees", *CONFIDENTIAL_FIGURES, "new_products", "new_products_foreign", "source")


def yearly_header_names() -> dict[str, Column]:
    names = {}
    for column in YEARLY_COLUMNS:
        names[normalise_header(column.key)] = column
        for language in ("ru", "en"):
            with translation.override(language):
                names[normalise_header(capfirst(column.label))] = column
    return names


def yearly_columns(*, with_figures: bool) -> tuple[Column, ...]:
    return tuple(column for column in YEARLY_COLUMNS if with_figures or not column.contact)
