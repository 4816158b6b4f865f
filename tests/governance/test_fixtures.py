"""The press release's governance facts: they load twice without copies and answer the release's questions."""

import datetime

import pytest
from django.core.management import call_command

from governance.models import Affiliation, ChairTerm, Document

pytestmark = pytest.mark.django_db

RELEASE_TERMS = [
    ("RU", datetime.date(2014, 10, 1), datetime.date(2015, 3, 1)),
    ("NO", datetime.date(2015, 3, 1), datetime.date(2016, 3, 1)),
    ("FI", datetime.date(2016, 3, 1), datetime.date(2017, 4, 1)),
    ("RU", datetime.date(2017, 4, 1), datetime.date(2018, 4, 1)),
]


def load():
    call_command("load_registry_data", verbosity=0)


def row_counts():
    return [model.objects.count() for model in (ChairTerm, Affiliation, Document)]


def test_loading_twice_duplicates_nothing():
    load()
    first = row_counts()
    load()
    assert row_counts() == first
    assert first[0] == len(RELEASE_TERMS)


def test_the_releases_four_terms_load_and_pass_validation():
    load()
    terms = list(ChairTerm.objects.in_order())
    assert [(str(term.country), term.first_month, term.last_month) for term in terms] == RELEASE_TERMS
    for term in terms:
        term.full_clean()


def test_today_nobody_chairs_and_the_last_known_chair_is_russia_to_april_2018():
    load()
    assert not ChairTerm.objects.covering(datetime.date.today()).exists()
    last = ChairTerm.objects.last_known()
    assert (str(last.country), last.last_month) == ("RU", datetime.date(2018, 4, 1))


def test_the_rotation_statistics_of_the_release_put_denmark_next():
    load()
    stats = {str(row["country"]): (row["terms"], row["months"]) for row in ChairTerm.objects.by_country()}
    assert stats == {"RU": (2, 18), "FI": (1, 13), "NO": (1, 12)}
    rotation = [str(row["country"]) for row in ChairTerm.objects.rotation()]
    assert rotation == ["DK", "NO", "FI", "RU"]


def test_the_affiliations_and_documents_of_the_release():
    load()
    gcca = Affiliation.objects.get_by_natural_key("global-cleantech-cluster-association")
    assert "50" in gcca.description_en and "10,000" in gcca.description_en
    assert Affiliation.objects.filter(name_en="Baltic Cleantech Alliance").exists()
    order = Document.objects.get(doc_type=Document.Type.GOVERNMENT_ORDER)
    assert (order.number, order.date, order.date_precision) == ("10-рп", datetime.date(2017, 2, 10), "day")
    programme = Document.objects.get(doc_type=Document.Type.PROGRAMME)
    assert "НП «Городское объединение домовладельцев»" in programme.parties_ru
    assert "Технопарк" in programme.parties_ru


def test_documents_dated_by_year_alone_say_so_and_invent_no_day():
    load()
    consortium = Document.objects.get_by_natural_key("consortium-agreement-2014")
    assert consortium.date_precision == Document.Precision.YEAR
    assert consortium.date_label == "2014"
    assert "VII" in consortium.occasion_en
    greennet = Document.objects.get_by_natural_key("greennet-russia-initiative")
    assert greennet.date is None  # the release names the X forum, not its date
    assert list(Document.objects.all())[-2:] == sorted(Document.objects.filter(date=None), key=lambda d: d.title_en)
