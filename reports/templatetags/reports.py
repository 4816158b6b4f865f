"""Template filters of the reports: amounts to whole thousands, changes and shares in per cent."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format

from ..figures import whole

register = template.Library()


@register.filter
def amount(value) -> str:
    """A figure to whole units (thousands for amounts), grouped as the language groups digits; "—" when unknown."""
    return "—" if value is None else intcomma(whole(value))


@register.filter
def percent(value: Decimal | None, signed: str = "") -> str:
    """12.3 as «12,3 %» or "12.3%" (with a sign when asked: `|percent:"signed"`); "—" when it has no meaning."""
    if value is None:
        return "—"
    text = number_format(value, decimal_pos=1)
    if signed and value > 0:
        text = f"+{text}"
    return f"{text}\u00a0%"


@register.simple_tag
def reports_for(user) -> list:
    """The reports `user` may open (for the app's index page and the start page)."""
    from ..views import available

    return available(user)
