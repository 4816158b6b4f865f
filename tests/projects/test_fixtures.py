"""The projects' demo data: the release's facts, fictional samples named so, loaded twice without copies."""

import pytest
from django.core.management import call_command

from projects.models import Award, AwardingBody, Project, Theme

pytestmark = pytest.mark.django_db

RELEASE_BODIES = {
    "spb-housing-committee": ("Жилищный комитет Правительства Санкт-Петербурга", "city"),
    "spb-energy-committee": ("Комитет по энергетике и инженерному обеспечению Правительства Санкт-Петербурга", "city"),
    "minenergo-russia": ("Министерство энергетики Российской Федерации (Минэнерго России)", "federal"),
}


def load(*options):
    call_command("load_registry_data", *options, verbosity=0)


def row_counts():
    through = Project.participants.through
    return [model.objects.count() for model in (Theme, AwardingBody, Project, Award, through)]


def test_loading_twice_duplicates_nothing():
    load()
    first = row_counts()
    load()
    assert row_counts() == first
    assert first[2] > 1 and first[3] > 1


def test_the_facts_alone_hold_the_release_bodies_and_greennet_russia():
    load("--facts-only")
    bodies = {body.slug: (body.name_ru, body.level) for body in AwardingBody.objects.all()}
    assert bodies == RELEASE_BODIES
    greennet = Project.objects.public().get()
    assert greennet.slug == "greennet-russia" and greennet.kind == Project.Kind.INITIATIVE
    assert "Green Net Finland" in greennet.summary_en and "Finnish Cleantech Cluster" in greennet.summary_ru
    assert greennet.lead is None and not Award.objects.exists()


def test_every_sample_project_says_it_is_fictional_and_keeps_the_rules():
    load()
    samples = Project.objects.exclude(slug="greennet-russia")
    assert samples.count() >= 3
    for project in samples:
        assert project.summary_ru.startswith("Пример данных: вымышленный проект")
        assert project.summary_en.startswith("Sample data: a fictional project")
        assert 2014 <= project.first_year <= 2017
        project.full_clean()
    for award in Award.objects.select_related("project"):
        award.full_clean()
    assert not Project.objects.lead_not_participant().exists()


def test_the_samples_give_every_kind_of_award_from_every_body():
    load()
    given = set(Award.objects.values_list("body__slug", "kind"))
    assert given == {(body, kind) for body in RELEASE_BODIES for kind in Award.Kind.values}
