"""Change history: who changed what in the admin, a member as of a date, restoring a version, leaving."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from cluster_registry import roles
from members.models import HeadcountReport, Member, MembershipPeriod
from tests.members.factories import MemberFactory, valid_inn

pytestmark = pytest.mark.django_db


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


def change_form(member, **overrides):
    """The member's change form as the admin would post it back, with its period and headcounts."""
    periods = list(member.periods.order_by("joined_on"))
    reports = list(member.headcounts.order_by("-reported_on"))
    data = {
        "name_ru": member.name_ru,
        "name_en": member.name_en,
        "slug": member.slug,
        "member_type": member.member_type,
        "cluster_role": member.cluster_role,
        "country": str(member.country),
        "region": member.region_id or "",
        "city_ru": member.city_ru,
        "city_en": member.city_en,
        "registration_number": member.registration_number,
        "contact_email": member.contact_email,
        "is_published": "on" if member.is_published else "",
        "periods-TOTAL_FORMS": str(len(periods)),
        "periods-INITIAL_FORMS": str(len(periods)),
        "headcounts-TOTAL_FORMS": str(len(reports)),
        "headcounts-INITIAL_FORMS": str(len(reports)),
        "yearly_figures-TOTAL_FORMS": "0",
        "yearly_figures-INITIAL_FORMS": "0",
    }
    for index, period in enumerate(periods):
        data.update({f"periods-{index}-id": period.pk, f"periods-{index}-member": member.pk})
        data[f"periods-{index}-joined_on"] = period.joined_on.isoformat()
        data[f"periods-{index}-left_on"] = period.left_on.isoformat() if period.left_on else ""
    for index, report in enumerate(reports):
        data.update({f"headcounts-{index}-id": report.pk, f"headcounts-{index}-member": member.pk})
        data[f"headcounts-{index}-employees"] = report.employees
        data[f"headcounts-{index}-reported_on"] = report.reported_on.isoformat()
    return {**data, **overrides}


def content(response) -> str:
    """The page's own content, without the title and breadcrumbs (which name the member as it is now)."""
    return response.text.split('id="content-main"', 1)[1]


def post_change(client, member, **overrides):
    response = client.post(reverse("admin:members_member_change", args=[member.pk]), change_form(member, **overrides))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def test_an_admin_edit_is_recorded_with_the_user_and_what_changed(client, editor):
    member = MemberFactory(name_ru="Старое имя")
    client.force_login(editor)
    post_change(client, member, name_ru="Новое имя")
    latest = member.history.first()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.name_ru == "Новое имя"
    delta = latest.diff_against(latest.prev_record)
    assert delta.changed_fields == ["name_ru"]


def test_admin_edits_of_periods_and_headcounts_are_recorded_with_the_user(client, editor):
    member = MemberFactory(employees=10)
    client.force_login(editor)
    post_change(client, member, **{"headcounts-0-employees": "12", "periods-0-left_on": "2020-06-30"})
    report = HeadcountReport.history.filter(member_id=member.pk).first()
    period = MembershipPeriod.history.filter(member_id=member.pk).first()
    assert (report.employees, report.history_user) == (12, editor)
    assert (period.left_on, period.history_user) == (datetime.date(2020, 6, 30), editor)


def test_the_history_page_shows_member_period_and_headcount_changes_with_the_user(client, editor, viewer):
    member = MemberFactory(employees=10)
    client.force_login(editor)
    post_change(client, member, name_ru="Переименованный", **{"headcounts-0-employees": "12"})
    client.force_login(viewer)
    page = client.get(reverse("admin:members_member_history", args=[member.pk]))
    assert page.status_code == 200
    assert "Переименованный" in page.text and "editor" in page.text
    assert "12 (2017-12-31)" in page.text  # the headcount report's change, in the related changes table


