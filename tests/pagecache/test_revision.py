"""The registry revision and the public pages cached under it (pagecache/revision.py, pagecache/decorators.py).

A cached page must never outlive the data it shows: every write path changes the revision, a
rolled-back write does not, the day is part of the key, and logged-in visitors are never served
from the cache.
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Member, MembershipPeriod
from members.services import member_leave
from pagecache import revision
from tests.governance.factories import ChairTermFactory
from tests.members.factories import MemberFactory, SectorFactory, valid_inn
from tests.members.spreadsheets import run_rows
from tests.projects.factories import AwardFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("members:member-list")


def listed_slugs(response) -> list[str]:
    return [slug for slug in (m.slug for m in Member.objects.all()) if f"/members/{slug}/" in response.content.decode()]


def changes(write) -> bool:
    before = revision.token()
    write()
    return revision.token() != before


def test_a_token_exists_after_migrating():
    assert len(revision.token()) == 32


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: MemberFactory(current=False), id="member saved"),
        pytest.param(lambda: MemberFactory(current=False).sectors.add(SectorFactory()), id="sector linked"),
        pytest.param(lambda: SectorFactory().delete(), id="sector deleted"),
        pytest.param(lambda: Member.objects.none().sync_summaries(), id="summaries synced"),
        pytest.param(lambda: ChairTermFactory(), id="chair term saved"),
        pytest.param(lambda: AwardFactory(), id="award saved"),
    ],
)
def test_every_write_path_changes_the_revision(write):
    assert changes(write)


def test_a_committed_import_changes_the_revision_and_a_refused_one_does_not(django_user_model):
    user = django_user_model.objects.create_user("importer", "importer@example.org", None, is_staff=True)
    header = ["country", "registration_number", "name_ru"]
    good = [header, ["RU", valid_inn(1), "Новая"]]
    bad = [header, ["RU", "not a number", "Другая"]]
    assert changes(lambda: run_rows(good, commit=True, user=user))
    assert not changes(lambda: run_rows(bad, commit=True, user=user))


def test_a_rolled_back_write_leaves_the_revision():
    before = revision.token()
    with transaction.atomic():
        MemberFactory()
        assert revision.token() != before  # the writer sees its own revision
        transaction.set_rollback(True)
    assert revision.token() == before


def test_a_second_visit_is_served_from_the_cache_until_the_registry_changes(client, django_assert_num_queries):
    first = MemberFactory(slug="first")
    page = client.get(DIRECTORY)
    assert listed_slugs(page) == ["first"]
    with django_assert_num_queries(1):
        assert client.get(DIRECTORY).content == page.content
    MemberFactory(slug="second")
    assert sorted(listed_slugs(client.get(DIRECTORY))) == ["first", "second"]
    member_leave(member=first, left_on=timezone.localdate())
    assert listed_slugs(client.get(DIRECTORY)) == ["second"]
    assert client.get(first.get_absolute_url()).status_code == 410  # a member who left: Gone, not cached


def test_the_cache_keeps_the_query_string_and_the_language_apart(client):
    MemberFactory(slug="finnish", country="FI", region=None, name_en="Finnish Oy")
    MemberFactory(slug="russian")
    assert listed_slugs(client.get(DIRECTORY, {"country": "FI"})) == ["finnish"]
    assert sorted(listed_slugs(client.get(DIRECTORY))) == ["finnish", "russian"]
    english = client.get(f"/en{DIRECTORY}").content.decode()
    assert 'lang="en"' in english and "Finnish Oy" in english


def test_a_new_day_is_a_new_page(client, monkeypatch):
    today = timezone.localdate()
    leaving = MemberFactory(slug="leaving")
    MembershipPeriod.objects.filter(member=leaving).update(left_on=today + datetime.timedelta(days=1))
    Member.objects.filter(pk=leaving.pk).sync_summaries()
    assert listed_slugs(client.get(DIRECTORY)) == ["leaving"]
    # Tomorrow the member has left, though nothing was written in between.
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(days=1))
    assert listed_slugs(client.get(DIRECTORY)) == []


def test_logged_in_visitors_always_get_a_fresh_page(staff_client, django_assert_max_num_queries):
    MemberFactory()
    staff_client.get(DIRECTORY)
    with django_assert_max_num_queries(30) as captured:
        staff_client.get(DIRECTORY)
    assert len(captured) > 2


def test_a_missing_page_is_not_cached(client):
    template = MemberFactory.build(slug="nobody", region=None, country="FI")
    assert client.get("/members/nobody/").status_code == 404
    # Written behind the revision's back (bulk_create sends no signals): only a fresh lookup finds it.
    (member,) = Member.objects.bulk_create([template])
    MembershipPeriod.objects.bulk_create([MembershipPeriod(member=member, joined_on=datetime.date(2015, 1, 1))])
    Member.objects.filter(pk=member.pk).keep_membership_state()  # its summary column, still without a new revision
    assert client.get("/members/nobody/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_migrating_changes_the_revision_and_members_can_still_be_migrated_away():
    from django.core.management import call_command

    before = revision.token()
    call_command("migrate", "members", "0002", verbosity=0)
    call_command("migrate", verbosity=0)
    assert revision.token() not in ("", before)
