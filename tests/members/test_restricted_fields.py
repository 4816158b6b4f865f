"""Fields hidden from a user stay out of every list parameter: no lookup, column, filter, search or order on them."""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from cluster_registry import roles
from governance.models import ChairTerm
from members.admin_tools import CONTACT_FIELDS
from members.models import HeadcountReport, Member, MembershipPeriod
from members.restricted import RESTRICTED_FIELDS, RestrictedFieldsMixin, hidden_fields, touches_hidden
from projects.models import Project

from .factories import MemberFactory
from .spreadsheets import sheet_of

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:members_member_changelist")
EXPORT_URL = reverse("admin:members_member_export")
SECRET = {
    "contact_name": "Sekretova Anna",
    "contact_position": "Secret keeper",
    "contact_email": "sekret@example.org",
    "contact_phone": "+7 812 5550101",
}


def staff_in(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", None, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(django_user_model):
    return staff_in(django_user_model, roles.EDITORS, "editor")


@pytest.fixture
def viewer(django_user_model):
    return staff_in(django_user_model, roles.VIEWERS, "viewer")


@pytest.fixture
def secret_member():
    MemberFactory(name_ru="Без контактов")
    return MemberFactory(name_ru="С контактами", **SECRET)


def first_letter_and_another(field):
    """A prefix of the member's secret value, and one that matches no member."""
    return SECRET[field][0], "Ъ"


def export_data():
    keys = ["name_ru"]
    return {"format": "0", "resource": "0", **{f"memberresource_{key}": "on" for key in keys}}


@pytest.mark.parametrize("field", CONTACT_FIELDS)
def test_a_viewer_cannot_filter_the_member_list_by_a_contact_detail(client, viewer, secret_member, field):
    client.force_login(viewer)
    statuses = set()
    for prefix in first_letter_and_another(field):
        response = client.get(CHANGELIST_URL, {"membership": "all", f"{field}__startswith": prefix})
        statuses.add(response.status_code)
    assert statuses == {400}  # refused whatever the value: nothing to count


@pytest.mark.parametrize("field", CONTACT_FIELDS)
def test_an_editor_may_filter_the_member_list_by_a_contact_detail(client, editor, secret_member, field):
    client.force_login(editor)
    counts = []
    for prefix in first_letter_and_another(field):
        response = client.get(CHANGELIST_URL, {"membership": "all", f"{field}__startswith": prefix})
        assert response.status_code == 200
        counts.append(response.context["cl"].result_count)
    assert counts == [1, 0]


@pytest.mark.parametrize("field", CONTACT_FIELDS)
def test_a_viewer_cannot_filter_the_staff_export_by_a_contact_detail(client, viewer, secret_member, field):
    client.force_login(viewer)
    for prefix in first_letter_and_another(field):
        query = urlencode({"membership": "all", f"{field}__startswith": prefix})
        assert client.get(f"{EXPORT_URL}?{query}").status_code == 400
        assert client.post(f"{EXPORT_URL}?{query}", export_data()).status_code == 400


@pytest.mark.parametrize("field", CONTACT_FIELDS)
def test_an_editor_may_filter_the_staff_export_by_a_contact_detail(client, editor, secret_member, field):
    client.force_login(editor)
    prefix = first_letter_and_another(field)[0]
    data = {**export_data(), "memberresourcewithcontacts_name_ru": "on"}
    query = urlencode({"membership": "all", f"{field}__startswith": prefix})
    response = client.post(f"{EXPORT_URL}?{query}", data)
    assert response.status_code == 200
    sheet = sheet_of(response.content)
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [secret_member.name_ru]


@pytest.mark.parametrize(
    "model, path",
    [
        (Member, "contact_email__startswith"),
        (Member.history.model, "contact_phone__regex"),
        (MembershipPeriod, "member__contact_name"),
        (HeadcountReport.history.model, "member__contact_position__isnull"),
        (ChairTerm, "member__contact_email__iexact"),
        (Project, "participants__contact_email"),
        (Project, "-lead__contact_name"),
        (Member, "periods__member__contact_email__gt"),
    ],
)
def test_every_path_to_a_contact_detail_is_hidden_from_viewers_only(viewer, editor, model, path):
    assert touches_hidden(model, path, viewer)
    assert not touches_hidden(model, path, editor)


@pytest.mark.parametrize(
    "model, path",
    [(Member, "name_ru__startswith"), (Member, "region__name_en"), (ChairTerm, "member__slug"), (Member, "nonsense")],
)
def test_paths_to_visible_fields_are_not_hidden(viewer, model, path):
    assert not touches_hidden(model, path, viewer)


def test_the_declaration_names_existing_fields_and_permissions():
    from django.apps import apps
    from django.contrib.auth.models import Permission

    for label, rules in RESTRICTED_FIELDS.items():
        model = apps.get_model(label)
        for permission, fields in rules:
            app_label, codename = permission.split(".")
            assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists()
            assert fields and all(model._meta.get_field(name) for name in fields)
            assert fields <= {field.name for field in model.history.model._meta.fields}  # history keeps them


def test_every_registry_admin_keeps_hidden_fields_out_of_its_lists():
    registered = admin.site._registry.items()
    registry = [model_admin for model, model_admin in registered if model._meta.app_label in roles.REGISTRY_APPS]
    assert len(registry) >= 12
    assert all(isinstance(model_admin, RestrictedFieldsMixin) for model_admin in registry)


class ContactListAdmin(RestrictedFieldsMixin, admin.ModelAdmin):
    """A careless future admin that lists, filters, searches and orders by contact details."""

    list_display = ["name_ru", "contact_email", "contact_name_column"]
    list_filter = ["contact_position", ("contact_phone", admin.AllValuesFieldListFilter), "country"]
    search_fields = ["name_ru", "^contact_email"]
    ordering = ["contact_name", "name_ru"]

    @admin.display(ordering="contact_name")
    def contact_name_column(self, member):
        return member.contact_name


def request_of(user, **params):
    request = RequestFactory().get("/", params)
    request.user = user
    return request


def test_a_careless_admin_shows_viewers_no_contact_column_filter_search_or_order(viewer, editor):
    model_admin = ContactListAdmin(Member, admin.site)
    request = request_of(viewer)
    assert model_admin.get_list_display(request) == ["name_ru", "contact_name_column"]
    assert model_admin.get_list_filter(request) == ["country"]
    assert model_admin.get_search_fields(request) == ["name_ru"]
    assert model_admin.get_ordering(request) == ["name_ru"]
    assert hidden_fields(Member, editor) == frozenset()
    assert model_admin.get_list_display(request_of(editor)) == ContactListAdmin.list_display


@pytest.mark.parametrize("user_name, expected", [("viewer", []), ("editor", ["contact_name"])])
def test_ordering_by_a_column_sorted_on_a_contact_detail_needs_the_permission(request, user_name, expected):
    user = request.getfixturevalue(user_name)
    model_admin = ContactListAdmin(Member, admin.site)
    column = model_admin.get_list_display(request_of(user)).index("contact_name_column")
    changelist_request = request_of(user, **{ORDER_VAR: str(column)})
    changelist = model_admin.get_changelist_instance(changelist_request)
    ordering = changelist.get_ordering(changelist_request, Member.objects.all())
    assert [item for item in ordering if "contact" in str(item)] == expected


@pytest.mark.parametrize(
    "params", [{"name_ru__regex": "("}, {"contact_email__iregex": "(a+)+$"}, {"headcount__range": "1"}]
)
def test_lookups_no_admin_screen_makes_are_refused_for_everyone(client, editor, secret_member, params):
    client.force_login(editor)
    assert client.get(CHANGELIST_URL, {"membership": "all", **params}).status_code == 400
