"""Public pages through Django's test Client (the whole middleware stack), each beside its floor view.

Page and floor runs alternate, so a burst of load from elsewhere on the machine hits both alike.
The SQL queries are counted on a separate, untimed run.

Public pages are cached under the registry's revision (pagecache/revision.py), so a repeated visit is
what most visitors get. Each page is also measured "after a change": the revision is bumped (untimed)
before every run, as a write would, so the page is computed afresh: the first visitor's cost.
"""

import math
from urllib.parse import urlencode

from django.apps import apps
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import Member
from pagecache import revision

from . import floors, projects_data
from .stats import ratio, summary, timed

# The directory as a visitor narrows it: Russian companies, largest first (about half the members).
DIRECTORY_FILTERS = {"country": "RU", "type": "company", "ordering": "-headcount"}
AS_OF_PARAMETER = "on"


def directory_params() -> dict:
    matching = floors.directory_queryset(QueryDict(urlencode(DIRECTORY_FILTERS)), language="ru").members.count()
    pages = max(math.ceil(matching / floors.page_size()), 1)
    return {**DIRECTORY_FILTERS, "page": (pages + 1) // 2, "_matching": matching, "_pages": pages}


def middle_member_slug() -> str:
    """The middle public member that takes part in a project, so that every part of its page is drawn.

    The same kind of member at every size, so its page's query count compares across sizes.
    """
    public = Member.objects.public().order_by("pk")
    if projects_data.models_available():
        through = apps.get_model("projects", "Project").participants.through
        public = public.filter(pk__in=through.objects.values("member_id"))
    slugs = public.values_list("slug", flat=True)
    return slugs[slugs.count() // 2]


def targets() -> dict:
    """Page name -> (URL of the page, URL of its floor, facts about the choice)."""
    params = directory_params()
    query = urlencode({k: v for k, v in params.items() if not k.startswith("_")})
    slug = middle_member_slug()
    day = floors.AS_OF_DEFAULT.isoformat()
    return {
        "directory": (f"/members/?{query}", f"/bench-floor/directory?{query}", params),
        "member": (f"/members/{slug}/", f"/bench-floor/member/{slug}", {"slug": slug}),
        "home": ("/", "/bench-floor/home", {}),
        "as_of": (f"/?{AS_OF_PARAMETER}={day}", f"/bench-floor/as-of?on={day}", {"on": day}),
    }


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def measure_after_a_change(client: Client, url: str, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        revision.bump()
        times += timed(lambda: _get(client, url), 1)[0]
    revision.bump()
    queries, _size = count_queries(client, url)
    return {**summary(times), "queries": queries}


def count_queries(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, url)
    return len(captured), len(response.content)


def measure_page(client: Client, url: str, floor_url: str, repeat: int, warmup: int) -> dict:
    for _ in range(warmup):
        _get(client, url), _get(client, floor_url)
    page_times, floor_times = [], []
    for _ in range(repeat):
        page_times += timed(lambda: _get(client, url), 1)[0]
        floor_times += timed(lambda: _get(client, floor_url), 1)[0]
    queries, size = count_queries(client, url)
    after_change = measure_after_a_change(client, url, repeat)
    floor_queries, floor_size = count_queries(client, floor_url)
    page, floor = summary(page_times), summary(floor_times)
    return {
        "url": url,
        **page,
        "queries": queries,
        "bytes": size,
        "floor": {"url": floor_url, **floor, "queries": floor_queries, "bytes": floor_size},
        "ratio_to_floor": ratio(page["median_ms"], floor["median_ms"]),
        "after_change": {**after_change, "ratio_to_floor": ratio(after_change["median_ms"], floor["median_ms"])},
    }


def measure_pages(*, repeat: int, warmup: int = 2) -> dict:
    client = Client()
    results = {}
    for name, (url, floor_url, facts) in targets().items():
        results[name] = {**measure_page(client, url, floor_url, repeat, warmup), "facts": facts}
    return results
