"""Bilingual fields: one helper gives the active language's text, falls back to the other and says so."""

import pickle

import pytest
from django.apps import apps
from django.utils import translation

from governance.models import Document
from members.models import Member
from members.text import BilingualText, bilingual, pick_language
from projects.models import Project


def bilingual_attributes():
    """Every `bilingual()` attribute of every model of the registry's apps."""
    found = []
    for label in ("members", "governance", "projects", "reports"):
        for model in apps.get_app_config(label).get_models():
            for name, value in vars(model).items():
                if isinstance(value, bilingual):
                    found.append((model, name))
    return found


def test_the_registry_names_its_bilingual_fields_with_the_helper():
    names = {(model.__name__, name) for model, name in bilingual_attributes()}
    assert {("Member", "name"), ("Document", "title"), ("Project", "summary"), ("Award", "title")} <= names


@pytest.mark.parametrize(("model", "name"), bilingual_attributes(), ids=lambda value: getattr(value, "__name__", value))
def test_each_bilingual_attribute_reads_its_own_pair_of_fields(model, name):
    instance = model(**{f"{name}_ru": "по-русски", f"{name}_en": "in English"})
    with translation.override("en"):
        assert getattr(instance, name) == "in English"
    with translation.override("ru"):
        assert getattr(instance, name) == "по-русски"


def test_text_in_the_active_language_is_not_a_fallback():
    member = Member(name_ru="Технопарк", name_en="Technopark")
    with translation.override("en"):
        assert (member.name, member.name.language, member.name.is_fallback) == ("Technopark", "en", False)


@pytest.mark.parametrize(
    ("active", "ru", "en", "shown", "language"),
    [("en", "Технопарк", "", "Технопарк", "ru"), ("ru", "", "Technopark", "Technopark", "en")],
)
def test_missing_text_falls_back_to_the_other_language_and_says_so(active, ru, en, shown, language):
    with translation.override(active):
        text = Project(title_ru=ru, title_en=en).title
    assert (text, text.language, text.is_fallback) == (shown, language, True)


def test_no_text_in_either_language_is_empty_and_in_no_language():
    text = Document(title_ru="", title_en="").title
    assert (text, text.language, text.is_fallback) == ("", "", False)


def test_the_language_may_be_given_instead_of_the_active_one():
    with translation.override("ru"):
        assert pick_language("Русский", "English", "en") == "English"


def test_bilingual_text_survives_pickling_with_its_language():
    text = pickle.loads(pickle.dumps(pick_language("", "Technopark", "ru")))  # noqa: S301 -- our own bytes
    assert isinstance(text, BilingualText)
    assert (text, text.language, text.is_fallback) == ("Technopark", "en", True)
