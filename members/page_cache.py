"""The member page's cache key: the member's own token, so that a change to one member keeps the others' pages.

Every public page is cached under the registry's revision (`pagecache`), which every write changes. A
member's page (`/members/<slug>/`) is keyed instead by what it shows (`member_page_tokens`, one query):

- `Member.page_token`, renewed by every write to the member's own rows: its save, its membership periods,
  headcount reports, yearly figures, sectors and project participation (through the narrowing below) and
  `MemberQuerySet.sync_summaries()`, which every bulk writer calls (in its own UPDATE);
- the revision's shared token, renewed by every other write (regions', sectors' and incubators' names,
  projects and awards, governance, a member's deletion, an import): `pagecache.narrow` is opt-in, so a
  write nobody placed drops every member's page as before;
- what the footer shows of another member: the id and own token of the specialised organisation, so
  that its change (or another member taking the role) reaches every page without a shared write;
- the day of the registry's last change (the footer's date); the day, language and path, as every page.

What one member's page shows of another member must come in one of these ways: the projects section
names no co-participant, so a participation renews only the pages of the members it links.
`tests/pagecache/test_member_page_key.py` checks every table the page reads and compares pages served
from the cache with pages computed afresh after random writes.
"""

import datetime

from django.db import connections
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime

import pagecache
from pagecache.models import RegistryRevision
from pagecache.revision import ROW

from . import querysets
from .models import HeadcountReport, Member, MembershipPeriod, YearlyFigures, new_page_token


def renew_member_pages(ids, using: str | None = None) -> None:
    """Give the members `ids` new page tokens (one UPDATE): their cached pages are stale from the commit."""
    ids = {pk for pk in ids if pk is not None}
    if ids:
        Member.objects.using(using or "default").filter(pk__in=ids).update(page_token=new_page_token())


def member_page_tokens(request, slug: str, using: str = "default") -> tuple:
    """The key's tokens of the member page of `slug`, in one SQL statement (see the module's docstring)."""
    # Plain SQL as `pagecache.revision.token()`: read on every cached visit, where building the ORM query
    # would cost more than the database's answer.
    connection = connections[using]
    member, revision = (connection.ops.quote_name(model._meta.db_table) for model in (Member, RegistryRevision))
    # The specialised member as `MemberQuerySet.public().specialised()`: `NOT (cluster_role = participant)`
    # is its partial index's condition, `querysets.NOT_A_PARTICIPANT`, stated for SQLite (see there).
    sql = (
        f"SELECT r.shared_token, r.changed_at, (SELECT m.page_token FROM {member} m WHERE m.slug = %s), "  # noqa: S608 (our own tables)
        f"(SELECT s.id || ':' || s.page_token FROM {member} s WHERE s.cluster_role = %s "
        "AND NOT (s.cluster_role = %s) AND s.is_published = %s AND s.current_since IS NOT NULL "
        f"ORDER BY s.id LIMIT 1) FROM {revision} r WHERE r.id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug, querysets.SPECIALISED, querysets.PARTICIPANT, True, ROW])
        row = cursor.fetchone()
    if row is None:  # before the first migration wrote the revision: never served from the cache
        return ("member", new_page_token())
    shared, changed_at, own, specialised = row
    return ("member", shared, _local_day(changed_at), own, specialised)


def _local_day(value) -> str:
    """The footer's "last changed" day of the revision's `changed_at` as a cursor returns it."""
    if isinstance(value, str):  # SQLite without a declared type's converter
        value = parse_datetime(value)
    if timezone.is_naive(value):  # stored in UTC (USE_TZ)
        value = timezone.make_aware(value, datetime.UTC)
    return timezone.localdate(value).isoformat()


def _member_changed(*, signal, instance, using=None, **kwargs) -> bool:
    if signal is not post_save:
        return False  # a member deleted: whatever named it (a project, the footer) goes with every page
    if not instance.__dict__.pop("_page_token_renewed", False):  # saved other than by Member.save(): loaddata
        renew_member_pages([instance.pk], using)
    return True


def _own_row_changed(*, instance, using=None, **kwargs) -> bool:
    # The member the row was read with too: a row moved to another member changes both pages.
    renew_member_pages([instance.member_id, getattr(instance, "_stored_member_id", None)], using)
    return True


def _sectors_changed(*, instance, reverse, pk_set, using=None, **kwargs) -> bool:
    if not reverse:  # member.sectors.add(…), .set(…), .clear()
        renew_member_pages([instance.pk], using)
        return True
    if pk_set is None:  # sector.members.clear(): which members it had is no longer known
        return False
    renew_member_pages(pk_set, using)
    return True


def narrow_member_writes() -> None:
    """Hand the writes to a member's own rows to its page token (called by `MembersConfig.ready()`)."""
    pagecache.narrow(Member, _member_changed)
    for model in (MembershipPeriod, HeadcountReport, YearlyFigures):
        pagecache.narrow(model, _own_row_changed)
    pagecache.narrow(Member.sectors.through, _sectors_changed)
