"""Members' revenue, exports, R&D and investment are hidden from staff without `view_yearly_figures`."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cluster_registry import roles
from members.models import YearlyFigures
from members.services import yearly_figures_save

from .factories import MemberFactory
from .spreadsheets import sheet_of

pytestmark = pytest.mark.django_db

SECRET_REVENUE = 987_654_321
LIST_URL = reverse("admin:members_yearlyfigures_changelist")


def staff_in(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", None, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def figures():
    member = MemberFactory(name_ru="С секретной выручкой")
    amounts = {"revenue": SECRET_REVENUE, "exports": 123_456_789, "rnd": 55_555_555, "investment": 44_444_444}
    return yearly_figures_save(figures=YearlyFigures(member=member, year=2016, employees=40, **amounts))


@pytest.fixture
def viewer(client, django_user_model):
    client.force_login(staff_in(django_user_model, roles.VIEWERS, "viewer"))
    return client


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(staff_in(django_user_model, roles.EDITORS, "editor"))
    return client


SECRETS = ("987654321", "987 654 321", "987\xa0654\xa0321", "123456789", "55555555", "44444444")


def shows_a_secret(response) -> bool:
    text = response.content.decode()
    return any(secret in text for secret in SECRETS)


def test_a_viewer_sees_the_figures_list_and_page_without_the_amounts(viewer, figures):
    listed = viewer.get(LIST_URL)
    assert listed.status_code == 200 and "С секретной выручкой" in listed.content.decode()
    assert not shows_a_secret(listed)
    page = viewer.get(reverse("admin:members_yearlyfigures_change", args=[figures.pk]))
    assert page.status_code == 200 and not shows_a_secret(page)
    history = viewer.get(reverse("admin:members_yearlyfigures_history", args=[figures.pk]))
    assert history.status_code == 200 and not shows_a_secret(history)


def test_a_viewer_sees_the_members_table_of_years_without_the_amounts(viewer, figures):
    page = viewer.get(reverse("admin:members_member_change", args=[figures.member_id]))
    assert page.status_code == 200
    assert "yearly_figures-0-employees" in page.content.decode() or ">40<" in page.content.decode()
    assert not shows_a_secret(page)


def test_an_editor_sees_the_amounts(editor, figures):
    assert shows_a_secret(editor.get(LIST_URL))
    assert shows_a_secret(editor.get(reverse("admin:members_member_change", args=[figures.member_id])))


@pytest.mark.parametrize(
    "url, params",
    [
        (LIST_URL, {"revenue__gt": "900000000"}),
        (LIST_URL, {"exports__lte": "1"}),
        (LIST_URL, {"rnd__isnull": "False"}),
        (reverse("admin:members_member_changelist"), {"yearly_figures__revenue__gt": "900000000"}),
        (reverse("admin:members_member_changelist"), {"yearly_figures__investment__startswith": "4"}),
    ],
)
def test_a_viewer_cannot_count_members_by_an_amount(viewer, figures, url, params):
    assert viewer.get(url, {**params, "membership": "all"}).status_code == 400


def test_a_viewer_cannot_order_by_an_amount(viewer, figures):
    YearlyFigures.objects.create(member=MemberFactory(name_ru="Вторая"), year=2016, currency="RUB", revenue=1)
    revenue_column = 5  # list_display: member, year, size category, employees, revenue
    order = viewer.get(LIST_URL, {"o": f"{revenue_column}"})
    reverse_order = viewer.get(LIST_URL, {"o": f"-{revenue_column}"})
    names = ["С секретной выручкой", "Вторая"]

    def sequence(response):
        text = response.content.decode()
        return sorted(names, key=text.index)

    assert sequence(order) == sequence(reverse_order)


def test_a_viewer_exports_without_the_amounts_and_an_editor_with_them(viewer, figures, django_user_model, client):
    url = reverse("admin:members_yearlyfigures_export")
    response = viewer.post(url, {"format": 0, "yearlyresource_year": "on", "yearlyresource_employees": "on"})
    assert response.status_code == 200
    values = {cell.value for row in sheet_of(response.content).iter_rows() for cell in row}
    assert 40 in values and SECRET_REVENUE not in values
    assert not any("выручка" in str(value).lower() for value in values)


def test_a_viewer_may_not_import_yearly_figures(viewer):
    assert viewer.get(reverse("admin:members_yearlyfigures_import")).status_code == 403


@pytest.mark.parametrize("admin_url", ["admin:members_yearlyfigures_export", "admin:members_member_export"])
def test_an_export_with_a_filter_value_of_the_wrong_kind_is_a_bad_request(editor, figures, admin_url):
    # The list answers such a value with its own message; the export had let it through as a 500.
    assert editor.get(reverse(admin_url), {"headcount_report": "А"}).status_code == 400
