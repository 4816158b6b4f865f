"""The cluster at a glance: live figures, charts, the fact sheet and its "as of" date."""

import datetime
import re

import pytest
from django.utils import timezone

from members.models import Member, MembershipPeriod
from members.services import member_join, member_leave, member_report_headcount
from tests.members.factories import IncubatorFactory, MemberFactory, RegionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def member(joined: datetime.date, left: datetime.date | None = None, employees: int | None = None, **fields):
    row = MemberFactory(current=False, **fields)
    member_join(member=row, joined_on=joined)
    if employees is not None:
        member_report_headcount(member=row, employees=employees, reported_on=joined)
    if left:
        member_leave(member=row, left_on=left)
    return row


def home(client, query="", language="ru"):
    prefix = "/en/" if language == "en" else "/"
    response = client.get(f"{prefix}?{query}" if query else prefix)
    assert response.status_code == 200
    return response


def fact_sheet(response) -> str:
    html = response.content.decode()
    return re.search(r'<p class="fact-sheet-text"[^>]*>(.*?)</p>', html, re.S).group(1)


# Live figures


def test_live_figures_count_only_public_members(client):
    ingria = IncubatorFactory()
    member(datetime.date(2015, 1, 1), employees=100, incubator_status="resident", incubator=ingria)
    member(datetime.date(2016, 1, 1), employees=50, country="FI", region=None)
    member(datetime.date(2015, 1, 1), employees=999, is_published=False)
    member(datetime.date(2014, 1, 1), left=datetime.date(2016, 1, 1), employees=777)
    totals = home(client).context["totals"]
    assert totals == {
        "members": 2,
        "countries": 2,
        "russian_regions": 1,
        "headcount": 150,
        "reported": 2,
        "incubator": 1,
    }


def test_figures_change_when_a_member_joins_and_when_one_leaves(client):
    first = member(datetime.date(2015, 1, 1), employees=10)
    assert home(client).context["totals"]["members"] == 1
    member(TODAY, employees=5, country="NO", region=None)
    after_joining = home(client).context["totals"]
    assert (after_joining["members"], after_joining["countries"], after_joining["headcount"]) == (2, 2, 15)
    member_leave(member=first, left_on=TODAY)
    after_leaving = home(client).context
    totals = after_leaving["totals"]
    assert (totals["members"], totals["countries"], totals["headcount"]) == (1, 1, 5)
    assert [row["country"] for row in after_leaving["by_country"]] == ["NO"]
    html = home(client, language="en").content.decode()
    assert '<dd class="figure">1</dd>' in html


def test_the_page_lists_the_countries_and_russian_regions(client):
    kaliningrad = RegionFactory(name_en="Kaliningrad Oblast", name_ru="Калининградская область", code="RU-KGD")
    member(datetime.date(2015, 1, 1))
    member(datetime.date(2015, 1, 1), region=kaliningrad)
    member(datetime.date(2015, 1, 1), country="DK", region=None)
    html = home(client, language="en").content.decode()
    assert "Russia, Denmark" in html
    assert "St. Petersburg, Kaliningrad Oblast" in html or "Kaliningrad Oblast, St. Petersburg" in html


# Charts


def test_charts_show_members_and_headcount_by_country_and_members_by_type(client):
    member(datetime.date(2015, 1, 1), employees=30, member_type=Member.Type.RESEARCH)
    member(datetime.date(2015, 1, 1), employees=20)
    member(datetime.date(2015, 1, 1), employees=500, country="FI", region=None)
    charts = {chart["id"]: chart for chart in home(client, language="en").context["charts"]}
    by_country = [(row["label"], row["bars"][0]["value"]) for row in charts["chart-members-by-country"]["rows"]]
    assert by_country == [("Russia", 2), ("Finland", 1)]
    headcount = [(row["label"], row["bars"][0]["value"]) for row in charts["chart-headcount-by-country"]["rows"]]
    assert headcount == [("Finland", 500), ("Russia", 50)]
    by_type = [(row["label"], row["bars"][0]["value"]) for row in charts["chart-members-by-type"]["rows"]]
    assert by_type == [("Company", 2), ("Research or education institution", 1)]


def test_joined_and_left_per_year_fills_gaps_and_counts_a_rejoin(client):
    rejoiner = member(datetime.date(2014, 3, 1), left=datetime.date(2016, 5, 1))
    member_join(member=rejoiner, joined_on=datetime.date(2017, 2, 1))
    member(datetime.date(2014, 7, 1))
    member(datetime.date(2014, 7, 1), is_published=False)
    rows = MembershipPeriod.objects.of_published_members().joined_and_left_per_year()
    assert rows == [
        {"year": 2014, "joined": 2, "left": 0},
        {"year": 2015, "joined": 0, "left": 0},
        {"year": 2016, "joined": 0, "left": 1},
        {"year": 2017, "joined": 1, "left": 0},
    ]
    chart = home(client).context["charts"][3]
    assert [row["label"] for row in chart["rows"]] == ["2014", "2015", "2016", "2017"]


