"""One policy for nonsense filter values on every public list: nothing is listed, and the page says why."""

import pytest
from django.urls import reverse

from members.filtering import StrictFilterSet
from members.filters import MemberFilter
from projects.filters import ProjectFilter
from tests.members.factories import MemberFactory
from tests.projects.factories import AwardFactory

pytestmark = pytest.mark.django_db

# (list, its objects in the context, a nonsense query, the label of the field it names). A NUL never gets this
# far: the request guard answers 400 (tests/site/test_bad_input.py).
NONSENSE = [
    ("members:member-list", "member_list", "headcount_min=abc", "Работников не меньше"),
    ("members:member-list", "member_list", "sector=no-such-sector", "Отрасль"),
    ("members:member-list", "member_list", "sector=a.b", "Отрасль"),
    ("projects:project-list", "project_list", "year=abc", "Год"),
    ("projects:project-list", "project_list", "body=no-such-body", "Награждающий орган"),
    ("projects:project-list", "project_list", "body=a.b", "Награждающий орган"),
    ("projects:project-list", "project_list", "award_kind=medal", "Вид награды"),
    ("projects:project-list", "project_list", "member=no-such-member", "Участник"),
    ("projects:project-list", "project_list", "theme=no-such-theme", "Тема"),
]


@pytest.fixture
def listed_rows():
    award = AwardFactory()  # a public project, led by a public member
    return award.project.lead


@pytest.mark.parametrize(("url", "objects", "query", "label"), NONSENSE)
def test_a_nonsense_filter_value_lists_nothing_and_names_the_field(client, listed_rows, url, objects, query, label):
    assert len(client.get(reverse(url)).context[objects]) == 1  # without the nonsense, the row is listed
    response = client.get(f"{reverse(url)}?{query}")
    assert response.status_code == 200
    assert len(response.context[objects]) == 0
    page = response.text
    assert 'role="alert" id="filter-errors"' in page
    assert f">{label}</a>:" in page


@pytest.mark.parametrize("filterset", [MemberFilter, ProjectFilter])
def test_every_public_list_filters_strictly(filterset):
    assert issubclass(filterset, StrictFilterSet)


def test_a_valid_filter_value_still_lists_its_rows(client):
    MemberFactory(slug="kept", country="FI", region=None)
    response = client.get(reverse("members:member-list"), {"country": "FI"})
    assert [member.slug for member in response.context["member_list"]] == ["kept"]


@pytest.mark.parametrize(
    ("url", "message"),
    [("members:member-list", "поэтому список пуст"), ("projects:project-list", "поэтому проекты не показаны")],
)
def test_the_message_says_in_russian_that_nothing_is_listed(client, url, message):
    response = client.get(reverse(url), {"year": "abc", "headcount_min": "abc"})
    assert message in response.text
