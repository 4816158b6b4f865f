"""One table of bad values for projects and awards through every way in: the admin, `full_clean()` and the service.

The rules are written once (`projects.rules`, the year validators of `members.rules`); each way in must
refuse the same value on the same field with the same message. Awards have no service of their own:
they are written by the admin (their own page and the project's inline).
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from members.limits import YEAR_MAX, YEAR_MIN
from projects import rules
from projects.models import Award, Project
from projects.services import project_save
from tests.members.factories import MemberFactory

from .factories import AwardingBodyFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PROJECT_CASES = {  # id: (overrides, field, expected message or None for Django's own)
    "no title": ({"title_ru": "", "title_en": ""}, "title_ru", rules.TITLE_MISSING),
    "years reversed": ({"first_year": 2016, "last_year": 2015}, "last_year", rules.YEARS_REVERSED),
    "completed without last year": ({"status": "completed"}, "last_year", rules.COMPLETED_WITHOUT_LAST_YEAR),
    "first year before the range": ({"first_year": YEAR_MIN - 1}, "first_year", None),
    "last year after the range": ({"last_year": YEAR_MAX + 1}, "last_year", None),
    "lead not taking part": ({"participants": "others"}, "participants", rules.LEAD_NOT_PARTICIPANT),
}
AWARD_CASES = {
    "no title": ({"title_ru": "", "title_en": ""}, "title_ru", rules.TITLE_MISSING),
    "day without month": ({"day": 5}, "month", rules.DAY_WITHOUT_MONTH),
    "no such day": ({"month": 2, "day": 30}, "day", rules.NO_SUCH_DAY),
    "month out of range": ({"month": 13}, "month", None),
    "before the project": ({"year": 2014}, "year", rules.AWARD_BEFORE_PROJECT % {"first_year": 2015}),
    "year after the range": ({"year": YEAR_MAX + 1}, "year", None),
}


def undone(way, *args):
    with transaction.atomic():
        verdict = way(*args)
        transaction.set_rollback(True)
    return verdict


def messages(error: ValidationError, field: str) -> list[str]:
    return [str(message) for message in error.message_dict.get(field, [])]


def project_values(overrides: dict, lead, others) -> tuple[dict, list]:
    values = {"title_ru": "Проект", "title_en": "Project", "slug": "parity", "kind": "project", "status": "active"}
    values |= {"first_year": 2015, "lead": lead, "is_published": True}
    values |= {key: value for key, value in overrides.items() if key != "participants"}
    return values, (others if overrides.get("participants") == "others" else [lead])


def project_through_full_clean(overrides, field, theme, lead, others):
    values, participants = project_values(overrides, lead, others)
    project = Project(theme=theme, **values)
    errors = []
    try:
        project.full_clean()
    except ValidationError as error:
        errors = messages(error, field)
    if field == "participants":  # the rule spans the participants, which full_clean() cannot see
        try:
            rules.check_lead_takes_part(lead.pk, {member.pk for member in participants})
        except ValidationError as error:
            errors = messages(error, field)
    return errors


def project_through_service(overrides, field, theme, lead, others):
    values, participants = project_values(overrides, lead, others)
    with pytest.raises(ValidationError) as caught:
        project_save(project=Project(theme=theme, **values), participants=participants)
    return messages(caught.value, field)


def project_through_admin(client, overrides, field, theme, lead, others):
    values, participants = project_values(overrides, lead, others)
    data = {key: value for key, value in values.items() if value is not None}
    data |= {"theme": theme.pk, "lead": lead.pk, "participants": [member.pk for member in participants]}
    data |= {"is_published": "on", "awards-TOTAL_FORMS": "0", "awards-INITIAL_FORMS": "0"}
    response = client.post(reverse("admin:projects_project_add"), data)
    assert response.status_code == 200, "the admin saved what it should refuse"
    return [str(message) for message in response.context["adminform"].form.errors.get(field, [])]


@pytest.mark.parametrize("case", PROJECT_CASES.values(), ids=PROJECT_CASES.keys())
def test_every_way_in_refuses_a_bad_project_with_the_same_message(case, staff_client):
    overrides, field, expected = case
    theme, lead, others = ThemeFactory(), MemberFactory(), [MemberFactory()]
    verdicts = {
        "full_clean": undone(project_through_full_clean, overrides, field, theme, lead, others),
        "service": undone(project_through_service, overrides, field, theme, lead, others),
        "admin": undone(project_through_admin, staff_client, overrides, field, theme, lead, others),
    }
    assert verdicts["full_clean"], verdicts
    assert all(found == verdicts["full_clean"] for found in verdicts.values()), verdicts
    if expected is not None:
        assert verdicts["full_clean"] == [str(expected)]
    assert not Project.objects.filter(slug="parity").exists()


def award_values(overrides: dict) -> dict:
    return {"kind": "diploma", "year": 2016, "title_ru": "Диплом", "title_en": "Diploma"} | overrides


def award_through_full_clean(overrides, field, project, body):
    with pytest.raises(ValidationError) as caught:
        Award(project=project, body=body, **award_values(overrides)).full_clean()
    return messages(caught.value, field)


def award_through_admin(client, overrides, field, project, body):
    data = award_values(overrides) | {"project": project.pk, "body": body.pk}
    response = client.post(reverse("admin:projects_award_add"), data)
    assert response.status_code == 200, "the admin saved what it should refuse"
    return [str(message) for message in response.context["adminform"].form.errors.get(field, [])]


def award_through_project_inline(client, overrides, field, project, body):
    data = {key: value for key, value in project_values({}, project.lead, [])[0].items() if value is not None}
    data |= {"slug": project.slug, "theme": project.theme_id, "lead": project.lead_id, "is_published": "on"}
    data |= {"participants": [project.lead_id], "awards-TOTAL_FORMS": "1", "awards-INITIAL_FORMS": "0"}
    data |= {f"awards-0-{key}": value for key, value in award_values(overrides).items()} | {"awards-0-body": body.pk}
    response = client.post(reverse("admin:projects_project_change", args=[project.pk]), data)
    assert response.status_code == 200, "the admin saved what it should refuse"
    inline = response.context["inline_admin_formsets"][0].formset
    return [str(message) for message in inline.errors[0].get(field, [])]


@pytest.mark.parametrize("case", AWARD_CASES.values(), ids=AWARD_CASES.keys())
def test_every_way_in_refuses_a_bad_award_with_the_same_message(case, staff_client):
    overrides, field, expected = case
    project, body = ProjectFactory(first_year=2015), AwardingBodyFactory()
    verdicts = {
        "full_clean": undone(award_through_full_clean, overrides, field, project, body),
        "admin": undone(award_through_admin, staff_client, overrides, field, project, body),
        "project inline": undone(award_through_project_inline, staff_client, overrides, field, project, body),
    }
    assert verdicts["full_clean"], verdicts
    assert all(found == verdicts["full_clean"] for found in verdicts.values()), verdicts
    if expected is not None:
        assert verdicts["full_clean"] == [str(expected)]
    assert not Award.objects.exists()
