"""Factories for members and their history; valid registration numbers come from python-stdnum."""

import datetime
import random

import factory
from stdnum.ru import inn

from members.models import (
    ExchangeRate,
    HeadcountReport,
    Incubator,
    Member,
    MembershipPeriod,
    Region,
    Sector,
    YearlyFigures,
)


def valid_inn(seed: int) -> str:
    """A 10-digit company INN with a correct check digit, distinct for each seed."""
    base = f"78{seed % 10_000_000:07d}"
    return base + inn.calc_company_check_digit(base)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("country", "name_en")

    country = "RU"
    name_en = "St. Petersburg"
    name_ru = "Санкт-Петербург"
    code = "RU-SPE"


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")
    name_ru = factory.Sequence(lambda n: f"Отрасль {n}")


class IncubatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incubator
        django_get_or_create = ("slug",)

    slug = "ingria"
    name_ru = "Бизнес-инкубатор «ИНГРИЯ»"
    name_en = "Ingria Business Incubator"
    is_default = True


class MemberFactory(factory.django.DjangoModelFactory):
    """A published member; `current=True` (the default) gives it an open period since 2015."""

    class Meta:
        model = Member
        skip_postgeneration_save = True

    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    country = "RU"
    region = factory.SubFactory(RegionFactory)
    city_ru = "Санкт-Петербург"
    city_en = "St. Petersburg"
    member_type = Member.Type.COMPANY
    registration_number = factory.Sequence(valid_inn)
    is_published = True

    @factory.post_generation
    def current(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            MembershipPeriod.objects.create(member=obj, joined_on=datetime.date(2015, 1, 1))
            Member.objects.filter(pk=obj.pk).sync_summaries()

    @factory.post_generation
    def employees(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            HeadcountReport.objects.create(member=obj, employees=extracted, reported_on=datetime.date(2017, 12, 31))
            Member.objects.filter(pk=obj.pk).sync_summaries()
            obj.refresh_from_db()


class HeadcountReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeadcountReport

    member = factory.SubFactory(MemberFactory)
    employees = factory.LazyFunction(lambda: random.randint(1, 1000))
    reported_on = datetime.date(2017, 12, 31)


class YearlyFiguresFactory(factory.django.DjangoModelFactory):
    """A member's figures for 2016, saved as they are (use `services.yearly_figures_save` for the size category)."""

    class Meta:
        model = YearlyFigures

    member = factory.SubFactory(MemberFactory)
    year = 2016
    currency = "RUB"
    employees = 40
    revenue = 200_000


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate
        django_get_or_create = ("currency", "year")

    currency = "EUR"
    year = 2016
    rate = "74.2310"
    source = "Банк России"
