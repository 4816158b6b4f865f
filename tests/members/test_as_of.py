"""The figures as of a past day from their tallies (`members.as_of`), against the full computation.

Random registries, random writes through every way in (those of the tallies' test, and the headcount
reports' and incubator years' own); after each, the figures on many days (each day a member's figures
change, the days either side, the months' first days) read from the tallies equal
`Member.objects.published().current(on=day).breakdown(on=day)`.
"""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from members import as_of, querysets
from members.models import HeadcountReport, Incubator, Member, MembershipPeriod, Region, Sector
from tests.members.factories import MemberFactory, valid_inn
from tests.members.test_membership_state import _periods
from tests.members.test_tallies import REAL_TODAY, _place, _sorted, _write, offsets, registries, small, writes

pytestmark = pytest.mark.django_db

KEYS = ("country", "region", "member_type", "incubator_status", "incubator", *as_of.FIGURES)


def full(day: datetime.date) -> list[tuple]:
    return _sorted(Member.objects.published().current(on=day).breakdown(on=day), KEYS)


def tallied(day: datetime.date) -> list[tuple]:
    return _sorted(as_of.as_of_breakdown(day), KEYS)


def days_to_check() -> list[datetime.date]:
    """Every day a figure may change, the days either side and the first of their months."""
    days = set()
    for joined, left in MembershipPeriod.objects.values_list("joined_on", "left_on"):
        days |= {joined, *([left] if left else [])}
    days |= set(HeadcountReport.objects.values_list("reported_on", flat=True))
    days |= {
        datetime.date(year, 1, 1)
        for year in Member.objects.exclude(incubator_from_year=None).values_list("incubator_from_year", flat=True)
    }
    # Today too, so that the figures are read (and the queue settled) after the last member is deleted.
    around = {REAL_TODAY}
    for day in days:
        around |= {day - datetime.timedelta(days=1), day, day + datetime.timedelta(days=1), day.replace(day=1)}
    return sorted(around)


def member_since(joined: datetime.date, **fields) -> Member:
    member = MemberFactory(current=False, **fields)
    MembershipPeriod.objects.create(member=member, joined_on=joined)
    Member.objects.filter(pk=member.pk).sync_summaries()
    return member


def assert_as_of_holds() -> None:
    for day in days_to_check():
        assert tallied(day) == full(day), day


def _as_of_write(kind, member, value, day) -> None:
    when = day + datetime.timedelta(days=value)
    try:
        with transaction.atomic():
            if kind == "report_at":
                HeadcountReport.objects.create(member=member, employees=abs(value) % 700, reported_on=when)
            elif kind == "move_report":
                HeadcountReport.objects.filter(member=member).update(reported_on=when)
            elif kind == "delete_report":
                HeadcountReport.objects.filter(pk=member.headcounts.order_by("reported_on").first().pk).delete()
            elif kind == "incubator_year":
                Member.objects.filter(pk=member.pk).update(incubator_from_year=None if value % 3 == 0 else when.year)
    except (IntegrityError, AttributeError):
        pass


as_of_writes = st.one_of(
    writes,
    st.tuples(st.just("report_at"), small, offsets),
    st.tuples(st.just("report_at"), small, offsets),
    st.tuples(st.just("move_report"), small, offsets),
    st.tuples(st.just("delete_report"), small, small),
    st.tuples(st.just("incubator_year"), small, offsets),
)


@given(registry=registries, steps=st.lists(as_of_writes, max_size=8))
@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking, as the tallies' test
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_the_figures_as_of_any_day_are_the_full_computation_after_random_writes(
    registry, steps, monkeypatch, django_user_model
):
    with transaction.atomic():
        querysets._state_day.clear()
        day = REAL_TODAY
        monkeypatch.setattr(timezone, "localdate", lambda *args: day)
        user = django_user_model.objects.create_user("importer", "importer@example.org", None, is_staff=True)
        regions = [
            Region.objects.create(country="RU", name_ru="Область", name_en="Oblast"),
            Region.objects.create(country="FI", name_ru="Пирканмаа", name_en="Pirkanmaa"),
        ]
        sectors = [Sector.objects.create(slug=f"s{n}", name_ru=f"Отрасль {n}", name_en=f"Sector {n}") for n in range(3)]
        incubator = Incubator.objects.create(slug="inc", name_ru="Инкубатор", name_en="Incubator", is_default=True)
        members = []
        for number, (spec, which, published, _chosen, headcount) in enumerate(registry):
            member = MemberFactory(current=False, registration_number=valid_inn(900 + number), is_published=published)
            _place(member, which, regions, incubator)
            member.incubator_from_year = 2019 if which % 2 else None
            member.save()
            MembershipPeriod.objects.bulk_create(_periods(spec, member))
            if headcount is not None:
                for offset, employees in ((-400, headcount), (0, headcount + 3)):
                    HeadcountReport.objects.create(
                        member=member, employees=employees, reported_on=REAL_TODAY + datetime.timedelta(days=offset)
                    )
            members.append(member)
        Member.objects.sync_summaries()
        assert_as_of_holds()
        for kind, which, value in steps:
            if kind == "new_day":
                day = day + datetime.timedelta(days=value)
                querysets.bring_state_to_today(Member.objects.all())
                continue
            member = members[which % len(members)]
            if not Member.objects.filter(pk=member.pk).exists():
                continue
            member.refresh_from_db()
            if kind in ("report_at", "move_report", "delete_report", "incubator_year"):
                _as_of_write(kind, member, value, day)
            else:
                _write(kind, member, value, day, user, (regions, sectors, incubator))
            assert_as_of_holds()
        # What the settles kept is what a rebuild computes from scratch.
        kept = sorted(as_of.AsOfCheckpoint.objects.filter(members__gt=0).values_list("group", "month", "members"))
        as_of.rebuild()
        assert kept == sorted(
            as_of.AsOfCheckpoint.objects.filter(members__gt=0).values_list("group", "month", "members")
        )
        transaction.set_rollback(True)


