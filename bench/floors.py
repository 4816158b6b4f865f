"""Floor views: the least a page could do. Bench-only; never in the public URLconf.

A page's floor runs the page's own main query (taken from the project's code, so it follows the
project when that changes) as one raw SQL statement, and renders the rows in a minimal template.
The figures' floors run the same single aggregate the home page uses. `fixed` returns a short
constant response: the ceiling of what gunicorn can serve on this machine.
"""

import datetime

from django.db import connection
from django.http import HttpResponse, QueryDict
from django.template import engines
from django.utils.translation import get_language

from members.filters import directory_queryset
from members.models import Member
from members.views import MemberDetailView, MemberListView
from pagecache import revision

LIST_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>floor</title><ul>{% for row in rows %}"
    '<li><a href="/members/{{ row.slug }}/">{{ row.name_ru|default:row.name_en }}</a> {{ row.city_ru }} '
    "{{ row.headcount|default_if_none:'' }}</li>{% endfor %}</ul>"
)
MEMBER_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>floor</title>{% for row in rows %}<h1>{{ row.name_ru|default:row.name_en }}</h1>"
    "<p>{{ row.description_ru }}</p><p>{{ row.city_ru }} {{ row.headcount|default_if_none:'' }}</p>{% endfor %}"
)
FIGURES_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>floor</title><dl>{% for name, value in figures.items %}"
    "<dt>{{ name }}</dt><dd>{{ value }}</dd>{% endfor %}</dl>"
)
AS_OF_DEFAULT = datetime.date(2019, 1, 1)

# The SQL of each page's main query, built once per process per URL (the page's parameters are fixed).
_statements: dict[tuple, tuple[str, tuple]] = {}


def page_size() -> int:
    return MemberListView.paginate_by


def directory_rows_query(data: QueryDict, language: str):
    """The directory's rows for one page, exactly as the project's shared queryset function makes them."""
    page = int(data.get("page") or 1)
    start = (page - 1) * page_size()
    return directory_queryset(data, language=language).members[start : start + page_size()]


def member_row_query(request, slug: str):
    view = MemberDetailView()
    view.setup(request, slug=slug)
    return view.get_queryset().filter(slug=slug)


def _fetch(key: tuple, build) -> list[dict]:
    if key not in _statements:
        _statements[key] = build().query.sql_with_params()
    sql, params = _statements[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def directory(request):
    language = get_language()
    rows = _fetch(("directory", request.GET.urlencode(), language), lambda: directory_rows_query(request.GET, language))
    return HttpResponse(LIST_TEMPLATE.render({"rows": rows}))


def member(request, slug):
    rows = _fetch(("member", slug), lambda: member_row_query(request, slug))
    return HttpResponse(MEMBER_TEMPLATE.render({"rows": rows}), status=200 if rows else 404)


def home(request):
    return HttpResponse(FIGURES_TEMPLATE.render({"figures": Member.objects.public().totals()}))


def as_of(request):
    day = datetime.date.fromisoformat(request.GET.get("on") or AS_OF_DEFAULT.isoformat())
    figures = Member.objects.published().current(on=day).totals(on=day)
    return HttpResponse(FIGURES_TEMPLATE.render({"figures": figures}))


def bump(request):
    """A new revision, as any write gives the registry (bench/workers.py changes the data's revision so)."""
    revision.bump()
    return HttpResponse(b"bumped\n", content_type="text/plain")


def fixed(request):
    return HttpResponse(b"ok\n", content_type="text/plain")
