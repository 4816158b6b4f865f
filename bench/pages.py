"""Public pages through Django's test Client (the whole middleware stack), each beside its floor view.

Page and floor runs alternate, so a burst of load from elsewhere on the machine hits both alike.
The SQL queries are counted on a separate, untimed run.

Public pages are cached under the registry's revision (pagecache/revision.py), so a repeated visit is
what most visitors get. Each page is also measured "after a change": the revision is bumped (untimed)
before every run, as a write would, so the page is computed afresh: the first visitor's cost. The member
page is keyed by its own member's token (members/page_cache.py): its "after a change" is after a real
write to another public member (its description saved as the admin does, untimed, before every run),
and "after its own change" after the same write to the member itself.
"""

import itertools
import math
from collections.abc import Callable
from urllib.parse import urlencode

from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members.models import Member
from members.services import member_save
from pagecache import revision
from projects.models import Project

from . import floors
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
    through = Project.participants.through
    public = Member.objects.public().filter(pk__in=through.objects.values("member_id")).order_by("pk")
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


def description_change(slug: str) -> Callable[[], None]:
    """A real write to the member `slug`: its description saved through the service, as the admin saves it."""
    counter = itertools.count()

    def change() -> None:
        member = Member.objects.get(slug=slug)
        member.description_en = f"Described again by the benchmark ({next(counter)})."
        member_save(member=member)

    return change


def other_member_slug(slug: str) -> str:
    """The public member after `slug` (or before it, at the end): a write to it must keep `slug`'s page."""
    public = Member.objects.public().exclude(slug=slug).order_by("pk")
    member_pk = Member.objects.values_list("pk", flat=True).get(slug=slug)
    after = public.filter(pk__gt=member_pk).values_list("slug", flat=True).first()
    return after or public.order_by("-pk").values_list("slug", flat=True).first()


def measure_after_a_change(client: Client, url: str, repeat: int, change: Callable[[], None] = revision.bump) -> dict:
    """The page computed afresh after `change()` (untimed), by default a new revision."""
    times = []
    for _ in range(repeat):
        change()
        times += timed(lambda: _get(client, url), 1)[0]
    change()
    queries, _size = count_queries(client, url)
    return {**summary(times), "queries": queries}


def count_queries(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, url)
    return len(captured), len(response.content)


def measure_page(
    client: Client, url: str, floor_url: str, repeat: int, warmup: int, change: Callable[[], None] = revision.bump
) -> dict:
    for _ in range(warmup):
        _get(client, url), _get(client, floor_url)
    page_times, floor_times = [], []
    for _ in range(repeat):
        page_times += timed(lambda: _get(client, url), 1)[0]
        floor_times += timed(lambda: _get(client, floor_url), 1)[0]
    queries, size = count_queries(client, url)
    after_change = measure_after_a_change(client, url, repeat, change)
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
        if name != "member":
            results[name] = {**measure_page(client, url, floor_url, repeat, warmup), "facts": facts}
            continue
        other = other_member_slug(facts["slug"])
        page = measure_page(client, url, floor_url, repeat, warmup, change=description_change(other))
        own = measure_after_a_change(client, url, repeat, description_change(facts["slug"]))
        own["ratio_to_floor"] = ratio(own["median_ms"], page["floor"]["median_ms"])
        results[name] = {**page, "after_own_change": own, "facts": {**facts, "changed_member": other}}
    return results
