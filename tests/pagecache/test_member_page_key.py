"""The member page's narrower cache key (members/page_cache.py): a change to member A keeps member B's page.

The important test is the random one: on random registries after random writes (services, admin-like
saves, the import, bulk writes with `sync_summaries()`, projects, governance, a new day), every member
page served, from the cache or not, is the page computed afresh. The others pin what a missed
dependency would break: every table the page reads is watched, and the narrowed models are those listed.
"""

import datetime
import random
import re
import uuid

import pytest
from django.apps import apps
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import m2m_changed, post_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members import querysets
from members.models import HeadcountReport, Member, MembershipPeriod, Region, YearlyFigures
from members.services import member_join, member_leave, member_report_headcount, member_save, member_sync_summaries
from pagecache import decorators, revision
from pagecache.models import RegistryRevision
from projects.member_page import participation_changed
from projects.models import Project
from tests.governance.factories import ChairTermFactory
from tests.members.factories import IncubatorFactory, MemberFactory, RegionFactory, SectorFactory, valid_inn
from tests.members.spreadsheets import run_rows
from tests.projects.factories import AwardFactory, ProjectFactory

pytestmark = pytest.mark.django_db

REAL_TODAY = timezone.localdate()


def shared_token() -> str:
    return RegistryRevision.objects.get(pk=revision.ROW).shared_token


def page_token(member) -> str:
    return Member.objects.values_list("page_token", flat=True).get(pk=member.pk)


def url_of(member, language="ru") -> str:
    with translation.override(language):
        return member.get_absolute_url()


def served(client, url):
    response = client.get(url)
    return response.status_code, response.content


def fresh(client, url, monkeypatch):
    """The page computed afresh: the same request with an empty cache of its own (the real one untouched)."""
    with monkeypatch.context() as patch:
        # A name of its own: local-memory caches of one name share their memory.
        patch.setattr(decorators, "cache", LocMemCache(f"fresh-{uuid.uuid4().hex}", {}))
        return served(client, url)


def test_a_change_to_another_member_keeps_the_page_cached_and_its_own_change_does_not(
    client, django_assert_num_queries
):
    a, b = MemberFactory(slug="a"), MemberFactory(slug="b")
    before = client.get(url_of(b)).content
    client.get(url_of(a))
    a.description_ru = "Новое описание A."
    member_save(member=a)
    with django_assert_num_queries(1):  # B's page: from the cache, the one query of its tokens
        assert client.get(url_of(b)).content == before
    assert "Новое описание A." in client.get(url_of(a)).content.decode()
    b.description_ru = "Новое описание B."
    member_save(member=b)
    assert "Новое описание B." in client.get(url_of(b)).content.decode()
    with django_assert_num_queries(1):
        client.get(url_of(b))


def test_every_other_page_still_changes_with_any_write(client):
    a = MemberFactory(slug="a")
    directory = client.get("/members/").content
    a.name_ru = "Переименованная"
    member_save(member=a)
    assert client.get("/members/").content != directory
    assert "Переименованная" in client.get("/members/").content.decode()


def _linking(direction):
    # The sector exists before the write: making it is a write of its own (a shared one).
    def prepare(member):
        sector = SectorFactory()
        return (lambda: member.sectors.add(sector)) if direction == "member" else (lambda: sector.members.add(member))

    return prepare


WRITES = {
    "member saved": (lambda m: lambda: member_save(member=m), True),
    "headcount": (lambda m: lambda: member_report_headcount(member=m, employees=5, reported_on=REAL_TODAY), True),
    "leaving": (lambda m: lambda: member_leave(member=m, left_on=REAL_TODAY), True),
    "sector linked": (_linking("member"), True),
    "member linked from the sector": (_linking("sector"), True),
    "summaries synced": (lambda m: lambda: Member.objects.filter(pk=m.pk).sync_summaries(), True),
    "yearly figures": (lambda m: lambda: YearlyFigures.objects.create(member=m, year=2020, currency="RUB"), True),
    "member deleted": (lambda m: MemberFactory(current=False).delete, False),
    "region saved": (lambda m: Region.objects.get(pk=m.region_id).save, False),
    "project made": (lambda m: lambda: ProjectFactory(lead=None), False),
    "chair term": (lambda m: ChairTermFactory, False),
    "award": (lambda m: AwardFactory, False),
    "a bump": (lambda m: revision.bump, False),
}


