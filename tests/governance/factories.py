"""Factories for governance: chairmanship terms, board seats, affiliations, documents."""

import datetime

import factory

from governance.models import Affiliation, BoardSeat, ChairTerm, Document


def month(year: int, number: int) -> datetime.date:
    return datetime.date(year, number, 1)


class ChairTermFactory(factory.django.DjangoModelFactory):
    """A year-long term; successive terms follow each other with a hand-over month."""

    class Meta:
        model = ChairTerm

    country = "RU"
    first_month = factory.Sequence(lambda n: month(2000 + n, 1))
    last_month = factory.LazyAttribute(lambda term: month(term.first_month.year + 1, 1))


class BoardSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardSeat

    person = factory.Sequence(lambda n: f"Person {n}")
    country = "RU"
    role = BoardSeat.Role.DIRECTOR
    started_on = datetime.date(2015, 1, 1)


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    slug = factory.Sequence(lambda n: f"network-{n}")
    name_ru = factory.Sequence(lambda n: f"Сеть кластеров {n}")
    name_en = factory.Sequence(lambda n: f"Cluster network {n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    slug = factory.Sequence(lambda n: f"document-{n}")
    doc_type = Document.Type.AGREEMENT
    date = factory.Sequence(lambda n: datetime.date(2014, 1, 1) + datetime.timedelta(days=n))
    title_ru = factory.Sequence(lambda n: f"Соглашение {n}")
    title_en = factory.Sequence(lambda n: f"Agreement {n}")
