"""The import's rules: matching, creating and updating, history, and the all-or-nothing refusal.

These tests run on SQLite and on PostgreSQL (`DATABASE_URL=postgres://... pytest`): the refusal must
write nothing on either.
"""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation

from members.models import HeadcountReport, Member, MembershipPeriod
from members.spreadsheets.columns import BY_KEY

from .factories import IncubatorFactory, MemberFactory, RegionFactory, SectorFactory, valid_inn
from .spreadsheets import CSV, XLSX, errors_of, run_rows

pytestmark = pytest.mark.django_db


def sheet(*rows: dict) -> list[list]:
    """A header of every key the rows use (in order), then the rows; a key a row lacks is a blank cell."""
    header = list(dict.fromkeys(key for row in rows for key in row))
    return [header] + [[row.get(key) for key in header] for row in rows]


def row(**values) -> dict:
    return {"country": "RU", **values}


@pytest.fixture
def importer(django_user_model):
    return django_user_model.objects.create_user("importer", "importer@example.org", None, is_staff=True)


def counts():
    """Every table an import writes, history included."""
    return (
        Member.objects.count(),
        Member.history.count(),
        HeadcountReport.objects.count(),
        HeadcountReport.history.count(),
        MembershipPeriod.objects.count(),
        MembershipPeriod.history.count(),
        Member.sectors.through.objects.count(),
    )


def summaries_in_step():
    """True when every member's stored headcount and start date are what sync_summaries() computes."""
    before = list(Member.objects.order_by("pk").values_list("pk", "headcount", "joined_on"))
    Member.objects.all().sync_summaries()
    return list(Member.objects.order_by("pk").values_list("pk", "headcount", "joined_on")) == before


def test_new_members_are_created_with_their_history_and_the_importing_user(importer):
    region = RegionFactory()
    rows = sheet(
        row(registration_number=valid_inn(1), name_ru="Первая", name_en="First Ltd", region="Санкт-Петербург",
            headcount=12, headcount_reported_on=datetime.date(2020, 1, 1), joined_on=datetime.date(2019, 3, 1)),
        row(registration_number=valid_inn(2), name_ru="Вторая", region="RU-SPE", joined_on="2018-01-01"),
    )  # fmt: skip
    report = run_rows(rows, user=importer, commit=True)
    assert report.committed and report.counts == {"new": 2}
    first = Member.objects.get(registration_number=valid_inn(1))
    assert (first.slug, first.region, first.headcount, first.joined_on) == (
        "first-ltd",
        region,
        12,
        datetime.date(2019, 3, 1),
    )
    assert Member.objects.public().filter(pk=first.pk).exists()
    assert Member.objects.search("первая").get() == first  # the search column is filled
    second = Member.objects.get(registration_number=valid_inn(2))
    assert second.slug == f"ru-{valid_inn(2)}"  # no English name: made from the country and number
    assert Member.history.filter(history_user=importer, history_type="+").count() == 2
    record = Member.history.get(id=first.pk)  # the history row is the member as created, as simple-history keeps it
    for field in Member.history.model.tracked_fields:
        assert record.__dict__[field.attname] == first.__dict__[field.attname], field.name
    assert abs(record.history_date - timezone.now()) < datetime.timedelta(minutes=5)
    assert record.history_change_reason
    assert HeadcountReport.history.filter(history_user=importer).count() == 1
    assert MembershipPeriod.history.filter(history_user=importer).count() == 2
    assert summaries_in_step()


def headcount_row(member, employees, day):
    return row(registration_number=member.registration_number, headcount=employees, headcount_reported_on=day)


def test_a_changed_headcount_adds_a_report_and_keeps_the_old_one(importer):
    member = MemberFactory(employees=40)  # reported on 2017-12-31
    report = run_rows(sheet(headcount_row(member, 55, "2021-06-30")), user=importer, commit=True)
    assert report.counts == {"updated": 1}
    history = list(member.headcounts.latest_first().values_list("employees", "reported_on"))
    assert history == [(55, datetime.date(2021, 6, 30)), (40, datetime.date(2017, 12, 31))]
    member.refresh_from_db()
    assert member.headcount == 55
    assert HeadcountReport.history.filter(history_user=importer, employees=55).exists()
    assert Member.history.filter(history_user=importer, headcount=55).exists()
    assert summaries_in_step()


