"""The programme's rules: one verdict and one message through `full_clean()` and the admin's form."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reports import rules
from reports.models import Indicator, Target

from .factories import IndicatorFactory, ProgrammeFactory, TargetFactory

pytestmark = pytest.mark.django_db


def messages_of(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


def test_an_actual_value_of_a_computed_indicator_is_refused():
    target = TargetFactory.build(indicator=IndicatorFactory(figure=Indicator.Figure.EMPLOYEES), actual=5)
    assert messages_of(target) == {"actual": [str(rules.ACTUAL_OF_COMPUTED)]}


def test_an_actual_value_of_an_entered_indicator_is_kept():
    TargetFactory.build(indicator=IndicatorFactory(figure=""), actual=5).full_clean()


def test_a_target_in_the_programmes_last_year_is_allowed_and_the_next_refused():
    indicator = IndicatorFactory(programme=ProgrammeFactory(last_year=2020))
    TargetFactory.build(indicator=indicator, year=2020).full_clean()
    assert "year" in messages_of(TargetFactory.build(indicator=indicator, year=2021))


def test_a_programme_ending_before_its_approval_is_refused():
    programme = ProgrammeFactory.build(last_year=2016)
    assert messages_of(programme) == {"last_year": [str(rules.YEAR_BEFORE_APPROVAL)]}


def test_a_negative_target_is_refused_by_the_form_and_the_database():
    assert "value" in messages_of(TargetFactory.build(indicator=IndicatorFactory(), value=-1))
    indicator = IndicatorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=indicator, year=2017, value=-1)


def test_the_admin_form_refuses_what_full_clean_refuses(staff_client):
    indicator = IndicatorFactory(figure=Indicator.Figure.EMPLOYEES)
    response = staff_client.post(
        "/admin/reports/target/add/", {"indicator": indicator.pk, "year": 2017, "value": "10", "actual": "3"}
    )
    assert response.status_code == 200
    assert str(rules.ACTUAL_OF_COMPUTED) in response.content.decode()
    assert not Target.objects.exists()
