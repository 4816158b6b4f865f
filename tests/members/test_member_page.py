"""A member's public page at /members/<slug>/."""

import datetime

import pytest
from django.utils import translation

from members.models import Member
from members.services import member_join, member_leave, member_report_headcount

from .factories import IncubatorFactory, MemberFactory, SectorFactory

pytestmark = pytest.mark.django_db


def page(client, member, language="ru"):
    with translation.override(language):
        url = member.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_public_field_is_shown_in_the_active_language(client):
    ingria = IncubatorFactory(operator_ru="АО «Технопарк Санкт-Петербурга»", operator_en="JSC Technopark")
    member = MemberFactory(
        name_ru="ЭкоТерм",
        name_en="EcoTherm",
        short_name="ЭТ",
        legal_form="ООО",
        city_ru="Санкт-Петербург",
        website="https://ecotherm.example.org/",
        description_ru="Тепловые насосы для домов.",
        description_en="Heat pumps for homes.",
        member_type=Member.Type.RESEARCH,
        incubator_status=Member.IncubatorStatus.ALUMNUS,
        incubator=ingria,
        incubator_from_year=2012,
        incubator_to_year=2015,
    )
    member.sectors.set([SectorFactory(name_ru="Энергоэффективность", name_en="Energy efficiency")])
    russian = page(client, member)
    for text in ['<h1 id="member-name">ЭкоТерм</h1>', "Тепловые насосы для домов.", "ООО", "Энергоэффективность"]:
        assert text in russian
    for text in ["Научная или образовательная организация", "Выпускник", "АО «Технопарк Санкт-Петербурга»", "2012"]:
        assert text in russian
    assert '<p class="short-name">ЭТ</p>' in russian
    assert 'href="https://ecotherm.example.org/"' in russian
    assert member.registration_number in russian
    english = page(client, member, "en")
    for text in ['<h1 id="member-name">EcoTherm</h1>', "Heat pumps for homes.", "Energy efficiency", "Alumnus"]:
        assert text in english
    assert "Research or education institution" in english
    assert "JSC Technopark" in english
    assert "Heat pumps" not in russian


def test_a_missing_translation_falls_back_to_the_other_language(client):
    member = MemberFactory(name_ru="Только по-русски", name_en="", description_ru="Описание.", description_en="")
    english = page(client, member, "en")
    assert '<h1 id="member-name"><span lang="ru">Только по-русски</span></h1>' in english
    assert '<span lang="ru">Описание.</span>' in english
    russian = page(client, member, "ru")
    assert '<h1 id="member-name">Только по-русски</h1>' in russian  # in its own language: no span


def test_headcount_history_is_listed_latest_first(client):
    member = MemberFactory()
    member_report_headcount(member=member, employees=120, reported_on=datetime.date(2016, 12, 31))
    member_report_headcount(member=member, employees=345, reported_on=datetime.date(2017, 12, 31))
    html = page(client, member, "en")
    assert html.index(">345<") < html.index(">120<")
    assert 'datetime="2017-12-31"' in html


def test_every_membership_period_is_listed_with_the_open_one(client):
    member = MemberFactory(current=False)
    member_join(member=member, joined_on=datetime.date(2014, 10, 1))
    member_leave(member=member, left_on=datetime.date(2016, 3, 1), reason="Реорганизация")
    member_join(member=member, joined_on=datetime.date(2018, 5, 1))
    html = page(client, member, "en")
    for day in ["2014-10-01", "2016-03-01", "2018-05-01"]:
        assert f'datetime="{day}"' in html
    assert "a member to this day" in html


@pytest.mark.parametrize("state", ["unpublished", "unpublished former", "not yet joined"])
def test_members_the_public_may_not_see_are_not_found(client, state):
    # A published former member's page is 410 Gone (tests/members/test_profiles.py).
    member = MemberFactory(is_published=state == "not yet joined", current=state == "unpublished")
    if state == "unpublished former":
        member_join(member=member, joined_on=datetime.date(2014, 1, 1))
        member_leave(member=member, left_on=datetime.date(2017, 1, 1))
    elif state == "not yet joined":
        member_join(member=member, joined_on=datetime.date.today() + datetime.timedelta(days=30))
    assert client.get(member.get_absolute_url()).status_code == 404
    assert client.get(f"/en/members/{member.slug}/").status_code == 404


def test_an_unknown_slug_is_not_found(client):
    assert client.get("/members/no-such-member/").status_code == 404


@pytest.mark.parametrize("size", [1, 40])
def test_member_page_queries_do_not_grow_with_its_history(
    client, django_assert_max_num_queries, django_assert_num_queries, size
):
    member = MemberFactory(current=False)
    member.sectors.set([SectorFactory() for _ in range(size)])
    for year in range(size):
        day = datetime.date(1980 + year, 1, 1)
        member_report_headcount(member=member, employees=year + 1, reported_on=day)
    for year in range(0, size * 2, 2):
        member_join(member=member, joined_on=datetime.date(1900 + year, 1, 1))
        member_leave(member=member, left_on=datetime.date(1901 + year, 1, 1))
    member_join(member=member, joined_on=datetime.date(2015, 1, 1))
    # The registry revision; the member, its sectors, headcounts and periods; one for the projects section;
    # one for the footer.
    with django_assert_max_num_queries(7):
        response = client.get(member.get_absolute_url())
    assert response.status_code == 200
    with django_assert_num_queries(1):  # the same page again, from the cache
        assert client.get(member.get_absolute_url()).content == response.content
    assert response.content.decode().count('<time datetime="') >= size * 3