def test_an_earlier_headcount_joins_the_history_without_becoming_the_current_one():
    member = MemberFactory(employees=40)
    assert run_rows(sheet(headcount_row(member, 30, "2016-12-31")), commit=True).counts == {"updated": 1}
    member.refresh_from_db()
    assert member.headcount == 40
    assert member.headcounts.count() == 2
    assert summaries_in_step()


def test_the_same_headcount_again_without_a_date_changes_nothing():
    member = MemberFactory(employees=40)
    rows = sheet(row(registration_number=member.registration_number, headcount=40))
    assert run_rows(rows, commit=True).counts == {"unchanged": 1}
    rows = sheet(row(registration_number=member.registration_number, headcount=41))
    # The date column is not in the file: the error names it by its header in the active language.
    assert errors_of(run_rows(rows)) == {(2, str(BY_KEY["headcount_reported_on"].label))}


def test_a_different_headcount_on_a_date_already_reported_is_refused_not_overwritten():
    member = MemberFactory(employees=40)
    report = run_rows(sheet(headcount_row(member, 41, "2017-12-31")), commit=True)
    assert errors_of(report) == {(2, "headcount")}
    assert list(member.headcounts.values_list("employees", flat=True)) == [40]


def test_a_headcount_reported_in_the_future_is_refused():
    member = MemberFactory(employees=40)
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    assert errors_of(run_rows(sheet(headcount_row(member, 41, tomorrow)))) == {(2, "headcount_reported_on")}


def test_a_date_of_leaving_closes_the_current_membership(importer):
    member = MemberFactory()
    rows = sheet(row(registration_number=member.registration_number, left_on="2022-02-28", leave_reason="Ликвидация"))
    report = run_rows(rows, user=importer, commit=True)
    assert report.counts == {"updated": 1}
    period = member.periods.get()
    assert (period.left_on, period.leave_reason) == (datetime.date(2022, 2, 28), "Ликвидация")
    assert not Member.objects.current().filter(pk=member.pk).exists()
    assert MembershipPeriod.history.filter(history_user=importer, history_type="~").count() == 1


def test_a_date_of_leaving_before_the_date_of_joining_is_refused():
    member = MemberFactory()  # joined 2015-01-01
    rows = sheet(row(registration_number=member.registration_number, left_on="2014-12-31"))
    assert errors_of(run_rows(rows)) == {(2, "left_on")}


def test_a_new_date_of_joining_after_leaving_opens_a_new_period():
    member = MemberFactory()
    member.periods.update(left_on=datetime.date(2018, 1, 1))
    Member.objects.filter(pk=member.pk).sync_summaries()  # a bulk write keeps the summaries itself
    rows = sheet(row(registration_number=member.registration_number, joined_on="2020-05-01"))
    assert run_rows(rows, commit=True).counts == {"updated": 1}
    assert list(member.periods.values_list("joined_on", "left_on")) == [
        (datetime.date(2015, 1, 1), datetime.date(2018, 1, 1)),
        (datetime.date(2020, 5, 1), None),
    ]
    member.refresh_from_db()
    assert member.joined_on == datetime.date(2020, 5, 1)
    assert Member.objects.current().filter(pk=member.pk).exists()
    assert summaries_in_step()


def test_a_new_date_of_joining_while_still_a_member_is_refused():
    member = MemberFactory()
    rows = sheet(row(registration_number=member.registration_number, joined_on="2020-05-01"))
    assert errors_of(run_rows(rows)) == {(2, "joined_on")}


def test_a_member_without_a_number_is_matched_by_its_slug_and_may_be_given_one():
    member = MemberFactory(registration_number="", slug="no-number")
    rows = sheet(row(slug="no-number", registration_number=valid_inn(77), name_ru="Новое имя"))
    assert run_rows(rows, commit=True).counts == {"updated": 1}
    member.refresh_from_db()
    assert (member.registration_number, member.name_ru) == (valid_inn(77), "Новое имя")
    assert Member.objects.search("новое имя").get() == member


def test_a_row_matching_nothing_by_number_is_a_new_member_even_with_a_known_name():
    MemberFactory(name_ru="Одноимённая")
    rows = sheet(row(registration_number=valid_inn(5), name_ru="Одноимённая", slug="another"))
    assert run_rows(rows).counts == {"new": 1}


def test_a_new_member_may_not_take_another_members_slug():
    MemberFactory(slug="taken")
    rows = sheet(row(registration_number=valid_inn(5), name_ru="Новая", slug="taken"))
    assert errors_of(run_rows(rows)) == {(2, "slug")}


