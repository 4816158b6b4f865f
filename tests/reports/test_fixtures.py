"""The programme's data: the release's programme without targets, sample targets named so, loaded twice, no copies."""

import datetime

import pytest
from django.core.management import call_command

from governance.models import Document
from reports.models import Indicator, Programme, Target

pytestmark = pytest.mark.django_db


def load(*options):
    call_command("load_registry_data", *options, verbosity=0)


def row_counts():
    return [model.objects.count() for model in (Programme, Indicator, Target)] + [
        model.history.count() for model in (Programme, Indicator, Target)
    ]


def test_loading_twice_duplicates_nothing_and_gives_each_record_one_first_history_row():
    load()
    first = row_counts()
    load()
    assert row_counts() == first
    programmes, indicators, targets, *histories = first
    assert histories == [programmes, indicators, targets]
    assert Target.history.filter(history_type="+", history_change_reason__contains="sample_reports").count() == targets


def test_the_facts_hold_the_release_programme_and_no_target():
    load("--facts-only")
    programme = Programme.objects.get()
    assert programme.approved_on == datetime.date(2017, 2, 10) and programme.last_year == 2020
    assert "№ 10-рп" in programme.approved_by_ru and "No. 10-рп" in programme.approved_by_en
    assert "Городское объединение домовладельцев" in programme.executors_ru
    assert "Технопарк Санкт-Петербурга" in programme.executors_ru and "JSC Technopark" in programme.executors_en
    assert programme.document == Document.objects.get(slug="development-programme-2020")
    assert programme.name_ru == programme.document.title_ru
    assert not Target.objects.exists()
    # The Cluster Development Center's KPIs, each one of the registry's computed figures.
    assert set(programme.indicators.values_list("figure", flat=True)) == {
        Indicator.Figure.EMPLOYEES,
        Indicator.Figure.REVENUE_SME,
        Indicator.Figure.NEW_PRODUCTS_SME,
        Indicator.Figure.NEW_PRODUCTS_SME_FOREIGN,
    }


def test_every_sample_target_says_it_is_fictional_and_keeps_the_rules():
    load()
    targets = Target.objects.select_related("indicator__programme")
    assert targets.count() > 4
    for target in targets:
        assert target.note_ru.startswith("Пример") and target.note_en.startswith("Sample")
        target.full_clean()
    entered = Indicator.objects.filter(figure="")
    assert entered.exists() and all("sample" in indicator.name_en for indicator in entered)
    assert Target.objects.filter(indicator__figure="", actual__isnull=False).exists()
