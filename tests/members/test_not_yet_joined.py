"""A member without a membership period is "not yet joined", never "former"; the add form offers a period."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from members.services import member_leave

from .factories import MemberFactory, RegionFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:members_member_add")
CHANGELIST = reverse("admin:members_member_changelist")


def add_form(**overrides):
    data = {
        "name_ru": "Новичок",
        "slug": "novichok",
        "member_type": "company",
        "cluster_role": "participant",
        "country": "RU",
        "region": RegionFactory().pk,
        "is_published": "on",
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
        "headcounts-TOTAL_FORMS": "0",
        "headcounts-INITIAL_FORMS": "0",
        "yearly_figures-TOTAL_FORMS": "0",
        "yearly_figures-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def names(client, membership) -> set[str]:
    response = client.get(CHANGELIST, {"membership": membership})
    return {member.name_ru for member in response.context["cl"].result_list}


def test_a_member_added_without_a_period_is_not_yet_joined_not_former(staff_client):
    refused = staff_client.post(ADD, add_form())
    assert refused.status_code == 200 and not Member.objects.exists()
    assert 'name="save_without_period"' in refused.text
    assert staff_client.post(ADD, add_form(save_without_period="on")).status_code == 302
    left = MemberFactory(name_ru="Вышедший")
    member_leave(member=left, left_on=datetime.date(2020, 1, 1))
    assert names(staff_client, "not_yet_joined") == {"Новичок"}
    assert names(staff_client, "former") == {"Вышедший"}
    assert "Новичок" not in names(staff_client, "current") and "Новичок" in names(staff_client, "all")
    assert not Member.objects.public().filter(slug="novichok").exists()


def test_a_member_whose_only_period_starts_later_is_not_yet_joined():
    member = MemberFactory(current=False)
    member.periods.create(joined_on=timezone.localdate() + datetime.timedelta(days=10))
    assert list(Member.objects.not_yet_joined()) == [member]
    assert not Member.objects.former().exists() and not Member.objects.current().exists()


def test_the_add_form_opens_with_one_period_joining_today(staff_client):
    page = staff_client.get(ADD)
    formset = next(f for f in page.context["inline_admin_formsets"] if f.formset.prefix == "periods").formset
    assert len(formset.forms) == 1
    assert formset.forms[0].initial["joined_on"] == timezone.localdate()
    assert 'name="save_without_period"' not in page.text


def test_the_offered_period_is_saved_as_offered_and_can_be_changed(staff_client):
    today = timezone.localdate().isoformat()
    offered = {"periods-TOTAL_FORMS": "1", "periods-0-joined_on": today, "initial-periods-0-joined_on": today}
    assert staff_client.post(ADD, add_form(**offered)).status_code == 302
    assert Member.objects.get(slug="novichok").joined_on == timezone.localdate()
    changed = {"periods-TOTAL_FORMS": "1", "periods-0-joined_on": "2016-03-01", "slug": "drugoy", "name_ru": "Другой"}
    assert staff_client.post(ADD, add_form(**changed)).status_code == 302
    assert Member.objects.get(slug="drugoy").joined_on == datetime.date(2016, 3, 1)


def test_the_changelist_offers_not_yet_joined_beside_current_former_and_all(staff_client):
    staff_client.cookies["admin_language"] = "en"
    page = staff_client.get(CHANGELIST).text
    assert page.index("Current") < page.index("Not yet joined") < page.index("Former")


def test_leaving_one_member_is_worded_for_one_and_names_it_in_the_breadcrumb(staff_client):
    member = MemberFactory(name_ru="Уходящий")
    page = staff_client.get(reverse("admin:members_member_leave", args=[member.pk])).text
    breadcrumbs = page.split('class="breadcrumbs"', 1)[1].split("</div>", 1)[0]
    assert "Уходящий" in breadcrumbs
    assert "этого участника" in page and "этих участников" not in page
    assert "Дата выхода" in page and "Причина выхода" in page
    several = [MemberFactory(), MemberFactory()]
    selected = {"action": "record_leaving", "_selected_action": [m.pk for m in several]}
    assert "этих участников" in staff_client.post(CHANGELIST, selected).text
