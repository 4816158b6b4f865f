"""The staff's start page: figures, latest changes, the import's runs, and work to do leading to exactly its members."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cluster_registry import roles
from cluster_registry.admin_site import LANGUAGE_COOKIE
from members.models import HeadcountReport, Member
from members.services import member_leave
from tests.governance.factories import ChairTermFactory
from tests.members.factories import MemberFactory
from tests.site.test_history import import_through_the_admin, staff_in

pytestmark = pytest.mark.django_db

START = reverse("admin:index")
LINK = re.compile(r'<a href="([^"]+)" data-todo="([a-z_]+)">[^<]*</a>\s*<span class="count">(\d+)</span>')


def a_registry_with_work_to_do():
    """Members in every state, each named after the work it needs; returns {work key: expected member names}."""
    today = timezone.localdate()
    fine = MemberFactory(name_ru="В порядке", contact_name="Иван")
    HeadcountReport.objects.create(member=fine, employees=5, reported_on=today - datetime.timedelta(days=30))
    others = [
        MemberFactory(name_ru="Старая численность", contact_name="Пётр"),
        MemberFactory(name_ru="Без номера", registration_number="", contact_name="Анна"),
        MemberFactory(name_ru="Без периода", current=False, contact_name="Ольга"),
        MemberFactory(name_ru="Не опубликован", is_published=False, contact_name="Олег"),
        MemberFactory(name_ru="Без контакта"),
        MemberFactory(name_ru="Бывший без контакта"),
    ]
    member_leave(member=others[-1], left_on=datetime.date(2020, 1, 1))
    for member in others:
        HeadcountReport.objects.create(member=member, reported_on=datetime.date(2017, 12, 31), employees=3)
    current = {"В порядке", "Старая численность", "Без номера", "Не опубликован", "Без контакта"}
    return {
        "no_recent_headcount": current - {"В порядке"},
        "no_registration_number": {"Без номера"},
        "no_period": {"Без периода"},
        "unpublished": {"Не опубликован"},
        "no_contact": {"Без контакта"},
    }


def listed(client, url) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {member.name_ru for member in response.context["cl"].result_list}


def test_each_work_to_do_link_leads_to_exactly_its_members(staff_client):
    expected = a_registry_with_work_to_do()
    page = staff_client.get(START).text
    links = {key: (url.replace("&amp;", "&"), int(count)) for url, key, count in LINK.findall(page)}
    assert set(links) == set(expected)
    for key, names in expected.items():
        url, count = links[key]
        assert (listed(staff_client, url), count) == (names, len(names)), key


def test_a_member_without_contact_permission_sees_no_contact_work_and_cannot_ask_for_it(client, django_user_model):
    a_registry_with_work_to_do()
    client.force_login(staff_in(django_user_model, roles.VIEWERS, "viewer"))
    page = client.get(START).text
    keys = {key for _url, key, _count in LINK.findall(page)}
    assert "no_contact" not in keys and "no_period" in keys
    changelist = reverse("admin:members_member_changelist")
    assert client.get(changelist, {"todo": "no_contact", "membership": "all"}).status_code == 400
    assert "no_contact" not in client.get(changelist).text


def test_the_start_page_shows_the_figures_of_the_home_page(staff_client):
    a_registry_with_work_to_do()
    totals = Member.objects.public().totals()
    context = staff_client.get(START).context
    assert context["figures"] == totals and totals["members"] == 4


def test_the_start_page_lists_the_latest_changes_with_who_and_what(client, django_user_model):
    editor = staff_in(django_user_model, roles.EDITORS, "editor")
    member = MemberFactory(name_ru="Переименуемый")
    client.force_login(editor)
    from tests.site.test_history import post_change

    post_change(client, member, name_ru="Переименованный")
    change = client.get(START).context["latest_changes"][0]
    assert (change.label, change.record.history_user, change.record.history_type) == ("Переименованный", editor, "~")
    assert change.url == reverse("admin:members_member_history", args=[member.pk])


def test_the_import_records_its_runs_and_the_start_page_shows_them(client, django_user_model):
    editor = staff_in(django_user_model, roles.EDITORS, "editor")
    member = MemberFactory(name_ru="Было")
    client.force_login(editor)
    rows = [["country", "registration_number", "name_ru"], ["RU", member.registration_number, "Стало"]]
    assert import_through_the_admin(client, rows).status_code == 302
    run = client.get(START).context["import_runs"][0]
    assert (run.user, run.file_name, run.updated, run.new, run.status) == (editor, "members.csv", 1, 0, "written")
    assert "members.csv" in client.get(START).text


def test_months_without_a_chair_are_counted_from_the_last_term(staff_client):
    today = timezone.localdate().replace(day=1)
    last = (today - datetime.timedelta(days=100)).replace(day=1)
    ChairTermFactory(first_month=last.replace(year=last.year - 1), last_month=last)
    gap = staff_client.get(START).context["chair_gap"]
    assert gap["months"] == (today.year - last.year) * 12 + today.month - last.month >= 3
    ChairTermFactory(country="FI", first_month=last, last_month=today.replace(year=today.year + 1))
    assert staff_client.get(START).context["chair_gap"] is None


def test_the_start_page_speaks_english_when_chosen(staff_client):
    a_registry_with_work_to_do()
    staff_client.cookies[LANGUAGE_COOKIE] = "en"
    page = staff_client.get(START).text
    assert "Work to do" in page and "Without a membership period" in page and "Latest changes" in page
    staff_client.cookies[LANGUAGE_COOKIE] = "ru"
    page = staff_client.get(START).text
    assert "Что сделать" in page and "Без периода членства" in page


def start_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(START).status_code == 200
    return len(queries)


def test_the_start_page_costs_the_same_whatever_the_number_of_members(staff_client, django_assert_max_num_queries):
    a_registry_with_work_to_do()
    few = start_page_queries(staff_client)
    for _ in range(3):
        a_registry_with_work_to_do()
    assert start_page_queries(staff_client) == few
    # The session and user, the figures, one per history table (16: the programme's three, the yearly figures'
    # and exchange rates' among them), two for the work, the import's runs, the chair.
    with django_assert_max_num_queries(24):
        staff_client.get(START)


def test_the_member_list_filter_offers_the_same_lists_with_their_membership(staff_client):
    expected = a_registry_with_work_to_do()
    page = staff_client.get(reverse("admin:members_member_changelist")).text
    link = re.search(r'href="(\?[^"]*todo=no_period[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "membership=all" in link
    assert listed(staff_client, reverse("admin:members_member_changelist") + link) == expected["no_period"]
