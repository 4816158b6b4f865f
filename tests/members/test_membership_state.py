"""The members' maintained membership state (`current_since`, `current_from`, `current_until`).

"Current today" is a column test on it; these tests hold it to the full computation (a semi-join of
the membership periods for the day) on random registries after random writes: the services, the import,
writes that bypass signals and call `sync_summaries()`, and days passing forwards and back with no write.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Exists, OuterRef
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members import querysets
from members.models import Member, MembershipPeriod
from members.services import member_join, member_leave
from tests.members.factories import MemberFactory, valid_inn
from tests.members.spreadsheets import run_rows

pytestmark = pytest.mark.django_db

REAL_TODAY = timezone.localdate()


def expected(day: datetime.date) -> dict[str, set[int]]:
    """Who is current, former and not yet joined on `day`, asked of the periods themselves."""
    periods = MembershipPeriod.objects.filter(member=OuterRef("pk"))
    every = set(Member.objects.values_list("pk", flat=True))
    current = set(Member.objects.filter(Exists(periods.covering(day))).values_list("pk", flat=True))
    joined = set(Member.objects.filter(Exists(periods.filter(joined_on__lte=day))).values_list("pk", flat=True))
    return {"current": current, "former": joined - current, "not_yet_joined": every - joined, "joined": joined}


def maintained() -> dict[str, set[int]]:
    def ids(rows):
        return set(rows.values_list("pk", flat=True))

    return {
        "current": ids(Member.objects.current()),
        "former": ids(Member.objects.former()),
        "not_yet_joined": ids(Member.objects.not_yet_joined()),
        "joined": ids(Member.objects.was_member()),
    }


def assert_state_holds(day: datetime.date) -> None:
    assert maintained() == expected(day)
    flagged = {row.pk: row.is_current for row in Member.objects.with_is_current()}
    assert {pk for pk, is_current in flagged.items() if is_current} == expected(day)["current"]
    # The figures the home page shows from the column test are those of the full computation.
    public = Member.objects.published().filter(pk__in=expected(day)["current"])
    assert Member.objects.public().figures()["totals"] == public.figures()["totals"]


offsets = st.integers(min_value=-900, max_value=900)
writes = st.one_of(
    st.tuples(st.just("join"), st.integers(0, 5), offsets),
    st.tuples(st.just("leave"), st.integers(0, 5), offsets),
    st.tuples(st.just("import_join"), st.integers(0, 5), offsets),
    st.tuples(st.just("import_leave"), st.integers(0, 5), offsets),
    st.tuples(st.just("bulk_leave"), st.integers(0, 5), offsets),
    st.tuples(st.just("new_day"), st.integers(0, 5), st.integers(min_value=-500, max_value=500)),
)
registries = st.lists(
    st.lists(st.tuples(st.integers(-2000, 600), st.one_of(st.none(), st.integers(0, 800))), max_size=3),
    min_size=1,
    max_size=6,
)


def _periods(spec, member) -> list[MembershipPeriod]:
    """Non-overlapping periods from (start, length) offsets: each starts after the previous one ended."""
    rows, floor = [], -10_000
    for start, length in sorted(spec, key=lambda pair: pair[0]):
        start = max(start, floor)
        if rows and rows[-1].left_on is None:
            break
        joined = REAL_TODAY + datetime.timedelta(days=start)
        left = None if length is None else joined + datetime.timedelta(days=length)
        rows.append(MembershipPeriod(member=member, joined_on=joined, left_on=left))
        floor = start + (length or 0) + 1
    return rows


def _write(kind: str, member: Member, offset: int, day: datetime.date, user) -> None:
    when = day + datetime.timedelta(days=offset)
    try:
        with transaction.atomic():
            if kind == "join":
                member_join(member=member, joined_on=when)
            elif kind == "leave":
                member_leave(member=member, left_on=when)
            elif kind == "bulk_leave":  # a write without signals, which must sync the summaries itself
                member.periods.filter(left_on__isnull=True, joined_on__lte=when).update(left_on=when)
                Member.objects.filter(pk=member.pk).sync_summaries()
            else:
                column = "joined_on" if kind == "import_join" else "left_on"
                header = ["country", "registration_number", column]
                run_rows([header, ["RU", member.registration_number, when.isoformat()]], commit=True, user=user)
    except ValidationError:
        pass  # a refused write writes nothing; the state must still hold


@given(registry=registries, steps=st.lists(writes, max_size=8))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_maintained_state_is_the_full_computation_after_random_writes_and_days(
    registry, steps, monkeypatch, django_user_model
):
    with transaction.atomic():
        querysets._state_day.clear()  # the rolled-back examples before left no state behind
        day = REAL_TODAY
        monkeypatch.setattr(timezone, "localdate", lambda *args: day)
        user = django_user_model.objects.create_user("importer", "importer@example.org", None, is_staff=True)
        members = []
        for number, spec in enumerate(registry):
            member = MemberFactory(current=False, registration_number=valid_inn(900 + number))
            MembershipPeriod.objects.bulk_create(_periods(spec, member))
            members.append(member)
        Member.objects.sync_summaries()
        assert_state_holds(day)
        for kind, which, offset in steps:
            if kind == "new_day":  # no write at all: the first request of the day brings the state to it
                day = day + datetime.timedelta(days=offset)
                querysets.bring_state_to_today(Member.objects.all())
            else:
                _write(kind, members[which % len(members)], offset, day, user)
            assert_state_holds(day)
        transaction.set_rollback(True)


def test_the_daily_pass_changes_only_the_members_whose_day_came_and_is_idempotent(monkeypatch):
    today = REAL_TODAY
    leaving = MemberFactory()
    MembershipPeriod.objects.filter(member=leaving).update(left_on=today + datetime.timedelta(days=2))
    joining = MemberFactory(current=False)
    MembershipPeriod.objects.create(member=joining, joined_on=today + datetime.timedelta(days=1))
    staying = MemberFactory()
    Member.objects.sync_summaries()
    assert set(Member.objects.current()) == {leaving, staying}
    assert Member.objects.refresh_membership_state(today) == 0  # nothing ran out today

    later = today + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *args: later)
    assert Member.objects.refresh_membership_state(later) == 2  # the joining and the leaving member
    assert Member.objects.refresh_membership_state(later) == 0
    assert set(Member.objects.current()) == {joining, staying}
    assert Member.objects.get(pk=leaving.pk).current_from == later


def test_the_command_brings_the_state_to_today(capsys, monkeypatch):
    member = MemberFactory()
    MembershipPeriod.objects.filter(member=member).update(left_on=REAL_TODAY + datetime.timedelta(days=1))
    Member.objects.filter(pk=member.pk).sync_summaries()
    monkeypatch.setattr(timezone, "localdate", lambda *args: REAL_TODAY + datetime.timedelta(days=1))
    call_command("refresh_membership")
    call_command("refresh_membership")
    member.refresh_from_db()
    assert member.current_since is None and member.current_from == REAL_TODAY + datetime.timedelta(days=1)
    counts = [re.findall(r"\d+", line) for line in capsys.readouterr().out.splitlines()]
    # Each run: the members whose state changed, then the members settled for the as-of figures (the
    # first run settles the member the factory's writes queued).
    assert counts == [["1"], ["1"], ["0"], ["0"]]


def test_the_first_request_of_a_new_day_brings_the_state_to_it_with_one_query(
    client, monkeypatch, django_assert_num_queries
):
    member = MemberFactory()
    MembershipPeriod.objects.filter(member=member).update(left_on=REAL_TODAY + datetime.timedelta(days=1))
    Member.objects.filter(pk=member.pk).sync_summaries()
    client.get("/healthz")  # its probe has a connection of its own: the default one is the middleware's
    with django_assert_num_queries(0):
        client.get("/healthz")
    monkeypatch.setattr(timezone, "localdate", lambda *args: REAL_TODAY + datetime.timedelta(days=1))
    with django_assert_num_queries(1):  # the day's pass: one UPDATE of the members whose state ran out
        client.get("/healthz")
    assert not Member.objects.current().exists()
    with django_assert_num_queries(0):
        client.get("/healthz")


@pytest.mark.django_db(transaction=True)
def test_the_migration_computes_every_members_state_and_goes_back():
    before = [("members", "0009_yearly_figures_and_exchange_rates")]
    after = [("members", "0010_member_membership_state")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    region = old.get_model("members", "Region").objects.create(country="RU", name_ru="Область", name_en="Oblast")
    rows = {}
    for slug, joined, left in [
        ("current", -100, None),
        ("former", -300, -10),
        ("future", 5, None),
        ("none", None, None),
    ]:
        member = old.get_model("members", "Member").objects.create(
            name_ru=slug, slug=slug, country="RU", region_id=region.pk
        )
        if joined is not None:
            old.get_model("members", "MembershipPeriod").objects.create(
                member_id=member.pk,
                joined_on=REAL_TODAY + datetime.timedelta(days=joined),
                left_on=None if left is None else REAL_TODAY + datetime.timedelta(days=left),
            )
        rows[slug] = member.pk
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps.get_model("members", "Member")
        state = {
            slug: new.objects.values_list("current_since", "current_from", "current_until").get(pk=pk)
            for slug, pk in rows.items()
        }
        days = lambda n: REAL_TODAY + datetime.timedelta(days=n)  # noqa: E731
        assert state == {
            "current": (days(-100), days(-100), None),
            "former": (None, days(-10), None),
            "future": (None, None, days(5)),
            "none": (None, None, None),
        }
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        columns = [
            c.name for c in connection.introspection.get_table_description(connection.cursor(), "members_member")
        ]
        assert "current_since" not in columns
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        querysets._state_day.clear()


def test_saving_a_member_read_before_its_state_changed_keeps_the_state_the_database_has():
    member = MemberFactory()  # the instance was built before sync_summaries() wrote the state
    assert member.current_since is None
    member.city_en = "Vyborg"
    member.save()
    assert Member.objects.current().filter(pk=member.pk, city_en="Vyborg").exists()