INVALID_ROWS = [  # (row as a dict, the column the error is reported in)
    (row(country="ZZ", registration_number="123", name_ru="Нет страны"), "country"),
    (row(registration_number=valid_inn(101), name_ru="Нет региона", region="Atlantis"), "region"),
    (row(registration_number="7830002294", name_ru="Плохой ИНН"), "registration_number"),
    (row(registration_number=valid_inn(102), name_ru="Минус", headcount=-3, headcount_reported_on="2020-01-01"),
     "headcount"),
    (row(registration_number=valid_inn(103), name_ru="Буквы", headcount="много", headcount_reported_on="2020-01-01"),
     "headcount"),
    (row(registration_number=valid_inn(104), name_ru="Дата", joined_on="2023-02-30"), "joined_on"),
    (row(registration_number=valid_inn(100), name_ru="Дубль"), "registration_number"),  # the same as row 2
    (row(registration_number=valid_inn(105), name_ru="Статус", incubator_status="wizard"), "incubator_status"),
    (row(registration_number=valid_inn(106), name_ru="Сайт", website="not a web address"), "website"),
    (row(registration_number=valid_inn(107), name_ru="", name_en=""), "name_ru"),
    (row(registration_number=valid_inn(108), name_ru="Год", incubator_from_year="2015.5"), "incubator_from_year"),
]  # fmt: skip


@pytest.mark.parametrize("file_format", [XLSX, CSV])
def test_every_kind_of_invalid_row_refuses_the_whole_file_and_each_error_is_listed(file_format):
    RegionFactory()
    IncubatorFactory()
    existing = MemberFactory(employees=10)
    first = row(registration_number=valid_inn(100), name_ru="Хорошая", headcount=5, headcount_reported_on="2020-01-01")
    update = row(registration_number=existing.registration_number, name_ru="Изменённая")
    extra = row(registration_number=valid_inn(109), name_ru="Лишняя колонка", **{"unknown column": "x"})
    rows = sheet(first, update, *[bad for bad, _column in INVALID_ROWS], extra)
    before = counts()
    report = run_rows(rows, file_format, commit=True)
    assert not report.committed
    expected = {(1, "unknown column")} | {(4 + index, column) for index, (_row, column) in enumerate(INVALID_ROWS)}
    assert errors_of(report) == expected
    assert all(error.message for error in report.errors)
    duplicate = next(error for error in report.errors if error.row == 10)
    assert "2" in duplicate.message  # it names the row it repeats
    assert counts() == before
    existing.refresh_from_db()
    assert existing.name_ru != "Изменённая"


def test_an_error_in_a_later_chunk_undoes_the_chunks_already_written(monkeypatch):
    # Chunks of two rows: the first chunks are written before the bad row of the last is read.
    monkeypatch.setattr("members.spreadsheets.engine.CHUNK_SIZE", 2)
    rows = [row(registration_number=valid_inn(200 + n), name_ru=f"Орг {n}") for n in range(4)]
    bad = row(registration_number=valid_inn(300), name_ru="Плохая", headcount=-1, headcount_reported_on="2020-01-01")
    before = counts()
    report = run_rows(sheet(*rows, bad), commit=True)
    assert errors_of(report) == {(6, "headcount")}
    assert counts() == before


def test_a_database_refusal_during_the_writes_is_reported_and_writes_nothing(monkeypatch):
    def refuse(*args, **kwargs):
        raise IntegrityError("simulated")

    member = MemberFactory()
    monkeypatch.setattr("members.spreadsheets.writer.update_objects", refuse)
    rows = sheet(
        row(registration_number=valid_inn(400), name_ru="Новая"),
        row(registration_number=member.registration_number, name_ru="Иначе"),
    )
    before = counts()
    report = run_rows(rows, commit=True)
    assert not report.committed and report.error_count == 1
    assert counts() == before


def test_a_dry_run_reports_the_changes_and_writes_nothing():
    member = MemberFactory(name_ru="Старое", employees=10)
    rows = sheet(
        row(registration_number=member.registration_number, name_ru="Новое", headcount=11,
            headcount_reported_on="2020-01-01"),
        row(registration_number=valid_inn(500), name_ru="Совсем новая"),
    )  # fmt: skip
    before = counts()
    report = run_rows(rows)
    assert report.ok and not report.committed
    assert report.counts == {"updated": 1, "new": 1}
    (_name, _headcount, (key, _old, new)) = report.rows[0].changes
    assert report.rows[0].changes[:2] == [("name_ru", "Старое", "Новое"), ("headcount", 10, 11)]
    assert (key, new) == ("headcount_reported_on", datetime.date(2020, 1, 1))  # which report the number is
    assert counts() == before


