"""The reports' admin pages and their xlsx: `/admin/reports/<report>/?year=` and `/admin/reports/<report>.xlsx?year=`.

Mounted by the admin site (`cluster_registry/admin_site.py`) behind `admin_view`, so only signed-in staff
reach them; each report then asks for its permissions (`Report.permissions`): the two built on the
members' confidential yearly figures need the permission to see them, so a viewer without it is refused.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.limits import YEAR_MIN
from members.models import YearlyFigures
from members.permissions import VIEW_YEARLY_FIGURES
from members.spreadsheets.public_export import XLSX_CONTENT_TYPE

from . import downloads
from .cdc_report import cdc_table
from .cluster_report import cluster_indicators
from .composition import composition

VIEW_MEMBERS = "members.view_member"
VIEW_TARGETS = "reports.view_target"


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    description: str
    permissions: tuple[str, ...]
    build: Callable[[int], dict]
    workbook: Callable[[dict], object]
    template: str

    def allowed(self, user) -> bool:
        return user.has_perms(self.permissions)

    def url(self) -> str:
        return reverse(f"admin:reports-{self.slug}")

    def xlsx_url(self) -> str:
        return reverse(f"admin:reports-{self.slug}-xlsx")


REPORTS = {
    report.slug: report
    for report in (
        Report(
            "indicators",
            _("Cluster indicators"),
            _("The year's figures beside the previous year's, the programme's targets and their coverage."),
            (VIEW_MEMBERS, VIEW_YEARLY_FIGURES, VIEW_TARGETS),
            cluster_indicators,
            downloads.cluster_indicators_workbook,
            "reports/cluster_indicators.html",
        ),
        Report(
            "cdc",
            _("The Cluster Development Center's table"),
            _("The Center's KPIs for the year, in thousands of roubles."),
            (VIEW_MEMBERS, VIEW_YEARLY_FIGURES),
            cdc_table,
            downloads.cdc_workbook,
            "reports/cdc_table.html",
        ),
        Report(
            "composition",
            _("Composition of the membership"),
            _("Members by type, size and country; SMEs, foreign members, joining, leaving and stability."),
            (VIEW_MEMBERS,),
            composition,
            downloads.composition_workbook,
            "reports/composition.html",
        ),
    )
}


def available(user) -> list[Report]:
    """The reports `user` may open."""
    return [report for report in REPORTS.values() if report.allowed(user)]


def default_year() -> int:
    """The latest year with figures that has ended, or last year when there are none (one query)."""
    last = timezone.localdate().year - 1
    found = YearlyFigures.objects.filter(year__lte=last).order_by("-year").values_list("year", flat=True).first()
    return found or last


class YearForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A report of this year is of the year so far; none of a later one.
        self.fields["year"] = forms.IntegerField(
            label=_("Year"), min_value=YEAR_MIN, max_value=timezone.localdate().year
        )


def chosen_year(request) -> tuple[YearForm, int]:
    """The year asked for, or the default year (with the form's errors) when none or a bad one was given."""
    if "year" not in request.GET:
        year = default_year()
        return YearForm(initial={"year": year}), year
    form = YearForm(request.GET)
    return form, form.cleaned_data["year"] if form.is_valid() else default_year()


def _report(slug: str, user) -> Report:
    report = REPORTS.get(slug)
    if report is None:
        raise Http404
    if not report.allowed(user):
        raise PermissionDenied
    return report


def report_view(request, slug: str):
    report = _report(slug, request.user)
    form, year = chosen_year(request)
    context = {
        **admin.site.each_context(request),
        "title": _("%(title)s, %(year)s") % {"title": report.title, "year": year},
        "report": report,
        "reports": available(request.user),
        "form": form,
        "year": year,
        "data": report.build(year),
        "xlsx_url": f"{report.xlsx_url()}?year={year}",
    }
    return render(request, report.template, context)


def report_xlsx(request, slug: str):
    report = _report(slug, request.user)
    _form, year = chosen_year(request)
    buffer = io.BytesIO()
    report.workbook(report.build(year)).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="report-{slug}-{year}.xlsx"'
    return response


def admin_urls(site) -> list:
    """The reports' URLs for the admin site, each behind `site.admin_view` (signed-in staff only).

    Spelled out one by one: a pattern such as `reports/<slug>/` would also catch the app's model pages.
    """
    urls = []
    for slug in REPORTS:
        urls += [
            path(f"reports/{slug}.xlsx", site.admin_view(report_xlsx), {"slug": slug}, name=f"reports-{slug}-xlsx"),
            path(f"reports/{slug}/", site.admin_view(report_view), {"slug": slug}, name=f"reports-{slug}"),
        ]
    return urls
