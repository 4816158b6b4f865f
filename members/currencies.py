"""Currencies of the members' figures, and which one a member reports in by default, by its country.

A member's yearly figures are amounts in its own currency (a Finnish company reports in euros, a
Norwegian one in kroner); staff may override the default for a member that reports in another.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    RUB = "RUB", _("Russian rouble")
    EUR = "EUR", _("Euro")
    NOK = "NOK", _("Norwegian krone")
    DKK = "DKK", _("Danish krone")
    SEK = "SEK", _("Swedish krona")
    ISK = "ISK", _("Icelandic króna")
    CHF = "CHF", _("Swiss franc")
    GBP = "GBP", _("Pound sterling")
    PLN = "PLN", _("Polish złoty")
    CZK = "CZK", _("Czech koruna")
    HUF = "HUF", _("Hungarian forint")
    RON = "RON", _("Romanian leu")
    BGN = "BGN", _("Bulgarian lev")
    USD = "USD", _("US dollar")
    CNY = "CNY", _("Chinese yuan")
    BYN = "BYN", _("Belarusian rouble")
    KZT = "KZT", _("Kazakhstani tenge")


BASE = Currency.RUB  # the exchange rates are roubles per unit; the reports are in roubles

# Countries that use the euro (the euro area as of 2026, Bulgaria included, and the small states that use it).
EURO_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "DE",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PT",
        "SI",
        "SK",
        "AD",
        "MC",
        "ME",
        "SM",
        "VA",
    ]
)
OWN_CURRENCY = {
    "RU": Currency.RUB, "NO": Currency.NOK, "DK": Currency.DKK, "SE": Currency.SEK, "IS": Currency.ISK,
    "CH": Currency.CHF, "LI": Currency.CHF, "GB": Currency.GBP, "PL": Currency.PLN, "CZ": Currency.CZK,
    "HU": Currency.HUF, "RO": Currency.RON, "US": Currency.USD, "CN": Currency.CNY, "BY": Currency.BYN,
    "KZ": Currency.KZT,
}  # fmt: skip


def default_currency(country: str) -> str:
    """The currency a member of `country` (ISO 3166 code) reports in by default; "" where none is known."""
    country = str(country or "").upper()
    if country in EURO_COUNTRIES:
        return Currency.EUR
    return OWN_CURRENCY.get(country, "")
