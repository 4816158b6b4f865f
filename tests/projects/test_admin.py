"""Staff screens: projects with their awards inline, the lead rule, autocomplete of members and bodies."""

import pytest
from django.urls import reverse

from projects.models import Award, Project
from tests.members.factories import MemberFactory

from .factories import AwardFactory, AwardingBodyFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:projects_project_add")


def project_form(lead, participants, **extra):
    data = {
        "title_ru": "Новый проект",
        "title_en": "New project",
        "slug": "new-project",
        "kind": "project",
        "theme": ThemeFactory().pk,
        "status": "active",
        "is_published": "on",
        "first_year": "2015",
        "lead": lead.pk,
        "participants": [member.pk for member in participants],
        "awards-TOTAL_FORMS": "0",
        "awards-INITIAL_FORMS": "0",
    }
    return data | extra


def award_inline(body, year):
    return {
        "awards-TOTAL_FORMS": "1",
        "awards-0-body": body.pk,
        "awards-0-kind": "diploma",
        "awards-0-year": str(year),
        "awards-0-title_ru": "Диплом",
    }


def test_the_admin_refuses_a_lead_who_is_not_a_participant(staff_client):
    lead, other = MemberFactory(), MemberFactory()
    response = staff_client.post(ADD, project_form(lead, [other]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The lead member must also be among the participating members." in response.text  # the browser's language
    assert not Project.objects.exists()


def test_the_admin_saves_a_project_with_its_lead_among_the_participants_and_an_award(staff_client):
    lead, other = MemberFactory(), MemberFactory()
    body = AwardingBodyFactory()
    response = staff_client.post(ADD, project_form(lead, [lead, other], **award_inline(body, 2016)))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    project = Project.objects.get(slug="new-project")
    assert set(project.participants.all()) == {lead, other}
    assert project.awards.get().body == body
    assert project.history.exists() and Award.history.exists()


def test_the_admin_refuses_an_inline_award_dated_before_the_project(staff_client):
    lead = MemberFactory()
    response = staff_client.post(ADD, project_form(lead, [lead], **award_inline(AwardingBodyFactory(), 2014)))
    assert response.status_code == 200
    assert "Награда не может быть датирована раньше начала проекта (2015)." in response.text
    assert not Project.objects.exists()


def test_the_change_page_shows_the_awards_inline(staff_client):
    award = AwardFactory(title_ru="Благодарность комитета")
    response = staff_client.get(reverse("admin:projects_project_change", args=[award.project.pk]))
    assert response.status_code == 200
    assert "Благодарность комитета" in response.text


@pytest.mark.parametrize(
    ("model", "field", "make", "term"),
    [
        ("project", "lead", lambda: MemberFactory(name_ru="Теплосеть Север"), "теплосеть"),
        ("project", "participants", lambda: MemberFactory(name_ru="Теплосеть Север"), "север"),
        ("award", "body", lambda: AwardingBodyFactory(name_ru="Жилищный комитет"), "жилищный"),
        ("award", "project", lambda: ProjectFactory(title_ru="Утепление фасадов"), "ФАСАДОВ утепление"),
        ("project", "theme", lambda: ThemeFactory(name_ru="Энергоэффективность"), "энергоэфф"),
    ],
)
def test_autocomplete_finds_members_bodies_projects_and_themes_in_any_case(staff_client, model, field, make, term):
    wanted = make()
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(wanted.pk)]


def test_the_admin_lists_filter_by_awarding_body_without_repeating_projects(staff_client):
    body = AwardingBodyFactory()
    project = ProjectFactory(title_ru="Дважды награждённый")
    AwardFactory.create_batch(2, project=project, body=body)
    response = staff_client.get(reverse("admin:projects_project_changelist"), {"awards__body__id__exact": body.pk})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
