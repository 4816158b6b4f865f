"""Factories for the development programme, its indicators and targets."""

import datetime

import factory

from reports.models import Indicator, Programme, Target


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name_ru = factory.Sequence(lambda n: f"Программа {n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")
    approved_on = datetime.date(2017, 2, 10)
    last_year = 2020


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"indicator-{n}")
    name_ru = factory.Sequence(lambda n: f"Показатель {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    figure = Indicator.Figure.EMPLOYEES


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2017
    value = 100
