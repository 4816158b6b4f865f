"""The cluster at a glance: figures, charts and the fact sheet, for today or as of a past day.

Every figure comes from the members' QuerySet methods (`members.querysets`); this module only
arranges them for the home page, so the page never holds a number of its own. As of a past day the
whole page (cards, charts and fact sheet) counts the published members who were current that day,
with the headcount each had last reported by then.
"""

import datetime

from django.utils.translation import gettext as _
from django_countries import countries

from members.charts import bar_chart
from members.models import Member, MembershipPeriod, PeriodDayTally
from members.text import in_language
from reports.public import yearly_aggregates, yearly_charts, yearly_table

from .fact_sheet import fact_sheet, headcount_note


def at_a_glance(day: datetime.date, *, today: datetime.date) -> dict:
    """The home page's figures, charts and fact sheet for `day` (today, or a past day).

    Eight queries at most: for the figures two today (the tally of public members, `members.tallies`, and
    the incubators) or three as of a past day, then one for the chart of the years joined and left (the
    tally of periods per day) and, on a day without members, one for the registry's first joining; three
    for the yearly aggregates of the years ended by then (`reports.public`: each through the disclosure rule).
    """
    past = day < today
    figures = arrange(Member.objects.public_figures(on=day if past else None))
    totals = figures["totals"]
    periods = MembershipPeriod.objects.of_published_members()
    first_joined = None if totals["members"] else periods.first_joining(until=today)
    note = headcount_note(totals, past)
    yearly = yearly_aggregates(until_year=day.year - 1)
    return {
        **figures,
        "as_of": day,
        "is_past": past,
        "headcount_note": note,
        "charts": charts(figures, PeriodDayTally.objects.joined_and_left_per_year(until=day), note)
        if totals["members"]
        else [],
        "yearly": yearly_table(yearly) if yearly else None,
        "yearly_charts": yearly_charts(yearly) if yearly else [],
        "fact_sheet": fact_sheet(day, figures, past=past, first_joined=first_joined, yearly=yearly),
    }


def arrange(figures: dict) -> dict:
    """`MemberQuerySet.figures()` with the names of the countries and Russian regions, for the page."""
    return {
        "totals": figures["totals"],
        "by_country": [{**row, "name": countries.name(row["country"])} for row in figures["by_country"]],
        "russian_regions": _russian_regions(figures["by_region"]),
        "by_region": figures["by_region"],
        "incubator_statuses": figures["by_incubator_status"],
        "by_type": figures["by_type"],
        "incubators": figures["incubators"],
    }


def _russian_regions(rows: list[dict]) -> list[str]:
    return [in_language(row["region__name_ru"], row["region__name_en"]) for row in rows if row["country"] == "RU"]


def charts(figures: dict, years: list[dict], headcount_note: str = "") -> list[dict]:
    """Members by country, headcount by country (of those who reported it), members by type, and the
    `years` joined and left."""
    types = dict(Member.Type.choices)
    country_rows = figures["by_country"]
    return [
        bar_chart(
            chart_id="chart-members-by-country",
            title=_("Members by country"),
            label_header=_("Country"),
            series=[_("Members")],
            rows=[(row["name"], row["members"]) for row in country_rows],
        ),
        bar_chart(
            chart_id="chart-headcount-by-country",
            title=_("Employees by country"),
            label_header=_("Country"),
            series=[_("Employees")],
            rows=sorted(
                ((row["name"], row["headcount"]) for row in country_rows if row["reported"]),
                key=lambda row: (-row[1], row[0]),
            ),
            note=headcount_note,
        ),
        bar_chart(
            chart_id="chart-members-by-type",
            title=_("Members by type"),
            label_header=_("Member type"),
            series=[_("Members")],
            rows=[(types.get(row["member_type"], row["member_type"]), row["members"]) for row in figures["by_type"]],
        ),
        bar_chart(
            chart_id="chart-joined-left",
            title=_("Members joined and left per year"),
            label_header=_("Year"),
            series=[_("Joined"), _("Left")],
            rows=[(str(row["year"]), row["joined"], row["left"]) for row in years],
        ),
    ]
