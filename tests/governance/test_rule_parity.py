"""The rules of chairmanship terms through every way in: the admin, `full_clean()` and `chair_term_save`.

Each rule is written once (`governance.rules`); every way in refuses the same term on the same field
with the same message (`__all__` for an overlap, which belongs to the whole term).
"""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse

from governance import rules
from governance.models import ChairTerm
from governance.services import chair_term_save

from .factories import ChairTermFactory, month

pytestmark = pytest.mark.django_db

CASES = {  # id: (first month, last month, field, expected message)
    "last month before the first": (month(2018, 5), month(2018, 4), "last_month", lambda: rules.MONTHS_REVERSED),
    "overlapping another term": (
        month(2015, 6),
        month(2016, 6),
        NON_FIELD_ERRORS,
        lambda: rules.TERM_OVERLAP % {"other": str(ChairTerm.objects.get(country="NO"))},
    ),
}


def undone(way, *args):
    with transaction.atomic():
        verdict = way(*args)
        transaction.set_rollback(True)
    return verdict


def through_full_clean(first, last, field):
    with pytest.raises(ValidationError) as caught:
        ChairTerm(country="FI", first_month=first, last_month=last).full_clean()
    return [str(message) for message in caught.value.message_dict.get(field, [])]


def through_service(first, last, field):
    with pytest.raises(ValidationError) as caught:
        chair_term_save(term=ChairTerm(country="FI", first_month=first, last_month=last))
    return [str(message) for message in caught.value.message_dict.get(field, [])]


def through_admin(client, first, last, field):
    data = {"country": "FI", "first_month": first.strftime("%Y-%m"), "last_month": last.strftime("%Y-%m")}
    response = client.post(reverse("admin:governance_chairterm_add"), data)
    assert response.status_code == 200, "the admin saved what it should refuse"
    return [str(message) for message in response.context["adminform"].form.errors.get(field, [])]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_every_way_in_refuses_a_bad_term_with_the_same_message(case, staff_client):
    ChairTermFactory(country="NO", first_month=month(2015, 3), last_month=month(2016, 3))
    first, last, field, expected = case
    verdicts = {
        "full_clean": undone(through_full_clean, first, last, field),
        "service": undone(through_service, first, last, field),
        "admin": undone(through_admin, staff_client, first, last, field),
    }
    assert verdicts["full_clean"] == [str(expected())], verdicts
    assert all(found == verdicts["full_clean"] for found in verdicts.values()), verdicts
    assert ChairTerm.objects.count() == 1
