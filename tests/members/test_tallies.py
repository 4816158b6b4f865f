"""The tallies of public members (`members.tallies`), kept by database triggers, against the full computation.

Random registries, random writes through every way in (the services, the import, QuerySet.update() with
`sync_summaries()`, raw deletions, sectors relinked, publishing, days passing with no write): after each,
the home page's breakdown, the directory's facets under many filters and the chart of the years joined
and left read from the tallies equal what the members and their periods give when counted.
"""

import datetime
import itertools
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Q
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from members import querysets, tallies
from members.filters import MemberFilter
from members.models import HeadcountReport, Incubator, Member, MembershipPeriod, Region, Sector
from members.services import member_join, member_leave, member_report_headcount, member_save
from tests.members.factories import MemberFactory, valid_inn
from tests.members.spreadsheets import run_rows
from tests.members.test_membership_state import _periods

pytestmark = pytest.mark.django_db

REAL_TODAY = timezone.localdate()
BREAKDOWN_KEYS = (*tallies.DIMENSIONS, "members", "reported", "headcount", "in_incubator")


def _sorted(rows: list[dict], keys=BREAKDOWN_KEYS) -> list[tuple]:
    return sorted((tuple(str(row[key]) for key in keys) for row in rows if row["members"]), key=str)


def counted_sectors() -> list[dict]:
    through = Member.sectors.through.objects.filter(member__in=Member.objects.public())
    rows = through.values(
        "sector_id",
        "member__country",
        "member__region",
        "member__member_type",
        "member__incubator_status",
        "member__incubator",
    ).annotate(members=Count("member_id"))
    return [
        {
            "sector": row["sector_id"],
            "country": row["member__country"],
            "region": row["member__region"],
            "member_type": row["member__member_type"],
            "incubator_status": row["member__incubator_status"],
            "incubator": row["member__incubator"],
            "members": row["members"],
        }
        for row in rows
    ]


def facet_queries(regions, sectors) -> list[str]:
    """Query strings the tallies answer (and one each they must leave to the members)."""
    region, sector = regions[0], sectors[0]
    return [
        "",
        "country=RU",
        "country=FI&type=company",
        f"region={region.pk}",
        "incubator=resident&incubator=alumnus",
        f"sector={sector.slug}",
        f"sector={sector.slug}&country=RU&type=research",
        f"sector={sector.slug}&sector={sectors[1].slug}",  # two sectors: counted over the members
        "q=Organisation&country=RU",  # a search: counted over the members
        "former=on",
    ]


def assert_tallies_hold(day: datetime.date, regions, sectors) -> None:
    # A row that fell to no member holds nothing else either (reading skips it, so it must be empty).
    assert not tallies.PublicTally.objects.filter(members=0).exclude(reported=0, headcount=0).exists()
    assert not tallies.PublicTally.objects.filter(members__lt=0).exists()
    assert not tallies.SectorTally.objects.filter(members__lt=0).exists()
    assert not tallies.PeriodDayTally.objects.filter(Q(joinings__lt=0) | Q(leavings__lt=0)).exists()
    assert _sorted(tallies.public_breakdown()) == _sorted(Member.objects.public().breakdown())
    sector_keys = ("sector", *tallies.DIMENSIONS, "members")
    assert _sorted(tallies.sector_breakdown(), sector_keys) == _sorted(counted_sectors(), sector_keys)
    periods = MembershipPeriod.objects.of_published_members()
    for until in (day, day - datetime.timedelta(days=400), day + datetime.timedelta(days=400)):
        assert tallies.PeriodDayTally.objects.joined_and_left_per_year(until) == periods.joined_and_left_per_year(until)
    base = Member.objects.published().was_member()
    for query in facet_queries(regions, sectors):
        filterset = MemberFilter(QueryDict(query), queryset=base, language="ru")
        assert filterset.facets() == filterset.counted_facets(), query
    # The figures of the home page: from the tally, equal to the aggregate over the public members.
    assert Member.objects.public_figures()["totals"] == Member.objects.public().figures()["totals"]


