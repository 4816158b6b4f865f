"""A term may share only its hand-over month with another: in the model, the service and the database."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from governance.models import ChairTerm
from governance.querysets import colliding
from governance.services import chair_term_save, chair_terms_check

from .factories import ChairTermFactory, month

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints exist on PostgreSQL only"
)

# Against Norway's term, March 2015 to March 2016.
OVERLAPS = {
    "inside": (month(2015, 6), month(2015, 9)),
    "around": (month(2015, 1), month(2016, 6)),
    "same start": (month(2015, 3), month(2015, 6)),
    "same start and end": (month(2015, 3), month(2016, 3)),
    "one month too far at the start": (month(2016, 2), month(2016, 9)),
    "one month too far at the end": (month(2014, 10), month(2015, 4)),
    "a single month inside": (month(2015, 7), month(2015, 7)),
}
ACCEPTED = {
    "hand-over into it": (month(2014, 10), month(2015, 3)),
    "hand-over out of it": (month(2016, 3), month(2017, 4)),
    "a single month handed over out of it": (month(2016, 3), month(2016, 3)),
    "after a gap": (month(2016, 6), month(2016, 12)),
}


@pytest.fixture
def norway():
    return ChairTermFactory(country="NO", first_month=month(2015, 3), last_month=month(2016, 3))


def new_term(first, last, country="FI"):
    return ChairTerm(country=country, first_month=first, last_month=last)


@pytest.mark.parametrize("first,last", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_handover_months_and_gaps_are_accepted(norway, first, last):
    term = chair_term_save(term=new_term(first, last))
    assert ChairTerm.objects.filter(pk=term.pk).exists()


@pytest.mark.parametrize("first,last", OVERLAPS.values(), ids=OVERLAPS.keys())
def test_an_overlap_is_refused_by_the_model_naming_the_other_term(norway, first, last):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        new_term(first, last).full_clean()
    assert caught.value.error_dict["__all__"][0].code == "chair_term_overlap"
    assert "Norway, March 2015 – March 2016" in " ".join(caught.value.messages)


@pytest.mark.parametrize("first,last", OVERLAPS.values(), ids=OVERLAPS.keys())
def test_an_overlap_is_refused_by_the_service_and_nothing_is_saved(norway, first, last):
    with pytest.raises(ValidationError, match="Норвегия"):
        chair_term_save(term=new_term(first, last))
    assert ChairTerm.objects.count() == 1


def test_a_term_ending_before_it_begins_is_refused_on_the_field():
    with pytest.raises(ValidationError) as caught:
        new_term(month(2016, 5), month(2016, 4)).full_clean()
    assert list(caught.value.message_dict) == ["last_month"]


def test_the_database_refuses_a_term_ending_before_it_begins():
    with pytest.raises(IntegrityError), transaction.atomic():
        ChairTerm.objects.create(country="FI", first_month=month(2016, 5), last_month=month(2016, 4))


def test_days_are_dropped_so_a_term_is_kept_in_whole_months():
    term = new_term(month(2016, 5).replace(day=17), month(2016, 9).replace(day=30))
    term.full_clean()
    assert (term.first_month, term.last_month) == (month(2016, 5), month(2016, 9))


def test_a_mid_month_date_still_collides_by_its_month(norway):
    with pytest.raises(ValidationError):
        new_term(month(2016, 2).replace(day=28), month(2016, 9)).full_clean()


@postgres_only
@pytest.mark.parametrize("first,last", OVERLAPS.values(), ids=OVERLAPS.keys())
def test_the_database_refuses_an_overlap_that_skips_validation(norway, first, last):
    with pytest.raises(IntegrityError, match="chairterm_no_overlap"), transaction.atomic():
        ChairTerm.objects.bulk_create([new_term(first, last)])


@postgres_only
@pytest.mark.parametrize("first,last", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_the_database_accepts_handovers_and_gaps(norway, first, last):
    ChairTerm.objects.create(country="FI", first_month=first, last_month=last)
    assert ChairTerm.objects.count() == 2


@postgres_only
def test_the_database_and_the_model_agree_on_every_pair_of_terms_in_four_months():
    months = [month(2020, number) for number in range(1, 5)]
    spans = [(first, last) for first, last in itertools.product(months, months) if first <= last]
    for (first, last), (other_first, other_last) in itertools.product(spans, spans):
        existing = ChairTerm.objects.create(country="NO", first_month=first, last_month=last)
        model_says = ChairTerm.objects.filter(colliding(other_first, other_last)).exists()
        try:
            with transaction.atomic():
                ChairTerm.objects.create(country="FI", first_month=other_first, last_month=other_last)
            database_says = False
        except IntegrityError:
            database_says = True
        assert database_says == model_says, ((first, last), (other_first, other_last))
        ChairTerm.objects.filter(pk__gte=existing.pk).delete()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses such rows as they are inserted")
def test_overlapping_rows_written_without_validation_are_found_by_the_check(norway):
    ChairTerm.objects.bulk_create([new_term(month(2015, 6), month(2015, 9))])
    with pytest.raises(ValidationError, match="Норвегия"):
        chair_terms_check()


def test_the_check_passes_terms_that_only_hand_over(release_terms):
    chair_terms_check()


@postgres_only
def test_an_overlap_slipping_past_the_check_is_reported_like_the_check(norway, monkeypatch):
    # Another writer's term committed after this save's check ran: only the constraint sees it.
    real_clean, calls = ChairTerm.clean, []

    def clean_once_blind(term):
        calls.append(term)
        if len(calls) > 1:
            real_clean(term)

    monkeypatch.setattr(ChairTerm, "clean", clean_once_blind)
    with pytest.raises(ValidationError, match="Норвегия"):
        chair_term_save(term=new_term(month(2015, 6), month(2015, 9)))
    assert ChairTerm.objects.count() == 1
