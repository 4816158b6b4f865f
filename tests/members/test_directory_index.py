"""The directory's page of ids is read from the `member_directory` index alone (migration members.0013)."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import QueryDict

from members.filters import ORDERINGS, directory_queryset
from tests.plans import query_plan

from .factories import MemberFactory

INDEX = "member_directory"


def _plan(data: dict) -> str:
    ids = directory_queryset(QueryDict(urlencode(data)), language="ru").members.values_list("pk", flat=True)[50:75]
    return query_plan(*ids.query.sql_with_params())


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", sorted(ORDERINGS))
def test_the_directorys_ids_come_from_its_index_alone_for_every_ordering(ordering):
    MemberFactory.create_batch(3, country="RU")
    plan = _plan({"country": "RU", "type": "company", "ordering": ordering})
    covering = f"Index Only Scan using {INDEX}" if connection.vendor == "postgresql" else f"COVERING INDEX {INDEX}"
    assert covering in plan, plan


@pytest.mark.django_db
def test_the_former_members_list_is_not_limited_to_the_index_of_todays_members():
    # The index holds today's public members only: with former members too the query must not use it.
    MemberFactory.create_batch(3, country="RU")
    assert INDEX not in _plan({"country": "RU", "former": "on"})


@pytest.mark.django_db(transaction=True)
def test_the_index_migration_goes_back_and_forth():
    def indexes():
        with connection.cursor() as cursor:
            return connection.introspection.get_constraints(cursor, "members_member")

    before, after = [("members", "0012_tallies")], [("members", "0013_member_directory_index")]
    try:
        MigrationExecutor(connection).migrate(before)
        assert INDEX not in indexes()
        MigrationExecutor(connection).migrate(after)
        assert indexes()[INDEX]["index"]
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