def test_a_members_steps_are_the_days_its_figures_change():
    member = {"is_published": True, "incubator_status": "resident", "incubator_from_year": 2021}
    periods = [(datetime.date(2020, 3, 1), datetime.date(2022, 6, 1)), (datetime.date(2023, 1, 10), None)]
    reports = [(datetime.date(2019, 12, 31), 10), (datetime.date(2021, 5, 1), 14)]
    assert as_of.member_steps(member, periods, reports) == [
        (datetime.date(2020, 3, 1), 1, 1, 10, 0),  # joins with the headcount reported before
        (datetime.date(2021, 1, 1), 0, 0, 0, 1),  # its first incubator year
        (datetime.date(2021, 5, 1), 0, 0, 4, 0),
        (datetime.date(2022, 6, 1), -1, -1, -14, -1),  # leaves
        (datetime.date(2023, 1, 10), 1, 1, 14, 1),  # rejoins
    ]
    assert as_of.member_steps({**member, "is_published": False}, periods, reports) == []


def test_a_write_queues_its_member_and_a_settle_takes_it_off(django_assert_num_queries):
    member = member_since(datetime.date(2018, 1, 1))
    as_of.settle()
    assert not as_of.AsOfStale.objects.exists()
    with django_assert_num_queries(1):  # nothing queued: one look
        assert as_of.settle() == 0
    Member.objects.filter(pk=member.pk).update(description_en="Not a figure.")  # no column the figures read
    assert not as_of.AsOfStale.objects.exists()
    HeadcountReport.objects.create(member=member, employees=5, reported_on=datetime.date(2019, 1, 1))
    assert list(as_of.AsOfStale.objects.values_list("member_id", flat=True)) == [member.pk]
    assert as_of.settle() == 1
    assert not as_of.AsOfStale.objects.exists()
    assert tallied(datetime.date(2019, 6, 1)) == full(datetime.date(2019, 6, 1))


def test_the_figures_as_of_a_day_read_the_tallies_whatever_the_number_of_members(django_assert_max_num_queries):
    for number in range(30):
        member_since(datetime.date(2015 + number % 5, 1 + number % 12, 1))
    as_of.settle()
    day = datetime.date(2019, 3, 15)
    figures = Member.objects.public_figures(on=day)
    assert figures == Member.objects.published().current(on=day).figures(on=day)
    # The queue, the checkpoints, the days since, the regions, the incubators.
    with django_assert_max_num_queries(5):
        Member.objects.public_figures(on=day)


def test_a_settle_makes_as_many_queries_for_one_group_as_for_sixty():
    def queries_to_settle(count: int, start: int) -> int:
        for number in range(start, start + count):  # each in a region, and so a group, of its own
            region = Region.objects.create(country="RU", name_ru=f"Область {number}", name_en=f"Oblast {number}")
            member = member_since(datetime.date(2010 + number % 9, 1 + number % 12, 1), region=region)
            HeadcountReport.objects.create(member=member, employees=number + 1, reported_on=datetime.date(2020, 1, 1))
        with CaptureQueriesContext(connection) as queries:
            assert as_of.settle() == count
        return len(queries)

    assert queries_to_settle(1, 0) == queries_to_settle(60, 1)
    assert as_of.AsOfGroup.objects.count() == 61
    assert tallied(datetime.date(2019, 6, 1)) == full(datetime.date(2019, 6, 1))


def test_too_long_a_queue_is_left_to_the_task_and_the_figures_are_counted_over_the_members(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(as_of, "SETTLE_LIMIT", 3)
    monkeypatch.setattr(as_of, "_asked", {})
    for number in range(5):
        member_since(datetime.date(2016, 1 + number, 1))
    day = datetime.date(2017, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert as_of.as_of_breakdown(day) is None
        assert as_of.AsOfStale.objects.count() >= 5  # nothing settled
        assert Member.objects.public_figures(on=day)["totals"]["members"] == 5
    assert DBTaskResult.objects.filter(task_path="members.as_of.settle_queue").count() == 1  # asked once
    as_of.settle_queue.call()  # what the worker runs
    assert not as_of.AsOfStale.objects.exists()
    assert tallied(day) == full(day)


@pytest.mark.django_db(transaction=True)
def test_the_migration_queues_every_member_and_goes_back():
    before, after = [("members", "0013_member_directory_index")], [("members", "0014_as_of_tallies")]
    member = member_since(datetime.date(2018, 1, 1))
    try:
        MigrationExecutor(connection).migrate(before)
        assert "members_asofstale" not in connection.introspection.table_names()
        Member.objects.filter(pk=member.pk).update(country="FI")  # no trigger left behind to write to a dropped table
        MigrationExecutor(connection).migrate(after)
        assert list(as_of.AsOfStale.objects.values_list("member_id", flat=True)) == [member.pk]
        assert as_of.settle() == 1
        assert tallied(datetime.date(2019, 1, 1)) == full(datetime.date(2019, 1, 1))
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_a_settle_leaves_the_cached_pages_alone():
    from pagecache import revision

    member = member_since(datetime.date(2018, 1, 1))
    HeadcountReport.objects.create(member=member, employees=5, reported_on=datetime.date(2019, 1, 1))
    token = revision.token()
    assert as_of.settle() == 1  # its deletions and insertions are of derived rows, which renew no page
    assert revision.token() == token
