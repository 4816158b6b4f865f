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
