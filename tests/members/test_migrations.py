"""The one city field becomes two: each name moves to the field of its script, and back again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("members", "0005_incubator_years_and_headcount_dates")]
AFTER = [("members", "0006_member_bilingual_city_summary_logo")]
CITIES = {"helsinki": "Helsinki", "spb": "Санкт-Петербург", "none": ""}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_cities_move_to_the_field_of_their_script_and_back():
    state = migrate(BEFORE)
    Member = state.get_model("members", "Member")
    for slug, city in CITIES.items():
        Member.objects.create(slug=slug, name_en=slug, country="FI", city=city)

    Member = migrate(AFTER).get_model("members", "Member")
    moved = {row[0]: row[1:] for row in Member.objects.values_list("slug", "city_ru", "city_en")}
    assert moved == {"helsinki": ("", "Helsinki"), "spb": ("Санкт-Петербург", ""), "none": ("", "")}

    Member = migrate(BEFORE).get_model("members", "Member")
    assert dict(Member.objects.values_list("slug", "city")) == CITIES
    Member.objects.all().delete()
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
