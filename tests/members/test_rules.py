import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from members.models import HeadcountReport, Member, MembershipPeriod
from members.services import member_join, member_leave, member_report_headcount

from .factories import IncubatorFactory, MemberFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_a_negative_headcount_is_refused_on_the_field():
    member = MemberFactory()
    with pytest.raises(ValidationError) as caught:
        member_report_headcount(member=member, employees=-1, reported_on=datetime.date(2018, 1, 1))
    assert "employees" in caught.value.message_dict
    assert not HeadcountReport.objects.filter(member=member).exists()


def test_the_database_refuses_a_negative_headcount():
    member = MemberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        HeadcountReport.objects.create(member=member, employees=-5, reported_on=datetime.date(2018, 1, 1))


def test_the_latest_report_is_the_members_headcount():
    member = MemberFactory()
    member_report_headcount(member=member, employees=120, reported_on=datetime.date(2017, 1, 1))
    member_report_headcount(member=member, employees=90, reported_on=datetime.date(2016, 1, 1))
    assert member.headcount == 120
    member_report_headcount(member=member, employees=150, reported_on=datetime.date(2018, 1, 1))
    assert Member.objects.get(pk=member.pk).headcount == 150
    assert member.headcounts.count() == 3


def test_leaving_before_joining_is_refused_on_the_field():
    period = MembershipPeriod(
        member=MemberFactory(), joined_on=datetime.date(2016, 5, 1), left_on=datetime.date(2016, 4, 30)
    )
    with pytest.raises(ValidationError) as caught:
        period.full_clean()
    assert "left_on" in caught.value.message_dict


def test_the_database_refuses_leaving_before_joining():
    member = MemberFactory(current=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipPeriod.objects.create(
            member=member, joined_on=datetime.date(2016, 5, 1), left_on=datetime.date(2016, 1, 1)
        )


def test_a_former_member_is_not_current():
    member = MemberFactory()
    member_leave(member=member, left_on=datetime.date(2018, 6, 30), reason="Closed")
    assert not Member.objects.current().filter(pk=member.pk).exists()
    assert Member.objects.former().filter(pk=member.pk).exists()
    assert Member.objects.current(on=datetime.date(2018, 6, 29)).filter(pk=member.pk).exists()
    assert not Member.objects.current(on=datetime.date(2018, 6, 30)).filter(pk=member.pk).exists()


def test_a_rejoined_member_is_current_and_keeps_every_period():
    member = MemberFactory()
    member_leave(member=member, left_on=datetime.date(2017, 1, 1))
    member_join(member=member, joined_on=datetime.date(2019, 3, 1))
    assert Member.objects.current().filter(pk=member.pk).exists()
    assert not Member.objects.current(on=datetime.date(2018, 1, 1)).filter(pk=member.pk).exists()
    assert member.periods.count() == 2
    assert Member.objects.get(pk=member.pk).joined_on == datetime.date(2019, 3, 1)


def test_overlapping_periods_are_refused():
    member = MemberFactory(current=False)
    member_join(member=member, joined_on=datetime.date(2015, 1, 1))
    member_leave(member=member, left_on=datetime.date(2016, 1, 1))
    with translation.override("en"), pytest.raises(ValidationError, match="overlaps"):
        member_join(member=member, joined_on=datetime.date(2015, 6, 1))


def test_a_second_open_period_is_refused():
    member = MemberFactory()
    with pytest.raises(ValidationError):
        member_join(member=member, joined_on=datetime.date(2020, 1, 1))


def test_leaving_without_an_open_period_is_refused():
    member = MemberFactory(current=False)
    with translation.override("en"), pytest.raises(ValidationError, match="no open membership period"):
        member_leave(member=member, left_on=datetime.date(2020, 1, 1))


def test_a_member_needs_a_name_in_at_least_one_language():
    member = MemberFactory.build(name_ru="", name_en="", region=None)
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "name_ru" in caught.value.message_dict


def test_name_falls_back_to_the_other_language():
    member = MemberFactory.build(name_ru="", name_en="Only English")
    with translation.override("ru"):
        assert member.name == "Only English"
    member = MemberFactory.build(name_ru="Только русский", name_en="")
    with translation.override("en"):
        assert member.name == "Только русский"


def test_a_region_of_another_country_is_refused():
    finnish = RegionFactory(country="FI", name_en="Uusimaa", name_ru="Уусимаа", code="FI-18")
    member = MemberFactory.build(country="RU", region=finnish, registration_number="")
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "region" in caught.value.message_dict


def test_incubator_status_takes_the_default_incubator():
    ingria = IncubatorFactory()
    member = MemberFactory.build(incubator_status=Member.IncubatorStatus.RESIDENT, region=None)
    member.full_clean()
    assert member.incubator == ingria


def test_incubator_years_out_of_order_are_refused():
    member = MemberFactory.build(
        incubator_status=Member.IncubatorStatus.ALUMNUS,
        incubator=IncubatorFactory(),
        incubator_from_year=2016,
        incubator_to_year=2014,
        region=None,
    )
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "incubator_to_year" in caught.value.message_dict


def test_search_folds_case_in_every_alphabet():
    MemberFactory(name_ru="Технопарк Север", name_en="")
    MemberFactory(name_ru="", name_en="ÅRHUS VIND", country="DK", region=None, registration_number="")
    MemberFactory(name_ru="Ёлка", name_en="")
    assert Member.objects.search("технопарк").count() == 1
    assert Member.objects.search("århus").count() == 1
    assert Member.objects.search("елка").count() == 1
    assert Member.objects.search("zzz").count() == 0
