"""Bilingual text on public pages: the page's language first, the other marked with `lang` when shown.

`{% bilingual obj "name" %}` shows `obj.name_<page language>`, or else `obj.name_<other>` inside
`<span lang="<other>">`, so screen readers and hyphenation read the fallback in its own language.
`{% place member %}` is the member's "city, region, country" line the same way; `legal_form` and
`document_number` add the English reading on English pages (members.english).
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from ..english import has_cyrillic, legal_form_gloss, transliterate

register = template.Library()
LANGUAGES = ("ru", "en")


def _page_language() -> str:
    return (get_language() or "ru")[:2]


def _in_language(ru: str, en: str) -> str:
    """The text for the page's language: as it is, or in a `lang` span when it is the other language's."""
    language = _page_language()
    texts = {"ru": ru or "", "en": en or ""}
    if texts[language]:
        return format_html("{}", texts[language])
    other = "en" if language == "ru" else "ru"
    return format_html('<span lang="{}">{}</span>', other, texts[other]) if texts[other] else ""


@register.simple_tag
def bilingual(obj, field: str) -> str:
    """`obj.<field>_ru` or `obj.<field>_en`, whichever the page's language wants, marked if a fallback."""
    if obj is None:
        return ""
    return _in_language(getattr(obj, f"{field}_ru", ""), getattr(obj, f"{field}_en", ""))


@register.simple_tag
def place(member) -> str:
    """ "City, region, country" in the page's language; the region left out where it is the city."""
    parts = [_in_language(member.city_ru, member.city_en)]
    region = member.region
    if region and {region.name_ru, region.name_en}.isdisjoint({member.city_ru, member.city_en} - {""}):
        parts.append(_in_language(region.name_ru, region.name_en))
    parts.append(format_html("{}", member.country.name))
    return format_html_join(", ", "{}", ((part,) for part in parts if part))


@register.simple_tag
def legal_form(text: str) -> str:
    """The legal form as registered; on English pages a Russian one is marked and glossed: ООО (LLC)."""
    if _page_language() != "en" or not has_cyrillic(text):
        return format_html("{}", text)
    gloss = legal_form_gloss(text)
    if not gloss:
        return format_html('<span lang="ru">{}</span>', text)
    return format_html('<span lang="ru">{}</span> ({})', text, gloss)


@register.filter
def document_number(text: str) -> str:
    """A document's number («10-рп») in Latin letters on English pages ("10-rp"), as it is elsewhere."""
    return transliterate(text) if _page_language() == "en" else text
