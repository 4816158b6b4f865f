import datetime

import pytest
from django.urls import reverse

from members.models import Member
from members.permissions import VIEW_CONTACT_DETAILS

from .factories import MemberFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("admin:members_member_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_member_list_shows_current_members_by_default(staff_client):
    current = MemberFactory(name_ru="Действующий участник")
    former = MemberFactory(name_ru="Бывший участник")
    former.periods.update(left_on=datetime.date(2018, 1, 1))
    Member.objects.filter(pk=former.pk).sync_summaries()  # a bulk write keeps the summaries itself
    response = staff_client.get(reverse("admin:members_member_changelist"))
    assert response.status_code == 200
    assert current.name_ru in response.text
    assert former.name_ru not in response.text
    response = staff_client.get(reverse("admin:members_member_changelist"), {"membership": "former"})
    assert former.name_ru in response.text
    assert current.name_ru not in response.text


@pytest.mark.parametrize("term", ["технопарк", "ТЕХНОПАРК", "tech", "7830002293"])
def test_admin_search_by_name_in_any_case_or_by_number(staff_client, term):
    MemberFactory(name_ru="Технопарк Север", name_en="Technopark North", registration_number="7830002293")
    MemberFactory(name_ru="Другой", name_en="Other")
    response = staff_client.get(reverse("admin:members_member_changelist"), {"q": term})
    assert "Технопарк Север" in response.text
    assert "Другой" not in response.text


def test_the_add_form_saves_a_valid_member_with_its_history(staff_client):
    region = RegionFactory()
    data = {
        "name_ru": "Новая организация",
        "name_en": "New organisation",
        "slug": "new-organisation",
        "member_type": "company",
        "cluster_role": "participant",
        "country": "RU",
        "region": region.pk,
        "registration_number": "7830002293",
        "is_published": "on",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-0-joined_on": "2016-03-01",
        "headcounts-TOTAL_FORMS": "1",
        "headcounts-INITIAL_FORMS": "0",
        "yearly_figures-TOTAL_FORMS": "0",
        "yearly_figures-INITIAL_FORMS": "0",
        "headcounts-0-employees": "42",
        "headcounts-0-reported_on": "2017-12-31",
    }
    response = staff_client.post(reverse("admin:members_member_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    member = Member.objects.get(slug="new-organisation")
    assert member.headcount == 42
    assert member.joined_on == datetime.date(2016, 3, 1)
    assert Member.objects.public().filter(pk=member.pk).exists()


def test_the_add_form_shows_a_bad_inn_on_its_field_and_saves_nothing(staff_client):
    data = {
        "name_ru": "Ошибка",
        "slug": "error",
        "member_type": "company",
        "cluster_role": "participant",
        "country": "RU",
        "registration_number": "7830002294",
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
        "headcounts-TOTAL_FORMS": "1",
        "headcounts-INITIAL_FORMS": "0",
        "yearly_figures-TOTAL_FORMS": "0",
        "yearly_figures-INITIAL_FORMS": "0",
        "headcounts-0-employees": "-3",
        "headcounts-0-reported_on": "2017-12-31",
    }
    response = staff_client.post(reverse("admin:members_member_add"), data)
    assert response.status_code == 200
    assert "registration_number" in response.context["adminform"].form.errors
    assert not Member.objects.filter(slug="error").exists()


def test_contact_fields_are_hidden_without_their_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    member = MemberFactory(contact_email="secret-contact@example.org")
    user = django_user_model.objects.create_user("viewer", password="a-long-test-password-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_member"))
    client.force_login(user)
    response = client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert response.status_code == 200
    assert "secret-contact@example.org" not in response.text
    user.user_permissions.add(Permission.objects.get(codename=VIEW_CONTACT_DETAILS.codename))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert "secret-contact@example.org" in client.get(reverse("admin:members_member_change", args=[member.pk])).text


@pytest.mark.django_db
def test_a_saved_member_posted_back_validates_only_its_changed_rows(
    admin_client, admin_user, django_assert_max_num_queries
):
    from bench.writes import changeform_data
    from members.models import HeadcountReport

    member = MemberFactory()
    for year in (2019, 2020, 2021, 2022):
        HeadcountReport.objects.create(member=member, employees=10 + year % 10, reported_on=datetime.date(year, 1, 1))
    Member.objects.sync_summaries()
    url = reverse("admin:members_member_change", args=[member.pk])
    data = changeform_data(member, admin_user)
    data["description_en"] = "Changed."
    # The member's own validation once; no look-up or constraint check of each unchanged row.
    with django_assert_max_num_queries(20):
        assert admin_client.post(url, data).status_code == 302
    # A changed row is validated as ever: a negative headcount is refused, and nothing is saved.
    row = next(key for key, value in data.items() if key.startswith("headcounts-") and key.endswith("-employees"))
    data[row], data["description_en"] = "-5", "Not saved."
    response = admin_client.post(url, data)
    assert response.status_code == 200 and response.context["errors"]
    member.refresh_from_db()
    assert member.description_en == "Changed."


@pytest.mark.django_db
def test_a_row_posted_with_another_members_id_leaves_that_row_alone(admin_client, admin_user):
    from bench.writes import changeform_data
    from members.models import HeadcountReport

    member, other = MemberFactory(), MemberFactory()
    own = HeadcountReport.objects.create(member=member, employees=10, reported_on=datetime.date(2020, 1, 1))
    theirs = HeadcountReport.objects.create(member=other, employees=77, reported_on=datetime.date(2020, 1, 1))
    url = reverse("admin:members_member_change", args=[member.pk])
    data = changeform_data(member, admin_user)
    row = next(key for key, value in data.items() if key.startswith("headcounts-") and key.endswith("-id"))
    data[row] = str(theirs.pk)
    data[row.replace("-id", "-employees")] = "5"
    admin_client.post(url, data)
    theirs.refresh_from_db()
    assert (theirs.member, theirs.employees) == (other, 77)
    # The member's own row, its id posted as it was, is found among the member's rows and saved.
    data[row] = str(own.pk)
    assert admin_client.post(url, data).status_code == 302
    own.refresh_from_db()
    assert own.employees == 5


@pytest.mark.parametrize("change", ["description", "headcount changed", "headcount deleted", "period added"])
def test_a_members_summaries_follow_the_rows_the_admin_saves_and_only_then_are_computed(
    admin_client, admin_user, change
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.writes import changeform_data
    from members.models import HeadcountReport, MembershipPeriod

    member = MemberFactory(current=False)
    MembershipPeriod.objects.create(
        member=member, joined_on=datetime.date(2015, 1, 1), left_on=datetime.date(2016, 1, 1)
    )
    HeadcountReport.objects.create(member=member, employees=10, reported_on=datetime.date(2019, 1, 1))
    HeadcountReport.objects.create(member=member, employees=20, reported_on=datetime.date(2020, 1, 1))
    Member.objects.sync_summaries()
    data = changeform_data(member, admin_user)
    data["description_en"] = "Changed."
    latest = next(key[: -len("-id")] for key, value in data.items() if key.startswith("headcounts-")
                  and key.endswith("-id") and value == str(member.headcounts.latest_first().first().pk))  # fmt: skip
    if change == "headcount changed":
        data[f"{latest}-employees"] = "25"
    elif change == "headcount deleted":
        data[f"{latest}-DELETE"] = "on"
    elif change == "period added":
        data.update({"periods-TOTAL_FORMS": "2", "periods-1-joined_on": "2018-05-01"})
        data["periods-1-member"] = str(member.pk)
    with CaptureQueriesContext(connection) as saved:
        response = admin_client.post(reverse("admin:members_member_change", args=[member.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    member.refresh_from_db()
    expected = {
        "description": (20, datetime.date(2015, 1, 1), None),
        "headcount changed": (25, datetime.date(2015, 1, 1), None),
        "headcount deleted": (10, datetime.date(2015, 1, 1), None),
        "period added": (20, datetime.date(2018, 5, 1), datetime.date(2018, 5, 1)),
    }[change]
    assert (member.headcount, member.joined_on, member.current_since) == expected
    assert member.description_en == "Changed."
    assert Member.objects.filter(pk=member.pk).current().exists() == (change == "period added")
    sql = [query["sql"] for query in saved.captured_queries]
    # The summaries are computed when their rows changed, not for a description.
    assert any('SET "headcount" = (SELECT' in statement for statement in sql) == (change != "description")
    # The member's rules are held by its clean(), with no query per database constraint (a changed row of
    # an inline is checked against its own constraints, as ever).
    if change == "description":
        assert not [statement for statement in sql if '"_check"' in statement]


def test_a_member_without_a_name_is_refused_by_its_rule_once(admin_client, admin_user):
    from bench.writes import changeform_data
    from members import rules

    member = MemberFactory()
    data = changeform_data(member, admin_user)
    data["name_ru"] = data["name_en"] = ""
    response = admin_client.post(reverse("admin:members_member_change", args=[member.pk]), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert [str(message) for messages in errors.values() for message in messages] == [str(rules.NAME_MISSING)]
