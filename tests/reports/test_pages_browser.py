"""The report pages and the home page's yearly block load in Chromium under the Content-Security-Policy."""

import pytest
from django.urls import reverse

from tests.site.test_security_browser import admin_page, browser, visit  # noqa: F401  (the browser fixtures)

from .crafted import member_with_figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_reports_and_the_yearly_block_raise_no_policy_violation(admin_page, live_server):  # noqa: F811
    for employees in (10, 20, 30):
        member_with_figures(employees=employees, revenue=employees * 100, new_products=1)
    for slug in ("indicators", "cdc", "composition"):
        visit(admin_page, live_server, f"{reverse(f'admin:reports-{slug}')}?year=2017")
        assert admin_page.locator(".report .chart, .report-table").count() > 0
    visit(admin_page, live_server, "/en/")
    assert admin_page.locator("#yearly-heading").count() == 1
    assert admin_page.problems == []
