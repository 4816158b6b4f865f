"""The cluster at a glance: live figures, charts and the fact sheet, all computed from the registry.

Every figure comes from the members' QuerySet methods (`members.querysets`); this module only
arranges them for the home page, so the page never holds a number of its own.
"""

import datetime

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from members.models import Member, MembershipPeriod
from members.text import in_language


def live_figures(members) -> dict:
    """Totals, countries, Russian regions, types and incubators of `members` (three queries)."""
    figures = members.figures()
    return {
        "totals": figures["totals"],
        "by_country": [{**row, "name": countries.name(row["country"])} for row in figures["by_country"]],
        "russian_regions": _russian_regions(figures["by_region"]),
        "by_region": figures["by_region"],
        "incubator_statuses": figures["by_incubator_status"],
        "by_type": figures["by_type"],
        "incubators": figures["incubators"],
    }


def as_of_figures(day: datetime.date) -> dict:
    """The same figures for the published members who were current on `day`, headcounts as of then (three queries)."""
    figures = Member.objects.published().current(on=day).figures(on=day)
    return {
        "totals": figures["totals"],
        "by_country": [{**row, "name": countries.name(row["country"])} for row in figures["by_country"]],
        "russian_regions": _russian_regions(figures["by_region"]),
        "by_region": figures["by_region"],
        "incubators": figures["incubators"],
    }


def _russian_regions(rows: list[dict]) -> list[str]:
    return [in_language(row["region__name_ru"], row["region__name_en"]) for row in rows if row["country"] == "RU"]


def bar_chart(*, chart_id: str, title: str, label_header: str, series: list[str], rows: list[tuple]) -> dict:
    """A chart's bars and table: `rows` are (label, value, value, ...) with one value per series.

    Bar lengths are percentages of the largest value, written with a dot whatever the language,
    since they go into SVG attributes.
    """
    top = max((value for row in rows for value in row[1:]), default=0)
    return {
        "id": chart_id,
        "title": title,
        "label_header": label_header,
        "series": series,
        "rows": [
            {"label": row[0], "bars": [{"value": value, "width": _percent(value, top)} for value in row[1:]]}
            for row in rows
        ],
    }


def _percent(value: int, top: int) -> str:
    return f"{100 * value / top:.1f}" if top else "0"


def charts(figures: dict) -> list[dict]:
    """Members by country, headcount by country, members by type, joined and left per year."""
    types = dict(Member.Type.choices)
    years = MembershipPeriod.objects.of_published_members().joined_and_left_per_year()
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
                ((row["name"], row["headcount"] or 0) for row in country_rows), key=lambda row: (-row[1], row[0])
            ),
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


def join_words(words: list[str]) -> str:
    """Join words as "a, b and c" in the active language."""
    if len(words) < 2:
        return "".join(words)
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def fact_sheet(day: datetime.date, figures: dict) -> list[str]:
    """The release's paragraph, written from `figures` for `day`, as a list of sentences."""
    totals = figures["totals"]
    sentences = [
        ngettext(
            "As of %(date)s, the cluster has %(count)s member.",
            "As of %(date)s, the cluster has %(count)s members.",
            totals["members"],
        )
        % {"date": date_format(day, "j E Y"), "count": totals["members"]}
    ]
    if figures["by_country"]:
        sentences.append(_countries_sentence(figures))
    if totals["members"]:
        sentences.append(_headcount_sentence(totals["headcount"]))
        sentences.append(_incubator_sentence(totals["incubator"], figures.get("incubators", [])))
    return sentences


def _countries_sentence(figures: dict) -> str:
    names = []
    for row in figures["by_country"]:
        regions = figures["russian_regions"] if row["country"] == "RU" else []
        names.append(f"{row['name']} ({join_words(regions)})" if regions else str(row["name"]))
    count = len(names)
    return ngettext(
        "They come from %(count)s country: %(countries)s.", "They come from %(count)s countries: %(countries)s.", count
    ) % {"count": count, "countries": join_words(names)}


def _headcount_sentence(headcount: int) -> str:
    if headcount >= 1000 and headcount % 1000:
        # As the release puts it: "more than 44,000", then the exact figure.
        rounded = headcount // 1000 * 1000
        return _("Member organisations employ more than %(rounded)s people (%(exact)s in all).") % {
            "rounded": intcomma(rounded),
            "exact": intcomma(headcount),
        }
    return ngettext(
        "Member organisations employ %(count)s person.", "Member organisations employ %(count)s people.", headcount
    ) % {"count": intcomma(headcount)}


def _incubator_sentence(count: int, incubators: list) -> str:
    names = join_words([f"{i.name} ({i.operator})" if i.operator else i.name for i in incubators])
    if not names:
        return ngettext(
            "%(count)s member is a resident or alumnus of a business incubator.",
            "%(count)s members are residents or alumni of business incubators.",
            count,
        ) % {"count": count}
    return ngettext(
        "%(count)s member is a resident or alumnus of a business incubator: %(incubators)s.",
        "%(count)s members are residents or alumni of a business incubator: %(incubators)s.",
        count,
    ) % {"count": count, "incubators": names}