def test_joined_and_left_per_year_leaves_out_dates_still_to_come():
    member(datetime.date(2015, 1, 1), left=TODAY + datetime.timedelta(days=400))
    rows = MembershipPeriod.objects.joined_and_left_per_year()
    assert sum(row["left"] for row in rows) == 0


def test_each_chart_has_a_table_and_bars_written_with_a_dot_in_russian(client):
    member(datetime.date(2015, 1, 1), employees=3)
    member(datetime.date(2015, 1, 1), employees=7, country="FI", region=None)
    html = home(client).content.decode()
    assert html.count('<table class="chart-table">') == 4
    widths = re.findall(r'<rect width="([^"]+)" height="10"/>', html)
    assert widths and all(re.fullmatch(r"\d+(\.\d)?", width) for width in widths)
    assert "42.9" in widths  # 3 of 7 employees


# The fact sheet


def test_fact_sheet_reads_like_the_release_in_both_languages(client):
    ingria = IncubatorFactory(operator_en="JSC Technopark of St. Petersburg", operator_ru="АО «Технопарк»")
    for _ in range(3):
        member(datetime.date(2015, 1, 1), employees=14_000, incubator_status="alumnus", incubator=ingria)
    member(datetime.date(2015, 1, 1), employees=2_186, country="FI", region=None)
    english = fact_sheet(home(client, language="en"))
    assert "the cluster has 4 members." in english
    assert "They come from 2 countries: Russia (St. Petersburg) and Finland." in english
    assert "employ more than 44,000 people (44,186 in all)." in english
    assert "3 members are residents or alumni of a business incubator: Ingria Business Incubator" in english
    russian = fact_sheet(home(client))
    assert "в составе Кластера 4 участника." in russian
    assert "Участники представляют 2 страны: Россия (Санкт-Петербург) и Финляндия." in russian
    assert "более 44\xa0000 человек" in russian
    assert "Среди членов Кластера 3 резидента и выпускника" in russian


def test_as_of_a_past_date_counts_only_the_members_current_then(client):
    kurgan = RegionFactory(name_en="Kurgan Oblast", name_ru="Курганская область", code="RU-KGN")
    member(datetime.date(2014, 10, 1), employees=100)
    member(datetime.date(2014, 11, 1), left=datetime.date(2016, 1, 1), employees=40, region=kurgan)
    member(datetime.date(2017, 1, 1), employees=7, country="NO", region=None)
    member(datetime.date(2014, 1, 1), employees=9999, is_published=False)
    response = home(client, "on=2015-06-30", language="en")
    sheet = fact_sheet(response)
    assert "As of 30 June 2015, the cluster had 2 members." in sheet
    assert "Russia (St. Petersburg and Kurgan Oblast)" in sheet or "Russia (Kurgan Oblast and St. Petersburg)" in sheet
    assert "Norway" not in sheet
    assert "Member organisations employed 140 people." in sheet
    today = fact_sheet(home(client, language="en"))
    assert "the cluster has 2 members." in today and "Norway" in today and "Kurgan" not in today


def test_as_of_the_day_of_leaving_no_longer_counts_the_member():
    leaver = member(datetime.date(2014, 1, 1), left=datetime.date(2016, 1, 1))
    current = Member.objects.published().current
    assert leaver in current(on=datetime.date(2015, 12, 31))
    assert leaver not in current(on=datetime.date(2016, 1, 1))


def test_as_of_headcount_uses_what_was_reported_by_then(client):
    row = member(datetime.date(2014, 1, 1), employees=10)
    member_report_headcount(member=row, employees=3000, reported_on=datetime.date(2018, 1, 1))
    assert "employed 10 people." in fact_sheet(home(client, "on=2017-06-01", language="en"))
    assert "employ 3,000 people." in fact_sheet(home(client, language="en"))


@pytest.mark.parametrize("value", ["abc", "2018-02-30", "2018-13-01", "01.03.2018", "9999-12-31", "x" * 5000])
def test_a_bad_or_future_date_gets_a_message_and_todays_figures(client, value):
    member(datetime.date(2015, 1, 1))
    response = home(client, f"on={value}", language="en")
    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html
    assert response.context["as_of"] == TODAY
    assert "the cluster has 1 member." in fact_sheet(response)