def test_restoring_an_earlier_version_brings_back_its_values_and_is_recorded(client, editor):
    member = MemberFactory(name_ru="Первое имя", employees=10)
    first = member.history.first()
    client.force_login(editor)
    post_change(client, member, name_ru="Второе имя")
    url = reverse("admin:members_member_simple_history", args=[member.pk, first.history_id])
    page = client.get(url)
    assert page.status_code == 200 and "Первое имя" in page.text
    response = client.post(url, change_form(Member.objects.get(pk=member.pk), name_ru="Первое имя"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.name_ru == "Первое имя"
    assert member.headcount == 10  # the summary is recomputed, not taken from the old version
    assert member.history.first().history_user == editor
    assert member.history.count() == 3


def test_a_viewer_may_see_a_version_but_not_restore_it(client, editor, viewer):
    member = MemberFactory(name_ru="Первое имя")
    first = member.history.first()
    client.force_login(editor)
    post_change(client, member, name_ru="Второе имя")
    client.force_login(viewer)
    url = reverse("admin:members_member_simple_history", args=[member.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, change_form(member, name_ru="Первое имя")).status_code == 403
    assert Member.objects.get(pk=member.pk).name_ru == "Второе имя"


def test_a_member_as_it_was_on_a_date(client, editor):
    member = MemberFactory(name_ru="Имя в 2020 году", employees=10)
    member.history.update(history_date=timezone.make_aware(datetime.datetime(2020, 5, 1, 12)))
    HeadcountReport.history.update(history_date=timezone.make_aware(datetime.datetime(2020, 5, 1, 12)))
    client.force_login(editor)
    post_change(client, member, name_ru="Имя сейчас", **{"headcounts-0-employees": "99"})
    url = reverse("admin:members_member_as_of", args=[member.pk])
    then = content(client.get(url, {"date": "2020-06-01"}))
    assert "Имя в 2020 году" in then and "Имя сейчас" not in then
    assert "10 (2017-12-31)" in then and "99 (2017-12-31)" not in then
    before = content(client.get(url, {"date": "2019-01-01"}))
    assert "Имя в 2020 году" not in before and "10 (2017-12-31)" not in before
    now = content(client.get(url))  # today by default
    assert "Имя сейчас" in now and "99 (2017-12-31)" in now


def test_contact_details_stay_out_of_history_pages_without_their_permission(client, editor, viewer):
    member = MemberFactory(contact_email="first@example.org")
    client.force_login(editor)
    post_change(client, member, contact_email="second@example.org", name_ru="Другое имя")
    assert "first@example.org" in client.get(reverse("admin:members_member_history", args=[member.pk])).text
    client.force_login(viewer)
    history = client.get(reverse("admin:members_member_history", args=[member.pk])).text
    as_of = client.get(reverse("admin:members_member_as_of", args=[member.pk])).text
    version = member.history.last().history_id
    form = client.get(reverse("admin:members_member_simple_history", args=[member.pk, version])).text
    for page in (history, as_of, form):
        assert "first@example.org" not in page and "second@example.org" not in page


def test_recording_leaving_closes_the_period_with_date_and_reason_and_keeps_the_member(client, editor):
    member = MemberFactory()
    client.force_login(editor)
    url = reverse("admin:members_member_leave", args=[member.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"left_on": "2024-03-31", "reason": "Закрытие компании", "apply": "1"})
    assert response.status_code == 302
    period = member.periods.get()
    assert (period.left_on, period.leave_reason) == (datetime.date(2024, 3, 31), "Закрытие компании")
    assert period.history.first().history_user == editor
    assert Member.objects.filter(pk=member.pk).exists()
    assert not Member.objects.current().filter(pk=member.pk).exists()


def test_leaving_before_joining_is_refused_with_a_message_and_changes_nothing(client, editor):
    member = MemberFactory()
    client.force_login(editor)
    url = reverse("admin:members_member_leave", args=[member.pk])
    response = client.post(url, {"left_on": "2010-01-01", "apply": "1"}, follow=True)
    assert "before the date of joining" in response.text or "раньше даты вступления" in response.text
    assert member.periods.get().left_on is None


def test_the_bulk_action_records_leaving_for_every_selected_current_member(client, editor):
    members = [MemberFactory(), MemberFactory()]
    client.force_login(editor)
    changelist = reverse("admin:members_member_changelist")
    selected = {"action": "record_leaving", "_selected_action": [member.pk for member in members]}
    form = client.post(changelist, selected)
    assert form.status_code == 200 and 'name="left_on"' in form.text
    client.post(changelist, {**selected, "left_on": "2025-01-31", "reason": "Решение совета", "apply": "1"})
    closed = MembershipPeriod.objects.filter(member__in=members, left_on=datetime.date(2025, 1, 31))
    assert closed.count() == 2


def test_a_viewer_cannot_record_leaving(client, viewer):
    member = MemberFactory()
    client.force_login(viewer)
    url = reverse("admin:members_member_leave", args=[member.pk])
    assert client.post(url, {"left_on": "2024-03-31", "apply": "1"}).status_code == 403
    assert "record_leaving" not in client.get(reverse("admin:members_member_changelist")).text
    assert member.periods.get().left_on is None


def import_through_the_admin(client, rows):
    """Upload a CSV in the admin, then confirm the previewed import; returns the confirmation's response."""
    content = "\n".join(",".join(str(cell) for cell in row) for row in rows).encode()
    upload = SimpleUploadedFile("members.csv", content, content_type="text/csv")
    preview = client.post(reverse("admin:members_member_import"), {"file": upload})
    assert preview.status_code == 200 and preview.context["confirm_form"] is not None, preview.text[-3000:]
    token = preview.context["confirm_form"].initial["token"]
    return client.post(reverse("admin:members_member_import_confirm"), {"token": token})


def test_an_import_in_the_admin_is_recorded_with_the_importing_user(client, editor):
    member = MemberFactory(name_ru="Было", employees=10)
    client.force_login(editor)
    rows = [
        ["country", "registration_number", "name_ru", "headcount", "headcount_reported_on", "joined_on"],
        ["RU", member.registration_number, "Стало", 25, "2023-12-31", ""],
        ["RU", valid_inn(4242), "Новая из файла", 7, "2023-12-31", "2022-02-01"],
    ]
    assert import_through_the_admin(client, rows).status_code == 302
    changed = member.history.first()
    assert (changed.name_ru, changed.history_user, changed.history_type) == ("Стало", editor, "~")
    created = Member.history.get(registration_number=valid_inn(4242))
    assert (created.history_user, created.history_type) == (editor, "+")
    reports = HeadcountReport.history.filter(history_user=editor)
    assert sorted(reports.values_list("employees", flat=True)) == [7, 25]
    assert MembershipPeriod.history.filter(history_user=editor, member_id=created.id).exists()
    page = client.get(reverse("admin:members_member_history", args=[member.pk]))
    assert "Стало" in page.text and "editor" in page.text


@pytest.mark.parametrize(
    "label",
    [
        "members.Member",
        "members.MembershipPeriod",
        "members.HeadcountReport",
        "governance.ChairTerm",
        "projects.Project",
        "projects.Award",
    ],
)
def test_every_record_the_issue_names_keeps_its_history_and_its_admin_shows_it(label):
    model = apps.get_model(label)
    assert hasattr(model, "history"), label
    model_admin = admin.site._registry.get(model)
    if model_admin is not None:  # periods and headcounts are edited inline, on the member's page
        assert isinstance(model_admin, SimpleHistoryAdmin)
