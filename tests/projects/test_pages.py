"""The public pages /projects/ and /projects/<slug>/: what is public, each filter and its counts, languages, queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from members.services import member_leave
from projects.models import Award
from tests.members.factories import MemberFactory

from .factories import AwardFactory, AwardingBodyFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

URL = reverse("projects:project-list")


def listed(client, query=None):
    response = client.get(URL, query or {})
    assert response.status_code == 200
    return {project.slug for project in response.context["project_list"]}


def option_labels(response, name):
    """The labels of a filter's choices as the page renders them, without the empty choice."""
    return [label for value, label in response.context["filter"].form.fields[name].widget.choices if value != ""]


# What is public


def test_only_published_projects_are_listed(client):
    ProjectFactory(slug="published")
    ProjectFactory(slug="draft", is_published=False)
    assert listed(client) == {"published"}


def test_an_unpublished_projects_page_is_not_found(client):
    project = ProjectFactory(is_published=False)
    assert client.get(project.get_absolute_url()).status_code == 404


def test_a_project_page_links_its_public_members_and_marks_the_lead(client):
    lead = MemberFactory(name_ru="Ведущая организация")
    other = MemberFactory(name_ru="Другая организация")
    project = ProjectFactory(lead=lead, participants=[other])
    page = client.get(project.get_absolute_url()).content.decode()
    assert f'<a href="{lead.get_absolute_url()}">Ведущая организация</a> <span class="role">' in page
    assert f'<a href="{other.get_absolute_url()}">Другая организация</a></li>' in page


def test_a_project_page_lists_the_lead_first_then_the_others_by_name(client):
    lead = MemberFactory(name_ru="Яблоко")
    project = ProjectFactory(lead=lead, participants=[MemberFactory(name_ru="Берёза"), MemberFactory(name_ru="Астра")])
    page = client.get(project.get_absolute_url()).content.decode()
    assert page.index("Яблоко") < page.index("Астра") < page.index("Берёза")


@pytest.mark.parametrize(
    ("first", "last", "language", "shown"),
    [
        (2015, 2017, "en", "2015–2017"),
        (2016, 2016, "en", "2016"),
        (2016, None, "en", "since 2016"),
        (2016, None, "ru", "с 2016 г."),
    ],
)
def test_a_projects_years_read_naturally(first, last, language, shown):
    project = ProjectFactory.build(first_year=first, last_year=last)
    with translation.override(language):
        assert project.years == shown


def test_a_project_page_leaves_out_unpublished_and_former_members_entirely(client):
    hidden = MemberFactory(name_ru="Скрытая организация", is_published=False, contact_email="secret@example.org")
    former = MemberFactory(name_ru="Бывший участник")
    member_leave(member=former, left_on=datetime.date(2017, 1, 1))
    project = ProjectFactory(lead=hidden, participants=[former, MemberFactory(name_ru="Видимая организация")])
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Видимая организация" in page
    for private in ("Скрытая организация", hidden.slug, "secret@example.org", "Бывший участник", former.slug):
        assert private not in page


def test_a_project_of_the_whole_cluster_says_so(client):
    project = ProjectFactory(lead=None)
    page = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Проект ведёт кластер в целом." in page


def test_a_project_page_lists_its_awards_in_date_order(client):
    project = ProjectFactory(first_year=2014, last_year=2017)
    body = AwardingBodyFactory(name_ru="Жилищный комитет")
    AwardFactory(project=project, body=body, year=2016, month=3, title_ru="Вторая")
    AwardFactory(project=project, body=body, year=2016, title_ru="Первая", kind=Award.Kind.LETTER_OF_GRATITUDE)
    page = client.get(project.get_absolute_url()).content.decode()
    assert page.index("Первая") < page.index("Вторая")
    assert "Благодарность" in page and "Жилищный комитет" in page
    assert '<time datetime="2016-03">' in page


# Filters


def test_year_filter_keeps_projects_under_way_that_year(client):
    ProjectFactory(slug="earlier", first_year=2014, last_year=2015)
    ProjectFactory(slug="starts", first_year=2016, last_year=2017)
    ProjectFactory(slug="ends", first_year=2015, last_year=2016)
    ProjectFactory(slug="ongoing", first_year=2015, last_year=None, status="active")
    ProjectFactory(slug="later", first_year=2017, last_year=2018)
    assert listed(client, {"year": 2016}) == {"starts", "ends", "ongoing"}


def test_body_filter(client):
    body = AwardingBodyFactory(slug="housing")
    AwardFactory(project=ProjectFactory(slug="awarded"), body=body)
    AwardFactory(project=ProjectFactory(slug="by-another"))
    ProjectFactory(slug="none")
    assert listed(client, {"body": "housing"}) == {"awarded"}


def test_kind_filter(client):
    AwardFactory(project=ProjectFactory(slug="prized"), kind=Award.Kind.PRIZE)
    AwardFactory(project=ProjectFactory(slug="diploma"), kind=Award.Kind.DIPLOMA)
    assert listed(client, {"award_kind": "prize"}) == {"prized"}


def test_body_and_kind_together_mean_one_award_of_both(client):
    housing, ministry = AwardingBodyFactory(slug="housing"), AwardingBodyFactory(slug="ministry")
    both = ProjectFactory(slug="both")
    AwardFactory(project=both, body=housing, kind=Award.Kind.PRIZE)
    apart = ProjectFactory(slug="apart")
    AwardFactory(project=apart, body=housing, kind=Award.Kind.DIPLOMA)
    AwardFactory(project=apart, body=ministry, kind=Award.Kind.PRIZE)
    assert listed(client, {"body": "housing", "award_kind": "prize"}) == {"both"}