@pytest.mark.parametrize("name", WRITES)
def test_a_write_renews_its_members_token_or_else_the_shared_one(name):
    prepare, narrow = WRITES[name]
    member = MemberFactory()
    write = prepare(member)
    token, shared, global_token = page_token(member), shared_token(), revision.token()
    write()
    assert revision.token() != global_token  # every other page changes with every write
    assert (shared_token() == shared) is narrow
    if narrow:
        assert page_token(member) != token


def test_participation_renews_only_the_linked_members_pages():
    project = ProjectFactory(lead=None)
    a, b = MemberFactory(), MemberFactory()
    shared, tokens = shared_token(), {m.pk: page_token(m) for m in (a, b)}
    project.participants.add(a)
    assert shared_token() == shared and page_token(a) != tokens[a.pk] and page_token(b) == tokens[b.pk]
    # member.projects.add() fails in simple-history's m2m history (it records the forward side only), so the
    # narrowing's handler of the reverse side is called as the signal would call it.
    assert participation_changed(instance=b, reverse=True, pk_set={project.pk}, using="default")
    assert shared_token() == shared and page_token(b) != tokens[b.pk]
    project.participants.clear()  # which members it had is no longer known: every page goes
    assert shared_token() != shared


def test_a_report_moved_to_another_member_renews_both_pages():
    a, b = MemberFactory(), MemberFactory()
    report = member_report_headcount(member=a, employees=3, reported_on=datetime.date(2020, 1, 1))
    report = HeadcountReport.objects.get(pk=report.pk)
    tokens = (page_token(a), page_token(b))
    report.member = b
    report.save()
    assert page_token(a) != tokens[0] and page_token(b) != tokens[1]


def test_a_saved_member_never_writes_an_old_token_back():
    member = MemberFactory()
    stale = Member.objects.get(pk=member.pk)
    Member.objects.filter(pk=member.pk).sync_summaries()
    newer, read_with = page_token(member), stale.page_token
    stale.short_name = "X"
    stale.save()
    assert page_token(member) not in (read_with, newer)
    assert page_token(member) == stale.page_token  # written in the save's own statement


def test_a_member_saved_by_loaddata_renews_its_page_too():
    from django.core import serializers

    member = MemberFactory()
    before = page_token(member)
    (saved,) = serializers.deserialize("json", serializers.serialize("json", [Member.objects.get(pk=member.pk)]))
    saved.save()  # Model.save_base(raw=True): Member.save() is not called, the narrowing renews the token
    assert page_token(member) != before


def test_a_member_save_is_one_update_with_its_new_token():
    member = Member.objects.get(pk=MemberFactory().pk)
    before = page_token(member)
    member.short_name = "Y"
    with CaptureQueriesContext(connection) as captured:
        member.save()
    updates = [
        query["sql"] for query in captured if query["sql"].startswith("UPDATE") and "members_member" in query["sql"]
    ]
    assert len(updates) == 1 and "page_token" in updates[0]
    assert page_token(member) != before


def test_the_narrowed_models_are_the_members_own_rows_and_nothing_else():
    # Narrowing another model is a decision about every member page: add it here with a test above.
    own = {Member, MembershipPeriod, HeadcountReport, YearlyFigures, Member.sectors.through}
    assert set(revision.narrowed()) == own | {Project.participants.through}


def _watched(model) -> bool:
    if model is RegistryRevision:
        return True
    if model._meta.auto_created:  # a many-to-many table: its relinkings are watched
        return m2m_changed.has_listeners(model)
    uid = f"registry-revision-{model._meta.label}-save"
    return any(key[0][0] == uid for key in post_save.receivers)


