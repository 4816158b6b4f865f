"""Template helpers used across the site."""

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page, with its query string, in another language."""
    request = context["request"]
    # Rebuilt from the parsed query, not META: a client that sends raw UTF-8 (not %-escaped) would
    # otherwise get the Latin-1 reading of its bytes escaped a second time.
    query = request.GET.urlencode()
    return translate_url(f"{request.path}?{query}" if query else request.path, language)


@register.simple_tag
def page_links(page):
    """The page numbers to link around `page`: the first and last, two each side, `…` for the gaps.

    A list at 100,000 members has thousands of pages; linking every one would make the page's size
    grow with the registry.
    """
    return [
        None if number == page.paginator.ELLIPSIS else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