offsets = st.integers(min_value=-900, max_value=900)
small = st.integers(0, 7)
writes = st.one_of(
    st.tuples(st.just("join"), small, offsets),
    st.tuples(st.just("leave"), small, offsets),
    st.tuples(st.just("import_join"), small, offsets),
    st.tuples(st.just("import_leave"), small, offsets),
    st.tuples(st.just("bulk_leave"), small, offsets),
    st.tuples(st.just("headcount"), small, st.integers(0, 5000)),
    st.tuples(st.just("headcount"), small, st.integers(0, 5000)),
    st.tuples(st.just("move"), small, small),
    st.tuples(st.just("publish"), small, small),
    st.tuples(st.just("sectors"), small, small),
    st.tuples(st.just("delete_period"), small, small),
    st.tuples(st.just("move_period"), small, offsets),
    st.tuples(st.just("delete_member"), small, small),
    st.tuples(st.just("new_day"), small, st.integers(min_value=-500, max_value=500)),
)
members_spec = st.tuples(
    st.lists(st.tuples(st.integers(-2000, 600), st.one_of(st.none(), st.integers(0, 800))), max_size=3),
    small,  # dimensions: country, region, type, incubator
    st.booleans(),  # published
    st.lists(small, max_size=3),  # sectors
    st.one_of(st.none(), st.integers(0, 900)),  # headcount
)
registries = st.lists(members_spec, min_size=1, max_size=6)