def rich_member() -> Member:
    member = MemberFactory(incubator_status=Member.IncubatorStatus.RESIDENT, incubator=IncubatorFactory())
    member.sectors.add(SectorFactory())
    member_report_headcount(member=member, employees=12, reported_on=datetime.date(2020, 1, 1))
    AwardFactory(project=ProjectFactory(lead=member))
    MemberFactory(cluster_role=Member.Role.SPECIALISED)
    return member


def test_every_table_the_member_page_reads_is_watched(client):
    member = rich_member()
    tables = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url_of(member)).status_code == 200
    read = {name for query in captured for name in re.findall(r'(?:FROM|JOIN) "?(\w+)"?', query["sql"])}
    assert {"members_member", "members_headcountreport", "projects_project"} <= read
    assert [name for name in read if name not in tables or not _watched(tables[name])] == []


# The random registries and writes: each write is (kind, a number choosing its target).
KINDS = [
    "describe", "rename", "orm_save", "specialise", "publish", "headcount", "edit_headcount", "move_headcount",
    "delete_headcount", "leave", "join", "sector_link", "sector_unlink", "sector_reverse", "sector_rename",
    "region_rename", "incubator_rename", "project_title", "participate", "unparticipate", "award", "chair",
    "import", "bulk", "day",
]  # fmt: skip
writes = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 10**6)), min_size=1, max_size=8)


def build_registry(rnd: random.Random, size: int) -> dict:
    regions = [
        RegionFactory(),
        RegionFactory(country="RU", name_en="Leningrad Oblast", name_ru="Ленобласть", code="RU-LEN"),
    ]
    sectors = [SectorFactory() for _ in range(3)]
    incubator = IncubatorFactory()
    members = []
    for number in range(size):
        member = MemberFactory(
            slug=f"m{number}",
            registration_number=valid_inn(700 + number),
            region=rnd.choice(regions),
            cluster_role=Member.Role.SPECIALISED if rnd.random() < 0.3 else Member.Role.PARTICIPANT,
            **(
                {"incubator_status": Member.IncubatorStatus.ALUMNUS, "incubator": incubator}
                if rnd.random() < 0.4
                else {}
            ),
        )
        member.sectors.set(rnd.sample(sectors, rnd.randint(0, 2)))
        if rnd.random() < 0.6:
            member_report_headcount(member=member, employees=rnd.randint(1, 99), reported_on=datetime.date(2019, 6, 1))
        members.append(member)
    projects = [ProjectFactory(lead=rnd.choice(members), participants=rnd.sample(members, 2)) for _ in range(2)]
    AwardFactory(project=projects[0])
    return {"members": members, "sectors": sectors, "regions": regions, "incubator": incubator, "projects": projects}


