"""Public yearly aggregates go through the disclosure rule; no member's own figures reach a public page.

Crafted registries: two members (each would know the other's figure), one dominant member, and a
filter (one country) that would isolate one member.
"""

import pytest

from members.models import Member
from reports.public import yearly_aggregates, yearly_charts

from .crafted import member_with_figures, rate

pytestmark = pytest.mark.django_db

SECRET_REVENUE = 987_654  # a member's own figure: it must never be on a public page


def latest(**options):
    return yearly_aggregates(until_year=2025, **options)[-1].figures


def test_two_members_show_nothing_and_say_why():
    member_with_figures(employees=100, revenue=5000, new_products=2)
    member_with_figures(employees=120, revenue=6000, new_products=3)
    figures = latest()
    assert all(not figure.shown and figure.code == "too_few" for figure in figures.values())
    assert all(figure.reason for figure in figures.values())
    assert yearly_charts(yearly_aggregates(until_year=2025)) == []  # no chart of figures held back every year


def test_three_members_none_dominant_are_shown():
    for employees in (100, 120, 90):
        member_with_figures(employees=employees, revenue=employees * 10, new_products=1)
    figures = latest()
    assert figures["employees"].value == 310 and figures["revenue_sme"].value == 3100
    assert figures["new_products"].value == 3


def test_one_dominant_member_hides_the_figure_it_dominates_only():
    member_with_figures(employees=100, revenue=SECRET_REVENUE, new_products=1)
    member_with_figures(employees=120, revenue=1000, new_products=1)
    member_with_figures(employees=90, revenue=2000, new_products=1)
    figures = latest()
    assert figures["revenue_sme"].code == "dominant" and figures["revenue_sme"].value is None
    assert figures["employees"].shown


def test_a_filter_that_isolates_one_member_shows_nothing_of_it():
    member_with_figures(employees=100, revenue=1000)
    member_with_figures(employees=120, revenue=1500)
    member_with_figures(country="DK", employees=90, revenue=SECRET_REVENUE)
    rate("DKK", 2017, "10")
    isolated = latest(members=Member.objects.filter(country="DK"))
    assert all(figure.code == "too_few" for figure in isolated.values())


def test_an_amount_without_a_rate_keeps_the_sum_back():
    for country in ("RU", "RU", "NO"):
        member_with_figures(country=country, employees=50, revenue=1000)
    assert latest()["revenue_sme"].code == "not_converted"


def test_an_unpublished_member_counts_for_nothing_in_public():
    member_with_figures(employees=100)
    member_with_figures(employees=120)
    member_with_figures(employees=90, published=False)
    assert latest()["employees"].code == "too_few"


def test_the_home_page_shows_the_disclosed_figures_and_why_the_others_are_held_back(client):
    member_with_figures(employees=100, revenue=SECRET_REVENUE, exports=5, rnd=7, investment=9, new_products=1)
    member_with_figures(employees=120, revenue=1000, new_products=1)
    member_with_figures(employees=90, revenue=2000, new_products=1)
    page = client.get("/en/").content.decode()
    assert 'id="yearly-heading"' in page and "310" in page
    assert "Not shown: one member contributes more than 80% of this figure." in page
    for secret in ("987,654", "987654", "987 654", "987\u00a0654"):
        assert secret not in page


def test_the_fact_sheet_tells_the_disclosed_figures_of_the_latest_year_only(client):
    member_with_figures(year=2016, employees=1, revenue=1, new_products=1)
    member_with_figures(employees=100, revenue=SECRET_REVENUE, new_products=1)
    member_with_figures(employees=120, revenue=1000, new_products=2)
    member_with_figures(employees=90, revenue=2000, new_products=1)
    page = client.get("/en/").content.decode()
    sheet = page[page.index('id="fact-sheet-text"') :]
    assert "In 2017 the members employed 310 people on average." in sheet
    assert "In 2017 the members brought 4 new products and services to market." in sheet
    assert "revenue" not in sheet.split("</p>")[0]


def test_no_member_figure_on_any_public_page_export_or_api(client):
    member = member_with_figures(employees=100, revenue=SECRET_REVENUE, exports=123_457, rnd=23_459, investment=34_561)
    member_with_figures(employees=120, revenue=1000)
    urls = ["/", "/en/", f"/members/{member.slug}/", "/members/", "/members/export.csv", "/members/export.json"]
    urls += ["/api/v1/members/", f"/api/v1/members/{member.slug}/", "/api/v1/figures/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode(errors="replace")
        for secret in ("987654", "987,654", "123457", "23459", "34561"):
            assert secret not in body.replace("\u00a0", "").replace(" ", ""), (url, secret)
