"""The demo data: loads twice without copies and reproduces the press release's figures."""

import pytest
from django.core.management import call_command

from members.models import HeadcountReport, Member, MembershipPeriod, Region
from members.registration import normalise_registration_number

pytestmark = pytest.mark.django_db

# The press release's figures (../shared/seed/facts.md).
RELEASE_MEMBERS = 51
RELEASE_HEADCOUNT_MORE_THAN = 44_000
RELEASE_INCUBATOR = 16
RELEASE_COUNTRIES = {"RU", "FI", "NO", "DK"}
RELEASE_RUSSIAN_REGIONS = {"RU-SPE", "RU-KGD", "RU-PSK", "RU-KGN", "RU-TA"}


def load():
    call_command("load_registry_data", verbosity=0)


def row_counts():
    return [model.objects.count() for model in (Member, MembershipPeriod, HeadcountReport, Region)]


def test_loading_twice_duplicates_nothing():
    load()
    first = row_counts()
    load()
    assert row_counts() == first


def test_the_registry_reproduces_the_press_release():
    load()
    public = Member.objects.public()
    totals = public.totals()
    assert totals["members"] == RELEASE_MEMBERS
    assert RELEASE_HEADCOUNT_MORE_THAN < totals["headcount"] < RELEASE_HEADCOUNT_MORE_THAN + 1000
    assert totals["incubator"] == RELEASE_INCUBATOR
    assert {row["country"] for row in public.by_country()} == RELEASE_COUNTRIES
    codes = set(public.filter(country="RU").values_list("region__code", flat=True))
    assert codes == RELEASE_RUSSIAN_REGIONS
    assert totals["russian_regions"] == len(RELEASE_RUSSIAN_REGIONS)


def test_the_specialised_organisation_is_a_current_member():
    load()
    specialised = Member.objects.public().get(cluster_role=Member.Role.SPECIALISED)
    assert specialised.name_ru == "НП «Городское объединение домовладельцев»"


def test_every_sample_registration_number_passes_its_checksum():
    load()
    for member in Member.objects.exclude(registration_number=""):
        assert normalise_registration_number(str(member.country), member.registration_number)


def test_loading_builds_the_search_column():
    load()
    assert Member.objects.search("ГОРОДСКОЕ объединение").count() == 1
