"""The rules of projects and awards, in clean() for staff and in the database for everyone else."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from projects.models import Award, Project
from projects.services import project_save
from projects.validators import SCAN_MAX_BYTES
from tests.members.factories import MemberFactory

from .factories import AwardFactory, AwardingBodyFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def new_project(**fields):
    values = {"title_ru": "Проект", "slug": "a-project", "theme": ThemeFactory(), "first_year": 2015}
    return Project(**(values | fields))


def test_last_year_before_first_is_refused_on_the_field(english):
    with pytest.raises(ValidationError) as caught:
        new_project(first_year=2016, last_year=2015).full_clean()
    assert caught.value.message_dict["last_year"] == ["The last year cannot be before the first year."]


def test_a_one_year_project_is_valid():
    new_project(first_year=2016, last_year=2016, status=Project.Status.COMPLETED).full_clean()


def test_the_database_refuses_last_year_before_first():
    with pytest.raises(IntegrityError), transaction.atomic():
        new_project(first_year=2016, last_year=2015).save()


def test_a_completed_project_without_a_last_year_is_refused():
    project = new_project(status=Project.Status.COMPLETED, last_year=None)
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert "last_year" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_a_project_without_any_title_is_refused():
    project = new_project(title_ru="", title_en="")
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert "title_ru" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_an_award_in_the_projects_first_year_is_valid():
    award = AwardFactory.build(project=ProjectFactory(first_year=2015, last_year=2016), body=AwardingBodyFactory())
    award.year = 2015
    award.full_clean()


def test_an_award_after_the_projects_last_year_is_valid():
    award = AwardFactory.build(project=ProjectFactory(first_year=2015, last_year=2016), body=AwardingBodyFactory())
    award.year = 2018
    award.full_clean()


def test_an_award_dated_before_its_project_began_is_refused(english):
    award = AwardFactory.build(project=ProjectFactory(first_year=2015), body=AwardingBodyFactory(), year=2014)
    with pytest.raises(ValidationError) as caught:
        award.full_clean()
    assert caught.value.message_dict["year"] == ["The award cannot be dated before its project began (2015)."]


def test_moving_a_projects_first_year_after_one_of_its_awards_is_refused(english):
    award = AwardFactory(project=ProjectFactory(first_year=2015, last_year=2017), year=2015)
    project = award.project
    project.first_year = 2016
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert "is dated 2015, before this first year" in caught.value.message_dict["first_year"][0]


def test_a_day_without_a_month_is_refused():
    award = AwardFactory.build(project=ProjectFactory(), body=AwardingBodyFactory(), month=None, day=5)
    with pytest.raises(ValidationError) as caught:
        award.full_clean()
    assert "month" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        award.save()


def test_the_database_refuses_a_thirteenth_month():
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(month=13)


def test_a_day_the_month_does_not_have_is_refused():
    award = AwardFactory.build(project=ProjectFactory(), body=AwardingBodyFactory(), year=2017, month=2, day=29)
    with pytest.raises(ValidationError) as caught:
        award.full_clean()
    assert "day" in caught.value.message_dict
    award.year, award.project.first_year = 2016, 2016  # a leap year has the 29th
    award.full_clean()


def test_an_award_without_any_title_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(title_ru="", title_en="")


def test_the_same_award_twice_is_refused():
    award = AwardFactory()
    twin = Award(
        project=award.project,
        body=award.body,
        kind=award.kind,
        year=award.year,
        title_ru=award.title_ru,
        title_en=award.title_en,
    )
    with pytest.raises(ValidationError):
        twin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.parametrize(
    ("month", "day", "language", "shown", "iso"),
    [
        (None, None, "ru", "2016", "2016"),
        (3, None, "en", "March 2016", "2016-03"),
        (3, None, "ru", "март 2016\xa0г.", "2016-03"),
        (3, 12, "en", "12 March 2016", "2016-03-12"),
        (3, 12, "ru", "12 марта 2016\xa0г.", "2016-03-12"),
    ],
)
def test_an_award_date_is_shown_as_precisely_as_it_is_known(month, day, language, shown, iso):
    award = Award(year=2016, month=month, day=day)
    with translation.override(language):
        assert award.date_display == shown
    assert award.date_iso == iso


def scan(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%" * size, content_type="application/octet-stream")


def test_a_scan_of_another_type_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    award = AwardFactory.build(project=ProjectFactory(), body=AwardingBodyFactory(), scan=scan("letter.docx", 100))
    with pytest.raises(ValidationError) as caught:
        award.full_clean()
    assert "scan" in caught.value.message_dict


def test_a_scan_over_the_size_limit_is_refused_and_one_at_the_limit_is_accepted(settings, tmp_path, english):
    settings.MEDIA_ROOT = tmp_path
    award = AwardFactory.build(
        project=ProjectFactory(), body=AwardingBodyFactory(), scan=scan("letter.pdf", SCAN_MAX_BYTES + 1)
    )
    with pytest.raises(ValidationError) as caught:
        award.full_clean()
    assert caught.value.message_dict["scan"][0].startswith("The scan is too large")
    award.scan = scan("letter.pdf", SCAN_MAX_BYTES)
    award.full_clean()


def test_saving_a_project_whose_lead_does_not_take_part_is_refused(english):
    lead, other = MemberFactory(), MemberFactory()
    project = new_project(lead=lead)
    with pytest.raises(ValidationError) as caught:
        project_save(project=project, participants=[other])
    assert caught.value.message_dict["participants"] == [
        "The lead member must also be among the participating members."
    ]
    assert not Project.objects.filter(slug="a-project").exists()


def test_saving_a_project_with_its_lead_among_the_participants_keeps_them_all():
    lead, other = MemberFactory(), MemberFactory()
    project = project_save(project=new_project(lead=lead), participants=[lead, other])
    assert set(project.participants.all()) == {lead, other}
    assert not Project.objects.lead_not_participant().exists()


def test_a_project_of_the_whole_cluster_needs_no_lead():
    project = project_save(project=new_project(lead=None), participants=[])
    assert project.pk and project.lead is None


def test_lead_not_participant_finds_a_project_changed_behind_the_rules_back():
    project = ProjectFactory()
    project.participants.clear()
    assert list(Project.objects.lead_not_participant()) == [project]


def test_a_change_to_a_project_is_kept_in_its_history():
    project = ProjectFactory(title_en="Before")
    project.title_en = "After"
    project.save()
    assert [row.title_en for row in project.history.order_by("history_date")][-2:] == ["Before", "After"]


def test_a_project_with_awards_cannot_be_deleted_with_them():
    award = AwardFactory()
    with pytest.raises(ProtectedError):
        award.project.delete()
    assert Award.objects.filter(pk=award.pk).exists()
