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


NUMBERS_BEFORE = [("members", "0007_importrun")]
NUMBERS_AFTER = [("members", "0008_compact_registration_numbers")]


def test_registration_numbers_stored_as_typed_become_compact_and_stay_so_backwards():
    Member = migrate(NUMBERS_BEFORE).get_model("members", "Member")
    typed = {
        "fi": ("FI", "2345678-0"),  # Y-tunnus with its hyphen
        "no": ("NO", "923 609 016"),  # Norwegian organisation number in groups
        "bad": ("FI", "2345678-1"),  # invalid: left for its owner to correct
        "se": ("SE", "556012-5790"),  # a country without a scheme: free text, kept
        "dk": ("DK", "13585628"),  # already compact
    }
    for slug, (country, number) in typed.items():
        Member.objects.create(slug=slug, name_en=slug, country=country, registration_number=number)

    Member = migrate(NUMBERS_AFTER).get_model("members", "Member")
    stored = dict(Member.objects.values_list("slug", "registration_number"))
    assert stored == {"fi": "23456780", "no": "923609016", "bad": "2345678-1", "se": "556012-5790", "dk": "13585628"}

    Member = migrate(NUMBERS_BEFORE).get_model("members", "Member")
    assert dict(Member.objects.values_list("slug", "registration_number")) == stored
    Member.objects.all().delete()
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_a_typed_number_whose_compact_form_is_taken_is_left_as_typed():
    Member = migrate(NUMBERS_BEFORE).get_model("members", "Member")
    Member.objects.create(slug="compact", name_en="compact", country="NO", registration_number="923609016")
    Member.objects.create(slug="typed", name_en="typed", country="NO", registration_number="923 609 016")

    Member = migrate(NUMBERS_AFTER).get_model("members", "Member")
    assert Member.objects.get(slug="typed").registration_number == "923 609 016"
    Member.objects.all().delete()
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