def test_member_filter_finds_the_projects_a_member_leads_or_takes_part_in(client):
    member = MemberFactory(slug="taking-part")
    ProjectFactory(slug="led", lead=member)
    ProjectFactory(slug="joined", participants=[member])
    ProjectFactory(slug="other")
    assert listed(client, {"member": "taking-part"}) == {"led", "joined"}


def test_member_filter_does_not_reveal_a_non_public_member(client):
    hidden = MemberFactory(slug="hidden", name_ru="Скрытая организация", is_published=False)
    ProjectFactory(slug="with-hidden", participants=[hidden])
    ProjectFactory(slug="other")
    response = client.get(URL, {"member": "hidden"})
    assert "member" in response.context["filter"].errors
    assert list(response.context["project_list"]) == []  # a value the public may not use is nonsense to it
    assert "Скрытая организация" not in response.content.decode()


def test_theme_filter(client):
    ProjectFactory(slug="heat", theme=ThemeFactory(slug="heat"))
    ProjectFactory(slug="water", theme=ThemeFactory(slug="water"))
    assert listed(client, {"theme": "heat"}) == {"heat"}


def test_choices_show_their_counts_under_the_other_filters(client):
    housing = AwardingBodyFactory(slug="housing", name_ru="Жилищный комитет")
    ministry = AwardingBodyFactory(slug="ministry", name_ru="Минэнерго")
    heat = ThemeFactory(slug="heat", name_ru="Тепло")
    for _ in range(2):
        AwardFactory(project=ProjectFactory(theme=heat), body=housing, kind=Award.Kind.PRIZE)
    AwardFactory(project=ProjectFactory(theme=heat), body=ministry, kind=Award.Kind.DIPLOMA)
    AwardFactory(project=ProjectFactory(), body=housing, kind=Award.Kind.DIPLOMA)

    response = client.get(URL)
    assert option_labels(response, "body") == ["Жилищный комитет (3)", "Минэнерго (1)"]
    assert option_labels(response, "theme")[-1] == "Тепло (3)"

    response = client.get(URL, {"theme": "heat"})
    assert option_labels(response, "body") == ["Жилищный комитет (2)", "Минэнерго (1)"]
    assert option_labels(response, "award_kind") == ["Диплом (1)", "Премия (2)"]
    assert option_labels(response, "year") == ["2016 (3)", "2015 (3)"]

    response = client.get(URL, {"body": "housing"})
    assert option_labels(response, "award_kind") == ["Диплом (1)", "Премия (2)"]
    assert "Тепло (2)" in option_labels(response, "theme")


def test_a_chosen_filter_that_shows_nothing_stays_in_the_form(client):
    AwardFactory(kind=Award.Kind.DIPLOMA)
    response = client.get(URL, {"award_kind": "prize"})
    assert option_labels(response, "award_kind") == ["Диплом (1)", "Премия (0)"]
    assert list(response.context["project_list"]) == []


def test_a_nonsense_year_is_reported_and_lists_nothing(client):
    ProjectFactory(slug="one")
    response = client.get(URL, {"year": "soon"})
    assert "year" in response.context["filter"].errors
    assert list(response.context["project_list"]) == []
    assert "Ни один проект не подходит" not in response.text  # the error message says why instead
    assert listed(client, {"year": "2015"}) == {"one"}


# Languages


@pytest.mark.parametrize(
    ("prefix", "language", "heading", "title"),
    [("", "ru", "Проекты и награды", "Проект по-русски"), ("/en", "en", "Projects and awards", "Project in English")],
)
def test_both_languages_render(client, prefix, language, heading, title):
    project = ProjectFactory(slug="both", title_ru="Проект по-русски", title_en="Project in English")
    AwardFactory(project=project)
    for url in (f"{prefix}/projects/", f"{prefix}/projects/both/"):
        page = client.get(url).content.decode()
        assert f'<html lang="{language}">' in page
        assert heading in page and title in page


# Queries stay flat


def populate(projects: int) -> None:
    bodies = [AwardingBodyFactory() for _ in range(3)]
    members = [MemberFactory() for _ in range(4)]
    for number in range(projects):
        project = ProjectFactory(lead=members[number % 4], participants=members[:2], theme=ThemeFactory(slug="one"))
        for kind in (Award.Kind.DIPLOMA, Award.Kind.PRIZE):
            AwardFactory(project=project, body=bodies[number % 3], kind=kind)


@pytest.mark.parametrize("projects", [2, 30])
def test_list_queries_do_not_grow_with_projects_and_awards(client, django_assert_max_num_queries, projects):
    populate(projects)
    with django_assert_max_num_queries(11):  # +1: the registry revision, the page cache's key; +1: the footer
        response = client.get(URL, {"theme": "one", "year": 2015})
    assert len(response.context["project_list"]) == min(projects, 25)


@pytest.mark.parametrize("size", [1, 12])
def test_detail_queries_do_not_grow_with_members_and_awards(client, django_assert_max_num_queries, size):
    project = ProjectFactory(participants=[MemberFactory() for _ in range(size)])
    for year in range(size):
        AwardFactory(project=project, year=2015 + year)
    with django_assert_max_num_queries(5):  # +1: the registry revision, the page cache's key; +1: the footer
        response = client.get(project.get_absolute_url())
    assert len(response.context["project"].public_participants) == size + 1
