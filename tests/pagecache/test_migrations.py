"""Moving the revision from members to pagecache keeps its row, its token and its content type, both ways."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pagecache import revision

pytestmark = pytest.mark.django_db(transaction=True)

# Where the revision lived in members, before pagecache took it over.
BEFORE = [("members", "0003_registry_revision"), ("pagecache", None)]
TOKEN = "0123456789abcdef0123456789abcdef"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1]]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def owner_of_the_content_type() -> str:
    ContentType.objects.clear_cache()
    return ContentType.objects.get(model="registryrevision").app_label


def test_the_revision_row_survives_the_move_to_pagecache_and_back():
    state = migrate(BEFORE)
    assert "members_registryrevision" in connection.introspection.table_names()
    assert owner_of_the_content_type() == "members"
    state.get_model("members", "RegistryRevision").objects.update_or_create(
        pk=revision.ROW, defaults={"token": TOKEN, "changed_at": timezone.now()}
    )

    migrate(latest())
    assert revision.token() == TOKEN  # read through the moved model's own table
    assert "members_registryrevision" not in connection.introspection.table_names()
    assert owner_of_the_content_type() == "pagecache"

    state = migrate(BEFORE)
    assert state.get_model("members", "RegistryRevision").objects.get(pk=revision.ROW).token == TOKEN
    assert owner_of_the_content_type() == "members"
    migrate(latest())
    assert revision.token() == TOKEN
