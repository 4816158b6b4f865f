"""Projects on other apps' pages: a member's projects and awards, and the home page's award figures."""

import datetime

import pytest

from projects.models import Award
from tests.members.factories import MemberFactory

from .factories import AwardFactory, AwardingBodyFactory, ProjectFactory

pytestmark = pytest.mark.django_db


# A member's page


def test_a_members_page_lists_its_projects_and_their_awards(client):
    member = MemberFactory()
    led = ProjectFactory(lead=member, title_ru="Проект, который ведёт участник")
    joined = ProjectFactory(participants=[member], title_ru="Проект, в котором участник участвует")
    AwardFactory(project=led, body=AwardingBodyFactory(name_ru="Жилищный комитет"), kind=Award.Kind.LETTER_OF_GRATITUDE)
    AwardFactory(project=joined, body=AwardingBodyFactory(name_ru="Минэнерго России"), title_ru="Диплом министерства")
    page = client.get(member.get_absolute_url()).content.decode()
    section = page[page.index('id="member-projects-heading"') :]
    assert f'<a href="{led.get_absolute_url()}">Проект, который ведёт участник</a>' in section
    assert f'<a href="{joined.get_absolute_url()}">Проект, в котором участник участвует</a>' in section
    assert "Благодарность" in section and "Жилищный комитет" in section
    assert "Диплом министерства" in section and "Минэнерго России" in section
    assert "ведущий участник" in section and "участник" in section


def test_a_members_page_leaves_out_unpublished_projects_and_other_members_projects(client):
    member = MemberFactory()
    ProjectFactory(participants=[member], title_ru="Черновик проекта", is_published=False)
    ProjectFactory(title_ru="Чужой проект")
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Черновик проекта" not in page and "Чужой проект" not in page
    assert 'id="member-projects-heading"' not in page


@pytest.mark.parametrize("projects", [1, 8])
def test_member_page_queries_do_not_grow_with_the_members_projects(client, django_assert_max_num_queries, projects):
    member = MemberFactory(employees=40)
    for _ in range(projects):
        project = ProjectFactory(participants=[member])
        AwardFactory(project=project, kind=Award.Kind.DIPLOMA, year=2015)
        AwardFactory(project=project, kind=Award.Kind.PRIZE, year=2016)
    with django_assert_max_num_queries(8):  # +1: the registry revision, the page cache's key; +1: the footer
        response = client.get(member.get_absolute_url())
    assert response.content.decode().count('class="project-card"') == projects


# The home page


def test_awards_are_counted_by_body_and_kind_for_published_projects_only():
    housing = AwardingBodyFactory(slug="housing", level="city", name_en="Housing Committee")
    ministry = AwardingBodyFactory(slug="ministry", level="federal", name_en="Ministry of Energy")
    AwardingBodyFactory(slug="silent", name_en="A body that gave nothing")
    AwardFactory.create_batch(2, body=housing, kind=Award.Kind.LETTER_OF_GRATITUDE)
    AwardFactory(body=housing, kind=Award.Kind.DIPLOMA)
    AwardFactory(body=ministry, kind=Award.Kind.DIPLOMA)
    AwardFactory(body=ministry, kind=Award.Kind.PRIZE, project=ProjectFactory(is_published=False))

    table = Award.objects.public().counts_by_body_and_kind()
    kinds = [kind for kind, _label in table.kinds]
    assert kinds == ["gratitude", "diploma", "prize", "certificate"]
    assert [(row.body.slug, row.counts, row.total) for row in table.rows] == [
        ("housing", [2, 1, 0, 0], 3),
        ("ministry", [0, 1, 0, 0], 1),
    ]
    assert table.total == 4


def test_counting_awards_takes_one_query_however_many_there_are(django_assert_num_queries):
    for body in AwardingBodyFactory.create_batch(3):
        AwardFactory.create_batch(3, body=body)
    with django_assert_num_queries(1):
        assert Award.objects.public().counts_by_body_and_kind().total == 9


@pytest.mark.parametrize(
    ("url", "heading", "detail"),
    [
        ("/", "Награды проектов кластера", "Жилищный комитет</a>: благодарность — 2, премия — 1"),
        ("/en/", "Awards to cluster projects", "Housing Committee</a>: letter of gratitude — 2, prize — 1"),
    ],
)
def test_the_home_page_shows_awards_by_body_and_kind_in_both_languages(client, url, heading, detail):
    housing = AwardingBodyFactory(name_ru="Жилищный комитет", name_en="Housing Committee")
    AwardFactory.create_batch(2, body=housing, kind=Award.Kind.LETTER_OF_GRATITUDE)
    AwardFactory(body=housing, kind=Award.Kind.PRIZE)
    page = client.get(url).content.decode()
    assert heading in page and detail in page
    figure = page[page.index(heading) :]
    assert '">3</a></dd>' in figure[:400]


def test_the_home_page_has_no_award_figure_before_any_award(client):
    ProjectFactory()
    assert "Награды проектов кластера" not in client.get("/").content.decode()


def test_awards_given_by_a_day_count_only_those_certainly_given_by_then():
    AwardFactory(year=2015)  # known by its year: given by the end of 2015
    AwardFactory(year=2016, month=3)  # by the end of March 2016
    AwardFactory(year=2016, month=4, day=12)
    awards = Award.objects.public()
    assert awards.given_by(datetime.date(2015, 12, 31)).count() == 0
    assert awards.given_by(datetime.date(2016, 1, 1)).count() == 1
    assert awards.given_by(datetime.date(2016, 3, 31)).count() == 1
    assert awards.given_by(datetime.date(2016, 4, 11)).count() == 2
    assert awards.given_by(datetime.date(2016, 4, 12)).count() == 3
