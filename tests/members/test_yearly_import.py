"""The yearly import: member × year rows, the models' rules with their messages, all or nothing, round trip."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import rules
from members.models import HeadcountReport, YearlyFigures
from members.services import yearly_figures_save
from members.size import SizeBasis, SizeCategory
from members.spreadsheets.files import CSV, XLSX, read_rows
from members.spreadsheets.yearly_import import import_yearly_figures

from .factories import MemberFactory, RegionFactory
from .spreadsheets import csv_bytes, sheet_of, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["country", "registration_number", "year", "employees", "revenue", "exports", "source"]


def run(rows, file_format=XLSX, **options):
    content = xlsx_bytes(rows) if file_format == XLSX else csv_bytes(rows)
    options = {"allow_figures": True, **options}
    return import_yearly_figures(read_rows(io.BytesIO(content), file_format), **options)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="a-long-test-password-1")


@pytest.fixture
def members():
    return [MemberFactory(), MemberFactory()]


def test_rows_add_figures_with_their_size_category_and_history(members, editor):
    first, second = members
    report = run([HEADER, ["RU", first.registration_number, 2016, 16, 100_000, 5_000, "reported by the member"],
                  ["RU", second.registration_number, 2016, 300, None, None, "public register"]],
                 commit=True, user=editor)  # fmt: skip
    assert report.committed and report.counts["new"] == 2
    one = YearlyFigures.objects.get(member=first, year=2016)
    assert (one.employees, one.revenue, one.exports, one.currency) == (16, 100_000, 5_000, "RUB")
    assert (one.size_category, one.size_basis) == (SizeCategory.SMALL, SizeBasis.HEADCOUNT_AND_REVENUE)
    assert one.entered_by == editor
    two = YearlyFigures.objects.get(member=second)
    assert (two.source, two.size_category, two.size_basis) == ("register", "large", SizeBasis.HEADCOUNT_NO_REVENUE)
    assert [(row.history_type, row.history_user) for row in one.history.all()] == [("+", editor)]


@pytest.mark.parametrize("file_format", [XLSX, CSV])
def test_one_bad_row_writes_nothing(members, file_format):
    first, second = members
    report = run([HEADER, ["RU", first.registration_number, 2016, 10, 100, 50, ""],
                  ["RU", second.registration_number, 2016, 10, 100, 101, ""]],
                 file_format, commit=True)  # fmt: skip
    assert not report.committed
    assert [(error.row, error.column, error.message) for error in report.errors] == [
        (3, "exports", str(rules.EXPORTS_ABOVE_REVENUE))
    ]
    assert not YearlyFigures.objects.exists()


def test_exports_above_stored_revenue_are_refused(members):
    yearly_figures_save(figures=YearlyFigures(member=members[0], year=2016, revenue=100))
    report = run([["country", "registration_number", "year", "exports"], ["RU", members[0].registration_number,
                  2016, 150]], commit=True)  # fmt: skip
    assert [(error.column, error.message) for error in report.errors] == [("exports", str(rules.EXPORTS_ABOVE_REVENUE))]
    assert YearlyFigures.objects.get().exports is None


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("revenue", -1, rules.FIGURE_NEGATIVE),
        ("employees", "many", None),
        ("year", 1900, None),
    ],
)
def test_bad_cells_are_refused_with_row_column_and_message(members, column, value, message):
    header = ["country", "registration_number", "year", column] if column != "year" else HEADER[:3]
    row = ["RU", members[0].registration_number, 2016, value] if column != "year" else ["RU", "", value]
    row[1] = members[0].registration_number
    report = run([header, row])
    assert [(error.row, error.column) for error in report.errors] == [(2, column)]
    if message:
        assert report.errors[0].message == str(message)


def test_the_same_member_and_year_twice_is_refused(members):
    number = members[0].registration_number
    report = run([HEADER[:3], ["RU", number, 2016], ["RU", number, 2016]])
    assert [(error.row, error.column) for error in report.errors] == [(3, "year")]


def test_an_unknown_member_is_refused(members):
    report = run([["country", "slug", "year"], ["RU", "nobody", 2016]])
    assert [(error.row, error.column) for error in report.errors] == [(2, "slug")]


def test_confidential_columns_need_the_permission(members):
    report = run([HEADER[:5], ["RU", members[0].registration_number, 2016, 5, 10]], allow_figures=False)
    assert [(error.row, error.column) for error in report.errors] == [(1, "revenue")]


def test_a_changed_figure_clears_its_confirmation_and_its_headcount(members, editor):
    member = members[0]
    yearly_figures_save(figures=YearlyFigures(member=member, year=2016, employees=10), confirm=True)
    assert HeadcountReport.objects.filter(member=member).exists()
    report = run([HEADER[:4], ["RU", member.registration_number, 2016, 12]], commit=True, user=editor)
    assert report.committed
    figures = YearlyFigures.objects.get()
    assert (figures.employees, figures.confirmed_at) == (12, None)
    assert not HeadcountReport.objects.filter(member=member).exists()
    member.refresh_from_db()
    assert member.headcount is None


def test_a_foreign_member_gets_its_countrys_currency():
    region = RegionFactory(country="FI", name_en="Uusimaa", name_ru="Уусимаа", code="FI-18")
    member = MemberFactory(country="FI", region=region, registration_number="", slug="finnish")
    report = run([["country", "slug", "year", "revenue"], ["FI", "finnish", 2016, 2_001]], commit=True)
    assert report.committed
    figures = YearlyFigures.objects.get(member=member)
    assert (figures.currency, figures.size_category, figures.size_basis) == ("EUR", "small", "revenue_no_headcount")


@pytest.fixture
def exporter(client, django_user_model):
    user = django_user_model.objects.create_user("exporter", password="a-long-test-password-1", is_staff=True)
    codenames = ["view_yearlyfigures", "change_yearlyfigures", "export_members", "import_members",
                 "view_yearly_figures"]  # fmt: skip
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def export(client, file_format="xlsx") -> bytes:
    index = {"xlsx": 0, "csv": 1}[file_format]
    url = reverse("admin:members_yearlyfigures_export")
    response = client.post(url, {"format": index, **{f"yearlyresourcewithfigures_{name}": "on" for name in (
        "country", "registration_number", "slug", "name", "year", "currency", "employees", "revenue", "exports",
        "rnd", "investment", "new_products", "new_products_foreign", "source")}})  # fmt: skip
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_export_then_import_changes_nothing(exporter, members):
    for year in (2015, 2016):
        yearly_figures_save(figures=YearlyFigures(member=members[0], year=year, employees=20, revenue=90_000,
                                                  exports=1_000, rnd=50, investment=7, new_products=3,
                                                  new_products_foreign=1, source="estimated"))  # fmt: skip
    yearly_figures_save(figures=YearlyFigures(member=members[1], year=2016, employees=3))
    content = export(exporter)
    rows = [[cell.value for cell in row] for row in sheet_of(content).iter_rows()]
    assert len(rows) == 4
    report = import_yearly_figures(read_rows(io.BytesIO(content), XLSX), allow_figures=True, commit=True)
    assert report.ok, report.errors
    assert (report.counts["unchanged"], report.changed) == (3, 0)


def test_the_admin_import_previews_then_writes(exporter, members):
    content = xlsx_bytes([HEADER, ["RU", members[0].registration_number, 2016, 16, 100_000, 5_000, ""]])
    upload = SimpleUploadedFile("figures.xlsx", content)
    preview = exporter.post(reverse("admin:members_yearlyfigures_import"), {"file": upload})
    assert preview.status_code == 200 and not YearlyFigures.objects.exists()
    token = preview.context["confirm_form"].initial["token"]
    done = exporter.post(reverse("admin:members_yearlyfigures_import_confirm"), {"token": token})
    assert done.status_code == 302
    assert YearlyFigures.objects.get().revenue == 100_000


def test_a_member_import_changing_the_type_recategorises_the_years(members, editor):
    from .spreadsheets import run_rows

    member = members[0]
    figures = yearly_figures_save(figures=YearlyFigures(member=member, year=2016, employees=500))
    assert figures.size_category == SizeCategory.LARGE
    report = run_rows([["country", "registration_number", "member_type"],
                       ["RU", member.registration_number, "research"]], commit=True, user=editor)  # fmt: skip
    assert report.committed
    figures.refresh_from_db()
    assert figures.size_category == SizeCategory.RESEARCH
    assert figures.history.latest().history_user == editor
