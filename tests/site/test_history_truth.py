"""History that tells the truth: loaded records start with a history row, as-of before it began, one timeline."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cluster_registry import roles
from governance.models import ChairTerm
from members.models import HeadcountReport, Member, MembershipPeriod
from projects.models import Project
from tests.members.factories import MemberFactory
from tests.site.test_history import change_form, content, post_change, staff_in

pytestmark = pytest.mark.django_db

LOADED_2015 = "teploset-north-west"  # a sample member whose only period began on 9 November 2015


@pytest.fixture
def loaded():
    call_command("load_registry_data", verbosity=0)
    return Member.objects.get(slug=LOADED_2015)


@pytest.mark.parametrize("model", [Member, MembershipPeriod, HeadcountReport, ChairTerm, Project])
def test_every_loaded_record_starts_with_a_creation_row_naming_its_fixture(loaded, model):
    records = model.objects.all()
    assert records.exists()
    for record in records:
        first = record.history.earliest("history_date")
        assert first.history_type == "+"
        assert first.history_change_reason.startswith("load_registry_data: fixtures/")
    assert model.history.filter(history_change_reason__endswith=".json").count() == records.count()


def test_loading_again_adds_no_history_row(loaded):
    before = [model.history.count() for model in (Member, MembershipPeriod, HeadcountReport)]
    call_command("load_registry_data", verbosity=0)
    assert [model.history.count() for model in (Member, MembershipPeriod, HeadcountReport)] == before


def test_a_member_loaded_from_the_sample_fixture_names_it(loaded):
    assert loaded.history.get().history_change_reason == "load_registry_data: fixtures/sample_members.json"
    assert loaded.history.get().headcount == loaded.headcount  # recorded after the summaries were rebuilt


def test_as_of_a_day_before_history_began_shows_the_member_from_its_dated_periods(staff_client, loaded):
    url = reverse("admin:members_member_as_of", args=[loaded.pk])
    page = content(staff_client.get(url, {"date": "2016-06-01"}))
    assert "Запись реестра об этом участнике начинается" in page
    assert "Участник кластера в этот день" in page and "2015-11-09 – …" in page
    assert "нет записи об этом участнике" not in page
    before_joining = content(staff_client.get(url, {"date": "2015-06-01"}))
    assert "Не был участником кластера в этот день." in before_joining


def test_after_leaving_today_the_history_lists_the_closed_period_with_its_reason(staff_client, loaded):
    today = timezone.localdate()
    leave = reverse("admin:members_member_leave", args=[loaded.pk])
    assert staff_client.post(leave, {"left_on": today.isoformat(), "reason": "Закрытие филиала", "apply": "1"})
    history = content(staff_client.get(reverse("admin:members_member_history", args=[loaded.pk])))
    assert "Этот объект не имеет истории изменений" not in history and "None" not in history
    closed = history.split("Закрытие филиала", 1)[0].rsplit("<tr>", 1)[1]  # the row of the change
    assert "Период членства: 2015-11-09 – " + today.isoformat() in closed
    assert "Дата выхода:</strong> —&nbsp;&rarr; " + today.strftime("%d.%m.%Y") in closed
    as_of = content(staff_client.get(reverse("admin:members_member_as_of", args=[loaded.pk]), {"date": "2016-06-01"}))
    assert "Участник кластера в этот день" in as_of


def test_a_headcount_edit_shows_old_and_new_and_a_member_row_its_changes(client, django_user_model):
    editor = staff_in(django_user_model, roles.EDITORS, "editor")
    member = MemberFactory(name_ru="Старое имя", employees=10)
    client.force_login(editor)
    post_change(client, member, name_ru="Новое имя", **{"headcounts-0-employees": "12"})
    post_change(client, Member.objects.get(pk=member.pk))  # saved again without a change
    page = content(client.get(reverse("admin:members_member_history", args=[member.pk])))
    assert "Число работников:</strong> 10&nbsp;&rarr; 12" in page
    assert "Название (по-русски):</strong> Старое имя&nbsp;&rarr; Новое имя" in page
    assert page.count("Изменено") == 2  # the name and the headcount; the save without a change is not listed


def test_a_viewer_sees_no_row_for_a_change_of_contact_details_only(client, django_user_model, staff_client):
    viewer = staff_in(django_user_model, roles.VIEWERS, "viewer")
    member = MemberFactory(contact_email="old@example.org")
    staff_client.post(
        reverse("admin:members_member_change", args=[member.pk]),
        change_form(member, contact_email="new@example.org"),
    )
    assert member.history.count() == 2
    client.force_login(viewer)
    page = content(client.get(reverse("admin:members_member_history", args=[member.pk])))
    assert "Изменено" not in page and "example.org" not in page


def test_the_history_page_costs_the_same_whatever_the_number_of_changes(staff_client, django_assert_max_num_queries):
    member = MemberFactory(employees=10)
    for year in range(2000, 2030):
        HeadcountReport.objects.create(member=member, employees=year, reported_on=datetime.date(year, 1, 1))
    with django_assert_max_num_queries(12):
        assert staff_client.get(reverse("admin:members_member_history", args=[member.pk])).status_code == 200