def test_blank_rows_are_skipped_and_headers_are_read_in_either_language_and_any_case():
    member = MemberFactory(name_en="Old")
    rows = [
        ["СТРАНА", "Registration Number", "name (English)"],
        [None, None, None],
        ["RU", member.registration_number, "New"],
    ]
    assert run_rows(rows, commit=True).counts == {"updated": 1}
    member.refresh_from_db()
    assert member.name_en == "New"


def test_sectors_and_incubator_are_found_by_name_slug_or_russian_name():
    member = MemberFactory()
    water = SectorFactory(slug="water", name_en="Water", name_ru="Вода")
    waste = SectorFactory(slug="waste", name_en="Waste", name_ru="Отходы")
    incubator = IncubatorFactory()
    rows = sheet(
        row(registration_number=member.registration_number, sectors="вода; waste", incubator_status="Резидент",
            incubator_from_year=2016)
    )  # fmt: skip
    assert run_rows(rows, commit=True).counts == {"updated": 1}
    member.refresh_from_db()
    assert set(member.sectors.all()) == {water, waste}
    assert (member.incubator_status, member.incubator, member.incubator_from_year) == ("resident", incubator, 2016)


def test_contact_columns_are_refused_for_an_importer_who_may_not_see_contacts():
    member = MemberFactory()
    rows = sheet(row(registration_number=member.registration_number, contact_email="a@example.org"))
    assert errors_of(run_rows(rows, allow_contacts=False)) == {(1, "contact_email")}
    assert run_rows(rows, allow_contacts=True).ok


def test_a_file_without_a_country_column_or_a_key_column_is_refused_at_the_header():
    report = run_rows([["name_ru"], ["Имя"]])
    assert {error.row for error in report.errors} == {1}
    assert report.error_count == 2


def test_fields_of_every_type_are_updated_and_blank_cells_clear_them(importer):
    incubator = IncubatorFactory()
    member = MemberFactory(
        incubator_status="resident", incubator=incubator, incubator_from_year=2014, incubator_to_year=2016,
        website="https://old.example.org", legal_form="ООО",
    )  # fmt: skip
    before = member.updated_at
    rows = sheet(
        row(registration_number=member.registration_number, region="", incubator_status="", incubator="",
            incubator_from_year=None, incubator_to_year=None, website="new.example.org", legal_form="",
            is_published="нет", member_type="Investor or financial institution", cluster_role="specialised"),
    )  # fmt: skip
    report = run_rows(rows, user=importer, commit=True)
    assert report.counts == {"updated": 1}
    member.refresh_from_db()
    assert (member.region, member.incubator_status, member.incubator) == (None, "", None)
    assert (member.incubator_from_year, member.incubator_to_year) == (None, None)
    assert (member.website, member.legal_form, member.is_published) == ("https://new.example.org", "", False)
    assert (member.member_type, member.cluster_role) == ("investor", "specialised")
    assert member.updated_at > before
    record = Member.history.filter(id=member.pk).latest("history_date")
    assert (record.history_type, record.history_user, record.is_published, record.region_id) == (
        "~",
        importer,
        False,
        None,
    )


def test_an_unknown_region_lists_the_country_s_regions_in_the_admin_s_language():
    RegionFactory(country="RU", name_ru="Ленинградская область", name_en="Leningrad Oblast", code="RU-LEN")
    RegionFactory(country="FI", name_ru="Уусимаа", name_en="Uusimaa", code="FI-18")
    rows = sheet(row(registration_number=valid_inn(7), name_ru="Где-то", region="Atlantis"))
    (error,) = run_rows(rows).errors
    assert "«Ленинградская область»" in error.message and "Уусимаа" not in error.message
    with translation.override("en"):
        (error,) = run_rows(rows).errors
    assert "«Leningrad Oblast»" in error.message


def test_an_unknown_region_of_a_country_without_regions_says_so():
    rows = sheet(row(country="DK", registration_number="", slug="dansk", name_en="Dansk", region="Atlantis"))
    (error,) = run_rows(rows).errors
    assert "Atlantis" in error.message and ";" not in error.message  # nothing to list, and it says so
