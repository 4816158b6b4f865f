"""Fragments of a public page cached under their own content, so that a page computed afresh after a change
draws again only what the change touched.

A fragment's key is a digest of the data it is drawn from, the language and the source of its template:
the same data in the same language under the same template draws the same markup, so a cached fragment
can never be stale and needs no invalidation (a deploy that changes the template changes the key). Use it
where drawing costs more than the data (a chart's bars): `{% cache TIMEOUT "name" key %}` around the
include, with `key = content_key(data, template=...)` computed where the data is made.
"""

import functools
import hashlib
import json

from django.template import loader
from django.utils.translation import get_language

# Unused fragments only return their memory: the key changes with the content, never with time.
TIMEOUT = 24 * 60 * 60


@functools.cache
def _template_digest(name: str) -> str:
    return hashlib.sha256(loader.get_template(name).template.source.encode()).hexdigest()


def content_key(data, *, template: str) -> str:
    """A digest of `data` (anything JSON can write, lazy translations as their text), the active language
    and `template`'s source."""
    content = json.dumps([get_language(), _template_digest(template), data], default=str, sort_keys=True)
    return hashlib.sha256(content.encode()).hexdigest()