def apply(kind: str, rnd: random.Random, registry: dict, user, shift_day) -> None:
    member = Member.objects.get(pk=rnd.choice(registry["members"]).pk)
    other = Member.objects.get(pk=rnd.choice(registry["members"]).pk)
    sector, project = rnd.choice(registry["sectors"]), rnd.choice(registry["projects"])
    text = f"{kind} {rnd.randint(0, 10**6)}"
    reports = list(HeadcountReport.objects.filter(member=member))
    if kind in ("describe", "rename", "specialise", "publish"):
        if kind == "describe":
            member.description_ru = text
        elif kind == "rename":
            member.name_ru = text
        elif kind == "specialise":
            member.cluster_role = rnd.choice(Member.Role.values)
        else:
            member.is_published = not member.is_published
        member_save(member=member)
    elif kind == "orm_save":  # a plain save (the admin's, before its save_related syncs): signals alone
        member.short_name = text[:100]
        member.save()
    elif kind == "headcount":
        day = REAL_TODAY - datetime.timedelta(days=rnd.randint(1, 4000))
        member_report_headcount(member=member, employees=rnd.randint(0, 500), reported_on=day)
    elif kind in ("edit_headcount", "move_headcount", "delete_headcount") and reports:
        report = rnd.choice(reports)
        # An admin inline's save or deletion: the signals alone, and then the summaries as the admin syncs them.
        if kind == "edit_headcount":
            report.employees += 1
            report.save()
        elif kind == "move_headcount":
            report.member = other
            report.save()
        else:
            report.delete()
        if rnd.random() < 0.5:
            member_sync_summaries(members=Member.objects.filter(pk__in={member.pk, other.pk}))
    elif kind == "leave":
        member_leave(member=member, left_on=REAL_TODAY + datetime.timedelta(days=rnd.randint(-3, 3)))
    elif kind == "join":
        member_join(member=member, joined_on=REAL_TODAY + datetime.timedelta(days=rnd.randint(-3, 3)))
    elif kind == "sector_link":
        member.sectors.add(sector)
    elif kind == "sector_unlink":
        member.sectors.remove(sector)
    elif kind == "sector_reverse":
        sector.members.add(member)
    elif kind in ("sector_rename", "region_rename", "incubator_rename"):
        named = {"sector_rename": sector, "region_rename": rnd.choice(registry["regions"])}
        row = named.get(kind, registry["incubator"])
        row = type(row).objects.get(pk=row.pk)
        row.name_ru = text
        row.save()
    elif kind == "project_title":
        project = Project.objects.get(pk=project.pk)
        project.title_ru = text
        project.save()
    elif kind == "participate":
        project.participants.add(member)
    elif kind == "unparticipate":
        project.participants.remove(member)
    elif kind == "award":
        AwardFactory(project=project)
    elif kind == "chair":
        ChairTermFactory()
    elif kind == "import":
        header = ["country", "registration_number", "name_en"]
        run_rows([header, ["RU", member.registration_number, text]], commit=True, user=user)
    elif kind == "bulk":  # a writer without signals, which syncs the summaries as every bulk writer does
        Member.objects.filter(pk=member.pk).update(description_en=text)
        Member.objects.filter(pk=member.pk).sync_summaries()
    elif kind == "day":
        shift_day(rnd.randint(1, 3))


def assert_every_page_as_computed_afresh(client, registry, monkeypatch) -> None:
    for member in registry["members"]:
        slug = Member.objects.values_list("slug", flat=True).get(pk=member.pk)
        for language in ("ru", "en"):
            url = f"/en/members/{slug}/" if language == "en" else f"/members/{slug}/"
            assert served(client, url) == fresh(client, url, monkeypatch), (url, language)


def run_scenario(seed: int, size: int, steps, client, monkeypatch, user) -> None:
    """Build a registry, then after each write compare every member page served with it computed afresh."""
    rnd, offset, real_localdate = random.Random(seed), [0], timezone.localdate

    def localdate(value=None, timezone=None):
        if value is not None:
            return real_localdate(value, timezone)
        return real_localdate() + datetime.timedelta(days=offset[0])

    def shift_day(days):
        offset[0] += days

    with transaction.atomic():
        decorators.cache.clear()
        querysets._state_day.clear()
        monkeypatch.setattr(timezone, "localdate", localdate)
        registry = build_registry(rnd, size)
        assert_every_page_as_computed_afresh(client, registry, monkeypatch)
        for kind, choice in steps:
            try:
                with transaction.atomic():
                    apply(kind, random.Random(choice), registry, user, shift_day)
            except (ValidationError, IntegrityError):
                pass  # a refused write (a report moved onto a day taken) writes nothing
            assert_every_page_as_computed_afresh(client, registry, monkeypatch)
        transaction.set_rollback(True)
    monkeypatch.setattr(timezone, "localdate", real_localdate)
    querysets._state_day.clear()


@pytest.fixture
def importer(django_user_model):
    return django_user_model.objects.create_user("importer", "importer@example.org", None, is_staff=True)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_write_alone_leaves_every_member_page_as_computed_afresh(kind, client, monkeypatch, importer):
    run_scenario(2018, 4, [(kind, 1), (kind, 2), (kind, 3)], client, monkeypatch, importer)


@given(seed=st.integers(0, 10**6), size=st.integers(2, 5), steps=writes)
@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_member_page_served_is_the_page_computed_afresh_after_random_writes(
    seed, size, steps, client, monkeypatch, importer
):
    run_scenario(seed, size, steps, client, monkeypatch, importer)