def test_an_empty_registry_says_it_has_no_members_yet(client):
    for language, text in [
        ("en", "The registry has no members yet."),
        ("ru", "В реестре пока нет ни одного участника."),
    ]:
        response = home(client, language=language)
        assert fact_sheet(response) == text
        assert '<dl class="figures">' not in response.content.decode()


# The whole page as of a past day


def founding_members(count=13, joined=datetime.date(2014, 10, 1), reported=datetime.date(2016, 12, 1)):
    """Members current since `joined` whose only headcount report is dated `reported`, as in the sample data."""
    rows = [
        member(joined, country=["RU", "FI"][n % 2], region=None if n % 2 else RegionFactory()) for n in range(count)
    ]
    for row in rows:
        member_report_headcount(member=row, employees=20, reported_on=reported)
    return rows


def test_as_of_1_january_2015_the_fact_sheets_give_13_members_in_the_past_and_no_zero_headcount(client):
    founding_members(13)
    english = fact_sheet(home(client, "on=2015-01-01", language="en"))
    assert english.startswith("As of 1 January 2015, the cluster had 13 members. They came from 2 countries:")
    assert "No member had reported its headcount by then." in english
    assert " has " not in english and "0 people" not in english
    russian = fact_sheet(home(client, "on=2015-01-01"))
    assert russian.startswith("По состоянию на 1 января 2015\xa0г. в составе Кластера было 13 участников.")
    assert "Участники представляли 2 страны:" in russian
    assert "К этому дню ни один участник не сообщил численность работников." in russian
    assert "0 человек" not in russian


def test_as_of_a_day_when_some_members_had_reported_the_sheet_says_how_many_of_how_many(client):
    rows = founding_members(21)
    for row in rows[:20]:
        member_report_headcount(member=row, employees=30, reported_on=datetime.date(2015, 3, 1))
    english = fact_sheet(home(client, "on=2016-06-01", language="en"))
    assert "By then, 20 of the 21 members had reported their headcount. Together they employed 600 people." in english
    russian = fact_sheet(home(client, "on=2016-06-01"))
    # Russian declines "member" after "of 21" in the genitive singular (after "of 35" it is plural).
    assert "имелись по 20 из 21 участника. В этих организациях работало 600 человек." in russian
    today = fact_sheet(home(client, language="en"))
    assert "Member organisations employ 420 people." in today  # every member has reported since


def test_the_headcount_card_and_chart_say_how_many_members_had_reported(client):
    rows = founding_members(3)
    member_report_headcount(member=rows[0], employees=50, reported_on=datetime.date(2015, 3, 1))
    response = home(client, "on=2015-06-01", language="en")
    html = response.content.decode()
    assert response.context["headcount_note"] == "reported by 1 of 3 members"
    assert '<dd class="figure">50</dd>' in html and "reported by 1 of 3 members" in html
    chart = {chart["id"]: chart for chart in response.context["charts"]}["chart-headcount-by-country"]
    assert [(row["label"], row["bars"][0]["value"]) for row in chart["rows"]] == [("Russia", 50)]  # Finland: no report
    none_yet = home(client, "on=2015-01-01", language="en").content.decode()
    assert figure_cards(none_yet)["Employees of member organisations"] == "—"
    assert "No member had reported its headcount by then." in none_yet.split('id="fact-sheet-heading"')[0]


def test_before_the_first_membership_the_page_says_the_registry_had_no_members_yet(client):
    founding_members(2, joined=datetime.date(2014, 10, 1))
    member(datetime.date(2015, 1, 1), is_published=False)
    response = home(client, "on=2010-01-01", language="en")
    html = response.content.decode()
    assert (
        fact_sheet(response) == "On 1 January 2010 the registry had no members yet: the first joined on 1 October 2014."
    )
    assert "0 members" not in html and '<dl class="figures">' not in html and 'class="chart"' not in html
    russian = fact_sheet(home(client, "on=2010-01-01"))
    assert russian == (
        "На 1 января 2010\xa0г. в реестре ещё не было ни одного участника: "
        "первые вступили в Кластер 1 октября 2014\xa0г."
    )


def test_on_a_day_after_every_member_had_left_the_cluster_had_no_members(client):
    member(datetime.date(2014, 1, 1), left=datetime.date(2015, 1, 1))
    member(datetime.date(2016, 1, 1))
    assert fact_sheet(home(client, "on=2015-06-01", language="en")) == "On 1 June 2015 the cluster had no members."


def test_as_of_today_the_page_speaks_in_the_present(client):
    founding_members(2)
    sheet = fact_sheet(home(client, f"on={TODAY.isoformat()}", language="en"))
    assert "the cluster has 2 members." in sheet and "They come from" in sheet and " had " not in sheet


