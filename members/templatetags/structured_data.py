"""`{% json_ld record %}`: a JSON-LD data block, which browsers never run (so the strict CSP allows it)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# As Django's json_script: no "</script>" or "<!--" can close or confuse the block, whatever the data holds.
ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(record) -> str:
    text = json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False).translate(ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 -- escaped above
