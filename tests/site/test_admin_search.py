"""Admin search in any case and alphabet, on SQLite and PostgreSQL alike, in every app's lists.

SQLite's LIKE folds only ASCII letters; these tests search Cyrillic text in the other case.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from members.admin_search import FoldedSearchMixin
from tests.governance.factories import AffiliationFactory, BoardSeatFactory, ChairTermFactory, DocumentFactory
from tests.members.factories import MemberFactory, RegionFactory
from tests.projects.factories import AwardFactory, AwardingBodyFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# (changelist, factory of the row to find, factory of a row that must not be found, term)
CASES = {
    "chair term notes, lower case": (
        "governance_chairterm",
        lambda: ChairTermFactory(notes_ru="Председатель совета от России"),
        lambda: ChairTermFactory(notes_ru="Норвегия"),
        "председатель",
    ),
    "chair term person, upper case": (
        "governance_chairterm",
        lambda: ChairTermFactory(person="иван петров"),
        lambda: ChairTermFactory(person="Ола Нордман"),
        "ПЕТРОВ",
    ),
    "chair term by its member's name": (
        "governance_chairterm",
        lambda: ChairTermFactory(member=MemberFactory(name_ru="Технопарк Север")),
        lambda: ChairTermFactory(member=MemberFactory(name_ru="Другой")),
        "ТЕХНОПАРК",
    ),
    "board seat person": (
        "governance_boardseat",
        lambda: BoardSeatFactory(person="Мария Ёлкина"),
        lambda: BoardSeatFactory(person="Анна Иванова"),
        "елкина",
    ),
    "affiliation": (
        "governance_affiliation",
        lambda: AffiliationFactory(name_ru="Балтийский альянс"),
        lambda: AffiliationFactory(name_ru="Глобальная сеть"),
        "БАЛТИЙСКИЙ",
    ),
    "document title": (
        "governance_document",
        lambda: DocumentFactory(title_ru="Соглашение о создании консорциума"),
        lambda: DocumentFactory(title_ru="Распоряжение правительства"),
        "КОНСОРЦИУМА",
    ),
    "document parties, two words": (
        "governance_document",
        lambda: DocumentFactory(parties_ru="АО «Технопарк Санкт-Петербурга»"),
        lambda: DocumentFactory(parties_ru="Правительство Санкт-Петербурга"),
        "технопарк санкт-петербурга",
    ),
    "project title, upper case": (
        "projects_project",
        lambda: ProjectFactory(title_ru="Умный проект освещения"),
        lambda: ProjectFactory(title_ru="Утепление фасадов"),
        "ПРОЕКТ",
    ),
    "project title, lower case": (
        "projects_project",
        lambda: ProjectFactory(title_ru="ТЕПЛОСЕТЬ СЕВЕР"),
        lambda: ProjectFactory(title_ru="Утепление фасадов"),
        "теплосеть",
    ),
    "award title": (
        "projects_award",
        lambda: AwardFactory(title_ru="Благодарственное письмо"),
        lambda: AwardFactory(title_ru="Диплом министерства"),
        "БЛАГОДАРСТВЕННОЕ",
    ),
    "award by its body": (
        "projects_award",
        lambda: AwardFactory(body=AwardingBodyFactory(name_ru="Жилищный комитет")),
        lambda: AwardFactory(body=AwardingBodyFactory(name_ru="Министерство энергетики")),
        "ЖИЛИЩНЫЙ",
    ),
    "awarding body": (
        "projects_awardingbody",
        lambda: AwardingBodyFactory(name_ru="Комитет по энергетике"),
        lambda: AwardingBodyFactory(name_ru="Министерство"),
        "ЭНЕРГЕТИКЕ",
    ),
    "theme": (
        "projects_theme",
        lambda: ThemeFactory(name_ru="Энергоэффективность"),
        lambda: ThemeFactory(name_ru="Вода"),
        "энергоЭФФ",
    ),
    "member name": (
        "members_member",
        lambda: MemberFactory(name_ru="Технопарк Север"),
        lambda: MemberFactory(name_ru="Другой"),
        "сЕВЕР",
    ),
    "region": (
        "members_region",
        lambda: RegionFactory(name_ru="Калининградская область", name_en="Kaliningrad Oblast", code="RU-KGD"),
        lambda: RegionFactory(name_ru="Псковская область", name_en="Pskov Oblast", code="RU-PSK"),
        "КАЛИНИНГРАДСКАЯ",
    ),
}


def search(client, changelist, term):
    response = client.get(reverse(f"admin:{changelist}_changelist"), {"q": term})
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


@pytest.mark.parametrize(("changelist", "wanted", "other", "term"), CASES.values(), ids=CASES.keys())
def test_cyrillic_search_in_the_other_case_finds_the_row(staff_client, changelist, wanted, other, term):
    found, missed = wanted(), other()
    assert missed.pk != found.pk
    assert search(staff_client, changelist, term) == {found.pk}
    assert search(staff_client, changelist, term.swapcase()) == {found.pk}


def test_a_term_in_the_stored_case_is_found_too(staff_client):
    term = ChairTermFactory(notes_ru="председатель")
    assert search(staff_client, "governance_chairterm", "Председатель") == {term.pk}


def test_a_percent_sign_in_the_term_is_a_letter_not_a_wildcard(staff_client):
    DocumentFactory(title_ru="Соглашение о 100% охвате")
    DocumentFactory(title_ru="Соглашение о 1000 домах")
    found = search(staff_client, "governance_document", "100%")
    assert len(found) == 1


def test_a_member_is_found_by_its_registration_number(staff_client):
    member = MemberFactory(name_ru="Технопарк", registration_number="7830002293")
    MemberFactory(name_ru="Другой")
    assert search(staff_client, "members_member", "7830002293") == {member.pk}


def test_a_search_across_a_many_valued_join_lists_each_row_once(staff_client):
    project = ProjectFactory(title_ru="Награждённый проект")
    AwardFactory.create_batch(2, project=project, title_ru="Диплом за проект")
    assert len(search(staff_client, "projects_award", "ПРОЕКТ")) == 2  # two awards, each once


def test_every_registry_admin_with_a_search_box_searches_folded():
    with_search = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"members", "governance", "projects"} and model_admin.search_fields
    ]
    assert len(with_search) >= 12
    assert all(isinstance(model_admin, FoldedSearchMixin) for model_admin in with_search)