def figure_cards(html: str) -> dict[str, str]:
    """The home page's cards: {label: figure}."""
    cards = re.findall(r"<dt>([^<]+)</dt>\s*<dd class=\"figure\">(?:<a [^>]*>)?([^<]+)", html)
    return {label.strip(): value.strip() for label, value in cards}


def test_as_of_cards_and_charts_match_the_fact_sheet_for_the_same_day(client):
    rows = founding_members(6)
    member_report_headcount(member=rows[0], employees=1500, reported_on=datetime.date(2015, 2, 1))
    member_report_headcount(member=rows[1], employees=700, reported_on=datetime.date(2015, 2, 1))
    member(datetime.date(2016, 3, 1), employees=900, country="NO", region=None)
    member_leave(member=rows[5], left_on=datetime.date(2015, 5, 1))
    response = home(client, "on=2015-06-01", language="en")
    sheet, cards = fact_sheet(response), figure_cards(response.content.decode())
    assert cards["Members"] == "5" and "the cluster had 5 members." in sheet
    assert cards["Countries"] == "2" and "They came from 2 countries" in sheet and "Norway" not in sheet
    assert cards["Employees of member organisations"] == "2,200"
    assert "2 of the 5 members had reported" in sheet and "more than 2,000 people (2,200 in all)" in sheet
    charts = {chart["id"]: chart for chart in response.context["charts"]}
    by_country = charts["chart-members-by-country"]["rows"]
    assert sum(row["bars"][0]["value"] for row in by_country) == 5
    assert sum(row["bars"][0]["value"] for row in charts["chart-headcount-by-country"]["rows"]) == 2200
    assert sum(row["bars"][0]["value"] for row in charts["chart-members-by-type"]["rows"]) == 5
    years = charts["chart-joined-left"]["rows"]
    assert [row["label"] for row in years] == ["2014", "2015"]  # 2016's joining is still to come
    assert [bar["value"] for bar in years[-1]["bars"]] == [0, 1]


def test_as_of_a_past_day_the_chair_and_awards_are_those_of_that_day(client):
    from tests.governance.factories import ChairTermFactory, month
    from tests.projects.factories import AwardFactory

    founding_members(1)
    ChairTermFactory(country="NO", first_month=month(2015, 3), last_month=month(2016, 3))
    ChairTermFactory(country="FI", first_month=month(2016, 3), last_month=month(2017, 4))
    AwardFactory(year=2015, month=4, day=10)
    AwardFactory(year=2016)
    past = home(client, "on=2015-06-01", language="en")
    assert past.context["chair_term"].country == "NO" and past.context["chair_is_current"]
    assert past.context["award_counts"].total == 1
    assert "March 2015 – March 2016" in past.content.decode()
    assert home(client, language="en").context["award_counts"].total == 2


def test_the_as_of_form_comes_before_the_figures_and_offers_the_way_back_to_today(client):
    founding_members(1)
    html = home(client, "on=2015-06-01", language="en").content.decode()
    assert html.index('class="as-of"') < html.index('id="figures-heading"') < html.index('id="fact-sheet-text"')
    assert "The cluster on 1 June 2015" in html and "Back to today" in html
    assert "Back to today" not in home(client, language="en").content.decode()


# Queries stay flat


@pytest.mark.parametrize("count", [3, 40])
@pytest.mark.parametrize("query", ["", "on=2016-06-01", "on=2010-01-01"])
def test_home_queries_do_not_grow_with_the_members(client, django_assert_max_num_queries, count, query):
    ingria = IncubatorFactory()
    for n in range(count):
        country = ["RU", "FI", "NO", "DK"][n % 4]
        status = ["", "resident", "alumnus"][n % 3]
        member(
            datetime.date(2014 + n % 4, 1, 1),
            left=datetime.date(2019, 1, 1) if n % 5 == 0 else None,
            employees=n + 1,
            country=country,
            region=None if country != "RU" else RegionFactory(),
            incubator_status=status,
            incubator=ingria if status else None,
        )
    # The registry revision (the page cache's key); 5 for the figures and the years joined and left
    # (on a day before the first member, the first joining instead of the years); one each for the
    # chair (governance), the awards (projects) and the footer (last change, specialised organisation);
    # three for the yearly aggregates (reports.public: the years, their figures grouped, their rates);
    # the cache being cold, two for the tokens the awards and the years are cached under
    # (pagecache.versions), read before they are computed. As of a past day the page first settles the
    # queue the members' writes left for the as-of tallies: 20 more, as many for 3 members as for 40
    # (tests/members/test_as_of.py).
    with django_assert_max_num_queries(14 + (20 if query else 0)):
        response = client.get("/", {"on": query[3:]} if query else {})
    assert response.status_code == 200
    with django_assert_max_num_queries(1):  # the same page again, from the cache
        client.get("/", {"on": query[3:]} if query else {})
