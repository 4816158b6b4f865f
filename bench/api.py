"""The API's members list (a page of 100, filtered) beside its floor: the same rows as `values()`, dumped as JSON.

The floor reads the page's rows with the directory's own queryset (`directory_queryset`), only the public
export's allow-list (`PUBLIC_FIELDS`), as plain dicts, and writes them with `json.dumps`: no serializer,
no links, no sectors, no pagination count. The API's page is measured through the whole middleware
stack (the revision read for its ETag, the throttle, the count, the sectors' prefetch).
"""

import json
import math
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, QueryDict
from django.test import Client

from members.apitools import MAX_PAGE_SIZE
from members.filters import directory_queryset
from members.spreadsheets.public_export import PUBLIC_FIELDS

from .pages import measure_page

# Russian companies, largest first (about half the members): the directory's filter of the bench.
FILTERS = {"country": "RU", "type": "company", "ordering": "-headcount"}


def _rows(data: QueryDict) -> list[dict]:
    page = int(data.get("page") or 1)
    start = (page - 1) * MAX_PAGE_SIZE
    members = directory_queryset(data, language=settings.LANGUAGE_CODE).members
    return list(members.values(*PUBLIC_FIELDS)[start : start + MAX_PAGE_SIZE])


def floor(request):
    body = json.dumps({"results": _rows(request.GET)}, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json")


def target() -> tuple[str, str, dict]:
    matching = directory_queryset(QueryDict(urlencode(FILTERS)), language=settings.LANGUAGE_CODE).members.count()
    pages = max(math.ceil(matching / MAX_PAGE_SIZE), 1)
    query = urlencode({**FILTERS, "page_size": MAX_PAGE_SIZE, "page": (pages + 1) // 2})
    facts = {"page": (pages + 1) // 2, "_pages": pages, "_matching": matching, "page_size": MAX_PAGE_SIZE}
    return f"/api/v1/members/?{query}", f"/bench-floor/api-members?{query}", facts


def measure_api(*, repeat: int, warmup: int = 2) -> dict:
    url, floor_url, facts = target()
    return {"members": {**measure_page(Client(), url, floor_url, repeat, warmup), "facts": facts}}