def _place(member: Member, which: int, regions, incubator) -> None:
    """Give `member` a country, region, type and incubator status chosen by `which`."""
    region = regions[which % len(regions)] if which % 4 else None
    member.country = region.country if region else ("RU", "FI")[which % 2]
    member.region = region
    member.member_type = (Member.Type.COMPANY, Member.Type.RESEARCH)[which // 2 % 2]
    status = ("", Member.IncubatorStatus.RESIDENT, Member.IncubatorStatus.ALUMNUS)[which % 3]
    member.incubator_status, member.incubator = status, incubator if status else None


def _write(kind, member, value, day, user, context) -> None:
    regions, sectors, incubator = context
    when = day + datetime.timedelta(days=value)
    try:
        with transaction.atomic():
            if kind == "join":
                member_join(member=member, joined_on=when)
            elif kind == "leave":
                member_leave(member=member, left_on=when)
            elif kind == "bulk_leave":
                member.periods.filter(left_on__isnull=True, joined_on__lte=when).update(left_on=when)
                Member.objects.filter(pk=member.pk).sync_summaries()
            elif kind in ("import_join", "import_leave"):
                column = "joined_on" if kind == "import_join" else "left_on"
                header = ["country", "registration_number", column]
                run_rows(
                    [header, [str(member.country), member.registration_number, when.isoformat()]],
                    commit=True,
                    user=user,
                )
            elif kind == "headcount":
                member_report_headcount(member=member, employees=value, reported_on=day - datetime.timedelta(days=1))
            elif kind == "move":
                _place(member, value, regions, incubator)
                member_save(member=member)
            elif kind == "publish":
                Member.objects.filter(pk=member.pk).update(is_published=bool(value % 2))
            elif kind == "sectors":
                member.sectors.set(sectors[: value % 3] if value % 2 else sectors[value % 3 :])
            elif kind == "delete_period":
                member.periods.order_by("joined_on")[: value % 2 + 1].first().delete()
                Member.objects.filter(pk=member.pk).sync_summaries()
            elif kind == "move_period":
                period = member.periods.order_by("-joined_on").first()
                MembershipPeriod.objects.filter(pk=period.pk).update(joined_on=when, left_on=None)
                Member.objects.filter(pk=member.pk).sync_summaries()
            elif kind == "delete_member":
                member.periods.all().delete()  # periods and reports protect the member, as erasure knows
                member.headcounts.all().delete()
                member.delete()
    except (ValidationError, IntegrityError, AttributeError, Member.DoesNotExist):
        pass  # a refused write (or one with nothing to act on) writes nothing; the tallies must still hold


@given(registry=registries, steps=st.lists(writes, max_size=8))
@settings(
    max_examples=60,
    deadline=None,
    phases=[
        Phase.explicit,
        Phase.reuse,
        Phase.generate,
    ],  # no shrinking: the registries are small, shrinking takes minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_the_tallies_are_the_full_computation_after_random_writes_and_days(
    registry, steps, monkeypatch, django_user_model
):
    with transaction.atomic():
        querysets._state_day.clear()
        day = REAL_TODAY
        monkeypatch.setattr(timezone, "localdate", lambda *args: day)
        user = django_user_model.objects.create_user("importer", "importer@example.org", None, is_staff=True)
        regions = [
            Region.objects.create(country="RU", name_ru="Область", name_en="Oblast"),
            Region.objects.create(country="RU", name_ru="Край", name_en="Krai"),
            Region.objects.create(country="FI", name_ru="Пирканмаа", name_en="Pirkanmaa"),
        ]
        sectors = [Sector.objects.create(slug=f"s{n}", name_ru=f"Отрасль {n}", name_en=f"Sector {n}") for n in range(3)]
        incubator = Incubator.objects.create(slug="inc", name_ru="Инкубатор", name_en="Incubator", is_default=True)
        members = []
        for number, (spec, which, published, chosen, headcount) in enumerate(registry):
            member = MemberFactory(current=False, registration_number=valid_inn(900 + number), is_published=published)
            _place(member, which, regions, incubator)
            member.save()
            MembershipPeriod.objects.bulk_create(_periods(spec, member))
            member.sectors.set({sectors[n % 3] for n in chosen})
            if headcount is not None:
                HeadcountReport.objects.create(
                    member=member, employees=headcount, reported_on=datetime.date(2020, 1, 1)
                )
            members.append(member)
        Member.objects.sync_summaries()
        assert_tallies_hold(day, regions, sectors)
        for kind, which, value in steps:
            if kind == "new_day":
                day = day + datetime.timedelta(days=value)
                querysets.bring_state_to_today(Member.objects.all())
            else:
                member = members[which % len(members)]
                if Member.objects.filter(pk=member.pk).exists():
                    member.refresh_from_db()
                    _write(kind, member, value, day, user, (regions, sectors, incubator))
            assert_tallies_hold(day, regions, sectors)
        # What the triggers kept is what a rebuild computes from scratch.
        kept = [
            _sorted(tallies.public_breakdown()),
            sorted(tallies.PeriodDayTally.objects.filter(joinings__gt=0).values_list("day", "joinings")),
        ]
        tallies.rebuild()
        assert kept == [
            _sorted(tallies.public_breakdown()),
            sorted(tallies.PeriodDayTally.objects.filter(joinings__gt=0).values_list("day", "joinings")),
        ]
        transaction.set_rollback(True)


def test_unpublishing_takes_a_member_out_of_every_tally_and_publishing_brings_it_back():
    sector = Sector.objects.create(slug="water", name_ru="Вода", name_en="Water")
    member = MemberFactory()
    member.sectors.add(sector)
    MembershipPeriod.objects.filter(member=member).update(left_on=datetime.date(2016, 1, 1))
    MembershipPeriod.objects.create(member=member, joined_on=datetime.date(2017, 1, 1))
    Member.objects.sync_summaries()
    per_year = tallies.PeriodDayTally.objects.joined_and_left_per_year
    counted = (len(tallies.public_breakdown()), len(tallies.sector_breakdown()), per_year(REAL_TODAY))
    assert counted[:2] == (1, 1) and counted[2][0] == {"year": 2015, "joined": 1, "left": 0}
    Member.objects.filter(pk=member.pk).update(is_published=False)
    assert (tallies.public_breakdown(), tallies.sector_breakdown(), per_year(REAL_TODAY)) == ([], [], [])
    Member.objects.filter(pk=member.pk).update(is_published=True)
    assert (len(tallies.public_breakdown()), len(tallies.sector_breakdown()), per_year(REAL_TODAY)) == counted


def test_a_sector_link_removed_takes_only_that_member_out_of_the_sector():
    sector = Sector.objects.create(slug="water", name_ru="Вода", name_en="Water")
    company = MemberFactory()
    institute = MemberFactory(member_type=Member.Type.RESEARCH)  # the same country and region, another type
    for member in (company, institute):
        member.sectors.add(sector)
    Member.objects.sync_summaries()
    company.sectors.remove(sector)
    assert [(row["member_type"], row["members"]) for row in tallies.sector_breakdown()] == [("research", 1)]
    company.sectors.add(sector)
    rows = sorted((row["member_type"], row["members"]) for row in tallies.sector_breakdown())
    assert rows == [("company", 1), ("research", 1)]


def test_the_home_figures_and_the_unfiltered_facets_read_the_tallies_not_the_members(django_assert_num_queries):
    for number in range(3):
        MemberFactory(registration_number=valid_inn(50 + number))
    Member.objects.sync_summaries()
    with django_assert_num_queries(2):  # the tally, and the incubators named in it
        figures = Member.objects.public_figures()
    assert figures["totals"]["members"] == 3
    filterset = MemberFilter(QueryDict("country=RU"), queryset=Member.objects.published().was_member(), language="ru")
    with django_assert_num_queries(2):  # the tally and the tally per sector
        assert filterset.facets()["total"] == 3


def test_a_filter_the_tallies_cannot_answer_is_counted_over_the_members():
    MemberFactory(name_en="Alpha")
    MemberFactory(name_en="Beta")
    Member.objects.sync_summaries()
    filterset = MemberFilter(QueryDict("q=alpha"), queryset=Member.objects.published().was_member(), language="ru")
    assert filterset.tallied_facets() is None
    assert filterset.facets()["total"] == 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_tallies_from_the_members_and_goes_back():
    before = [("members", "0011_member_page_token")]
    after = [("members", "0012_tallies")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldMember, OldPeriod = old.get_model("members", "Member"), old.get_model("members", "MembershipPeriod")  # noqa: N806
    sector = old.get_model("members", "Sector").objects.create(slug="water", name_ru="Вода", name_en="Water")
    for slug, published, current, headcount in itertools.product(["a", "b"], [True, False], [True, False], [None]):
        member = OldMember.objects.create(
            name_ru=f"{slug}{published}{current}",
            slug=f"{slug}-{published}-{current}",
            country="RU",
            is_published=published,
            headcount=7 if slug == "a" else headcount,
            current_since=REAL_TODAY if current else None,
        )
        member.sectors.add(sector)
        OldPeriod.objects.create(member_id=member.pk, joined_on=datetime.date(2019, 5, 1), left_on=None)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        public = new.get_model("members", "PublicTally").objects.get()
        assert (public.members, public.reported, public.headcount) == (2, 1, 7)
        assert new.get_model("members", "SectorTally").objects.get().members == 2
        day = new.get_model("members", "PeriodDayTally").objects.get()
        assert (day.day, day.joinings, day.leavings) == (datetime.date(2019, 5, 1), 4, 0)
        # From here the triggers keep them: a new public member counts at once.
        NewMember = new.get_model("members", "Member")  # noqa: N806
        NewMember.objects.filter(is_published=True, current_since__isnull=True).update(current_since=REAL_TODAY)
        assert new.get_model("members", "PublicTally").objects.get().members == 4
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        tables = connection.introspection.table_names()
        assert "members_publictally" not in tables
        NewMember.objects.update(is_published=False)  # no trigger left behind to write to a dropped table
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_write_to_the_tallies_first_queues_on_the_revision_row_so_writers_never_deadlock():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: nothing to queue for")
    import psycopg2
    from django.db import connections

    from pagecache import bump

    bump()  # the revision row exists
    members = [MemberFactory(registration_number=valid_inn(70 + number)) for number in range(6)]
    Member.objects.sync_summaries()
    settings_dict = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings_dict["NAME"], user=settings_dict["USER"] or None, host=settings_dict["HOST"] or None
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # A write without signals (no bump): only the trigger can have taken the lock.
            cursor.execute("UPDATE members_member SET country = 'FI' WHERE id = %s", [members[0].pk])
            with other.cursor() as probe, pytest.raises(psycopg2.errors.LockNotAvailable):
                probe.execute("SELECT 1 FROM pagecache_registryrevision WHERE id = 1 FOR UPDATE NOWAIT")
        other.rollback()
        # Writers each moving a member of their own between two tally rows, in opposite directions: each
        # takes one row's lock and then the other's, so without the queue two of them deadlock.
        Member.objects.filter(pk__in=[member.pk for member in members[::2]]).update(member_type=Member.Type.RESEARCH)
        errors, start = [], threading.Barrier(len(members))

        def move(member):
            types = [Member.Type.COMPANY, Member.Type.RESEARCH]
            try:
                start.wait()
                for step in range(20):
                    with transaction.atomic():
                        Member.objects.filter(pk=member.pk).update(member_type=types[step % 2])
            except Exception as error:  # any failure at all is reported by the assert below
                errors.append(repr(error))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=move, args=(member,)) for member in members]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert _sorted(tallies.public_breakdown()) == _sorted(Member.objects.public().breakdown())
    finally:
        other.close()
