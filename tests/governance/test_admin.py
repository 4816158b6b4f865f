import pytest
from django.urls import reverse

from governance.models import ChairTerm

from .factories import AffiliationFactory, BoardSeatFactory, ChairTermFactory, DocumentFactory, month
from .test_overlaps import ACCEPTED, OVERLAPS

pytestmark = pytest.mark.django_db

ADD = reverse("admin:governance_chairterm_add")


def form_data(first, last, country="FI"):
    return {"country": country, "first_month": first.strftime("%Y-%m"), "last_month": last.strftime("%Y-%m")}


@pytest.fixture
def norway():
    return ChairTermFactory(country="NO", first_month=month(2015, 3), last_month=month(2016, 3))


@pytest.mark.parametrize("first,last", OVERLAPS.values(), ids=OVERLAPS.keys())
def test_the_add_form_shows_the_overlap_naming_the_other_term(staff_client, norway, first, last):
    response = staff_client.post(ADD, form_data(first, last))
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert "Норвегия, март 2015\xa0г. – март 2016\xa0г." in errors[0]
    assert ChairTerm.objects.count() == 1


@pytest.mark.parametrize("first,last", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_the_add_form_saves_a_handover_with_its_history(staff_client, norway, first, last):
    response = staff_client.post(ADD, form_data(first, last))
    assert response.status_code == 302, response.context["adminform"].form.errors
    term = ChairTerm.objects.get(country="FI")
    assert (term.first_month, term.last_month) == (first, last)
    assert term.history.get().history_user.username == "admin"


def test_the_form_takes_a_month_and_refuses_a_last_month_before_the_first(staff_client):
    response = staff_client.post(ADD, form_data(month(2016, 5), month(2016, 4)))
    assert response.status_code == 200
    assert "last_month" in response.context["adminform"].form.errors


def test_the_change_form_lets_a_term_keep_its_own_months(staff_client, norway):
    url = reverse("admin:governance_chairterm_change", args=[norway.pk])
    response = staff_client.post(url, {**form_data(month(2015, 3), month(2016, 4), "NO"), "person": "A. N. Other"})
    assert response.status_code == 302
    norway.refresh_from_db()
    assert (norway.last_month, norway.person) == (month(2016, 4), "A. N. Other")


def test_the_member_is_chosen_by_autocomplete(staff_client):
    response = staff_client.get(ADD)
    assert response.status_code == 200
    assert 'data-ajax--url="/admin/autocomplete/"' in response.text
    assert 'type="month"' in response.text


@pytest.mark.parametrize("model", ["chairterm", "boardseat", "affiliation", "document"])
def test_every_list_and_history_page_opens(staff_client, model):
    factory = {
        "chairterm": ChairTermFactory,
        "boardseat": BoardSeatFactory,
        "affiliation": AffiliationFactory,
        "document": DocumentFactory,
    }[model]
    row = factory()
    assert staff_client.get(reverse(f"admin:governance_{model}_changelist")).status_code == 200
    assert staff_client.get(reverse(f"admin:governance_{model}_change", args=[row.pk])).status_code == 200
    assert staff_client.get(reverse(f"admin:governance_{model}_history", args=[row.pk])).status_code == 200
