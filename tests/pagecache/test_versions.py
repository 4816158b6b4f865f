"""Tables' tokens kept by triggers, and the page parts cached under them (`pagecache.versions`)."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from members.models import Member, MembershipPeriod
from members.tallies import PeriodDayTally
from pagecache import versions
from pagecache.models import TableVersion
from projects.models import Award, AwardingBody, Project
from tests.members.factories import MemberFactory
from tests.projects.factories import AwardFactory, AwardingBodyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PROJECT_TABLES = (Award, Project, AwardingBody)


def token(model) -> str | None:
    return versions.tokens((model,)).get(model._meta.db_table)


def renews(model, write) -> bool:
    before = token(model)
    write()
    return token(model) != before


def test_every_way_of_writing_a_tracked_table_renews_its_token():
    award = AwardFactory()
    table = Award._meta.db_table
    assert renews(Award, lambda: AwardFactory(project=award.project, body=award.body))
    assert renews(Award, lambda: award.save())
    assert renews(Award, lambda: Award.objects.filter(pk=award.pk).update(year=2016))
    with connection.cursor() as cursor:
        assert renews(Award, lambda: cursor.execute(f"UPDATE {table} SET month = 3 WHERE id = %s", [award.pk]))  # noqa: S608
    assert renews(Award, lambda: award.delete())
    assert renews(Project, lambda: Project.objects.update(is_published=False))
    assert renews(AwardingBody, lambda: AwardingBody.objects.update(name_en="Renamed"))


def test_a_write_elsewhere_leaves_the_tokens_and_a_period_renews_the_tally_through_its_trigger():
    AwardFactory()
    member = MemberFactory(current=False)
    before = {model: token(model) for model in (*PROJECT_TABLES, PeriodDayTally)}
    member.description_en = "Not an award, not a period."
    member.save()
    Member.objects.filter(pk=member.pk).update(city_en="Vyborg")
    assert {model: token(model) for model in before} == before
    # The periods' own trigger writes the tally, whose trigger renews its token.
    assert renews(
        PeriodDayTally, lambda: MembershipPeriod.objects.create(member=member, joined_on=datetime.date(2011, 1, 1))
    )
    assert token(Award) == before[Award]


def test_a_rolled_back_write_leaves_the_token_as_it_was():
    award = AwardFactory()
    before = token(Award)
    with pytest.raises(RuntimeError), transaction.atomic():
        Award.objects.filter(pk=award.pk).update(year=2016)
        assert token(Award) != before  # renewed inside the transaction
        raise RuntimeError
    assert token(Award) == before


def test_a_part_is_computed_again_only_when_one_of_its_tables_changes():
    award = AwardFactory()
    computed = []

    def compute():
        computed.append(1)
        return Award.objects.count()

    assert versions.cached("test", PROJECT_TABLES, compute) == 1
    with CaptureQueriesContext(connection) as queries:
        assert versions.cached("test", PROJECT_TABLES, compute) == 1
    assert len(computed) == 1 and len(queries) == 1  # the tokens only
    member = MemberFactory()
    member.description_en = "Elsewhere."
    member.save()
    versions.cached("test", PROJECT_TABLES, compute)
    assert len(computed) == 1
    AwardFactory(project=award.project, body=award.body)
    assert versions.cached("test", PROJECT_TABLES, compute) == 2
    assert len(computed) == 2
    assert versions.cached("other", PROJECT_TABLES, compute) == 2  # another name, another part
    assert len(computed) == 3


def test_a_table_without_a_token_is_read_afresh_every_time():
    AwardFactory()
    TableVersion.objects.filter(name=Award._meta.db_table).delete()
    computed = []
    for _ in range(2):
        versions.cached("test", PROJECT_TABLES, lambda: computed.append(1))
    assert len(computed) == 2


def test_a_part_under_an_untracked_table_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="members_member"):
        versions.cached("test", (Member,), lambda: 0)


def test_the_triggers_are_made_again_after_every_migrate_and_the_tokens_renewed():
    award = AwardFactory()
    before = token(Award)
    versions.ensure_triggers(using="default")
    versions.ensure_triggers(using="default")  # idempotent: one trigger set per table
    assert token(Award) != before
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'pagecache_version_%%'")
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'pagecache_version_%'"
            )
        tables = sorted(row[0] for row in cursor.fetchall())
    per_table = 4 if connection.vendor == "postgresql" else 3  # one per operation (PostgreSQL: and TRUNCATE)
    assert tables == sorted(table for table in versions.tracked() for _ in range(per_table))
    assert renews(Award, lambda: Award.objects.filter(pk=award.pk).update(year=2016))


def _counts(counts) -> list:
    return [(row.body.pk, row.body.name_en, row.body.level, row.counts) for row in counts.rows]


DAYS = [None, datetime.date(2015, 6, 30), datetime.date(2016, 1, 1), datetime.date(2017, 3, 15)]
award_writes = st.lists(
    st.tuples(
        st.sampled_from(["add", "kind", "date", "unpublish", "publish", "rename", "delete", "member"]),
        st.integers(0, 5),
    ),
    max_size=10,
)


@given(writes=award_writes)
@settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_the_cached_award_counts_are_the_counts_after_random_writes(writes):
    with transaction.atomic():
        bodies = [AwardingBodyFactory(), AwardingBodyFactory()]
        projects = [ProjectFactory(), ProjectFactory()]
        AwardFactory(project=projects[0], body=bodies[0])
        for kind, which in writes:
            awards = list(Award.objects.order_by("pk"))
            award = awards[which % len(awards)] if awards else None
            if kind == "add":
                AwardFactory(
                    project=projects[which % 2], body=bodies[which // 2 % 2], kind=Award.Kind.choices[which % 3][0]
                )
            elif kind == "kind" and award:
                Award.objects.filter(pk=award.pk).update(kind=Award.Kind.choices[which % 3][0])
            elif kind == "date" and award:
                Award.objects.filter(pk=award.pk).update(
                    year=2014 + which % 4, month=1 + which % 12 if which % 2 else None
                )
            elif kind in ("unpublish", "publish"):
                Project.objects.filter(pk=projects[which % 2].pk).update(is_published=kind == "publish")
            elif kind == "rename":
                AwardingBody.objects.filter(pk=bodies[which % 2].pk).update(name_en=f"Body renamed {which}")
            elif kind == "delete" and award:
                award.delete()
            elif kind == "member":
                MemberFactory()
            for day in DAYS:
                awards = Award.objects.public() if day is None else Award.objects.public().given_by(day)
                assert _counts(Award.objects.public_counts(given_by=day)) == _counts(awards.counts_by_body_and_kind())
        transaction.set_rollback(True)


def test_the_home_page_after_a_write_elsewhere_reads_tokens_instead_of_the_awards_and_the_years(client):
    award = AwardFactory()
    member = MemberFactory()
    client.get("/")
    member.description_en = "A description saved, as the admin does."
    member.save()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    read = " ".join(query["sql"] for query in queries)
    assert '"projects_award"' not in read and '"members_perioddaytally"' not in read  # as the ORM names tables
    assert "pagecache_tableversion" in read
    assert page.count(award.body.name_ru) >= 1
    AwardFactory(project=award.project, body=AwardingBodyFactory(name_ru="Новый комитет"))
    assert "Новый комитет" in client.get("/").content.decode()  # an award's write: counted afresh


@pytest.mark.django_db(transaction=True)
def test_going_back_before_the_tokens_drops_their_triggers_and_migrate_makes_them_again():
    executor = MigrationExecutor(connection)
    executor.migrate([("pagecache", "0003_registryrevision_shared_token")])
    award = AwardFactory()  # a write to a table whose trigger would write the table just dropped
    Award.objects.filter(pk=award.pk).update(year=2016)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    versions.ensure_triggers(using="default")  # what `migrate` does after its last migration
    assert renews(Award, lambda: Award.objects.filter(pk=award.pk).update(year=2015))


def test_a_narrower_list_is_counted_afresh_not_read_under_the_whole_lists_key():
    award = AwardFactory()
    AwardFactory(body=AwardingBodyFactory())
    assert Award.objects.public_counts().total == 2  # the whole list, now in the cache
    narrower = Award.objects.filter(body=award.body).public_counts()
    assert narrower.total == 1
    MembershipPeriod.objects.create(member=MemberFactory(current=False), joined_on=datetime.date(2012, 1, 1))
    whole = PeriodDayTally.objects.joined_and_left_per_year(until=datetime.date(2030, 1, 1))
    part = PeriodDayTally.objects.filter(day__gte=datetime.date(2013, 1, 1)).joined_and_left_per_year(
        until=datetime.date(2030, 1, 1)
    )
    assert 2012 in [row["year"] for row in whole] and 2012 not in [row["year"] for row in part]
