"""National registration numbers, validated with python-stdnum for the countries we know.

Russia accepts an INN (10 or 12 digits) or an OGRN (13 or 15 digits); Finland a Y-tunnus;
Norway an organisation number; Denmark a CVR number. Other countries keep free text.

Stored in stdnum's canonical compact form, whatever was typed: «23456780» for the Y-tunnus 2345678-0,
«923609016» for the Norwegian 923 609 016, «13585628» for DK 13585628. Compact, because it is the form
stdnum's `validate` and `compact` give for every scheme (a Y-tunnus has no compact form with its hyphen,
and INN, OGRN and CVR have no other form), so one rule holds for every country and the unique constraint
compares like with like. Shown as people write it (`format_registration_number`: stdnum's `format`,
«2345678-0», «923 609 016») on the member's page, in the admin and in the exports; found in either form
by the admin's search (`registration_number_forms`) and by the import (which normalises what it reads).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.dk import cvr
from stdnum.fi import ytunnus
from stdnum.no import orgnr
from stdnum.ru import inn, ogrn

# country code -> list of (module, human name of the number)
SCHEMES = {
    "RU": [(inn, _("INN")), (ogrn, _("OGRN"))],
    "FI": [(ytunnus, _("Business ID (Y-tunnus)"))],
    "NO": [(orgnr, _("organisation number"))],
    "DK": [(cvr, _("CVR number"))],
}


def _describe(schemes) -> str:
    return " / ".join(str(name) for _module, name in schemes)


def normalise_registration_number(country: str, number: str) -> str:
    """Return the number in its canonical compact form, or raise ValidationError with a clear message."""
    number = (number or "").strip()
    if not number:
        return ""
    schemes = SCHEMES.get(str(country or "").upper())
    if not schemes:
        return " ".join(number.split())
    for module, _name in schemes:
        try:
            return module.validate(number)
        except stdnum_exceptions.ValidationError:
            continue
    # Report the most specific reason the first applicable scheme gives.
    module, name = schemes[0]
    if str(country).upper() == "RU":
        digits = inn.compact(number)
        module, name = (ogrn, _("OGRN")) if len(digits) in (13, 15) else (inn, _("INN"))
    try:
        module.validate(number)
    except stdnum_exceptions.InvalidChecksum:
        reason = _("the check digit is wrong")
    except stdnum_exceptions.InvalidLength:
        reason = _("it has the wrong number of digits")
    except stdnum_exceptions.InvalidFormat:
        reason = _("it contains characters that do not belong in it")
    except stdnum_exceptions.ValidationError:
        reason = _("it is not a valid number")
    raise ValidationError(
        _("“%(number)s” is not a valid %(scheme)s: %(reason)s."),
        code="invalid_registration_number",
        params={"number": number, "scheme": _describe(schemes), "reason": reason},
    )


def format_registration_number(country: str, number: str) -> str:
    """A stored number as people write it (stdnum's `format`, «2345678-0»); as stored when it has no format."""
    for module, _name in SCHEMES.get(str(country or "").upper(), []) if number else []:
        if hasattr(module, "format") and module.is_valid(number):  # INN, OGRN and CVR have none
            return module.format(number)
    return number or ""


def registration_number_forms(text: str) -> set[str]:
    """The stored (compact) forms a typed number may stand for, in any country: for a search by number."""
    text = " ".join((text or "").split())
    forms = set()
    for schemes in SCHEMES.values():
        for module, _name in schemes:
            try:
                forms.add(module.validate(text))
            except stdnum_exceptions.ValidationError:
                continue
    return forms


# org-id.guide's codes of the registers that issue these numbers: an INN or OGRN by its length.
ORG_ID_SCHEMES = {"FI": "FI-PRO", "NO": "NO-BRC", "DK": "DK-CVR"}


def registration_scheme(country: str, number: str) -> str:
    """The org-id.guide scheme of a stored (canonical) number: `RU-INN`, `RU-OGRN`, `FI-PRO`, ...; "" if none."""
    country = str(country or "").upper()
    if not number:
        return ""
    if country == "RU":
        return "RU-OGRN" if len(number) in (13, 15) else "RU-INN"
    return ORG_ID_SCHEMES.get(country, "")
