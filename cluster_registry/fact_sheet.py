"""The fact sheet: the release's paragraph, written afresh from the figures for today or a past day.

Each sentence is a whole sentence in the catalogue, in the present for today and in the past for an
earlier day, so that each language writes it its own way (Russian agrees the verb and the noun with
the number the sentence is pluralised on, and words the others so that they need no agreement).
A headcount is never summed in silence over members who had not reported one: the sheet says how
many had.
"""

import datetime

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.dates import day_label


def join_words(words: list[str]) -> str:
    """Join words as "a, b and c" in the active language."""
    if len(words) < 2:
        return "".join(words)
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def fact_sheet(
    day: datetime.date, figures: dict, *, past: bool, first_joined: datetime.date | None, yearly: list | None = None
) -> list[str]:
    """The sentences for `day` (`past`: before today); `first_joined` is the registry's first joining;
    `yearly` the disclosed yearly aggregates (`reports.public`), of which the latest year is told."""
    totals = figures["totals"]
    if not totals["members"]:
        return [end_sentence(no_members(day, past=past, first_joined=first_joined))]
    sentences = [_members_sentence(day, totals["members"], past), _countries_sentence(figures, past)]
    sentences += headcount_sentences(totals, past)
    sentences.append(_incubator_sentence(totals["incubator"], figures["incubators"], past))
    sentences += yearly_sentences(yearly[-1]) if yearly else []
    return [end_sentence(sentence) for sentence in sentences]


def yearly_sentences(latest) -> list[str]:
    """The latest year's aggregates the disclosure rule lets through; a figure held back is not told here
    (the home page's table says why)."""
    figures, year = latest.figures, latest.year
    sentences = []
    if figures["employees"].shown:
        count = figures["employees"].value
        sentences.append(
            ngettext(
                "In %(year)s the members employed %(count)s person on average.",
                "In %(year)s the members employed %(count)s people on average.",
                count,
            )
            % {"year": year, "count": intcomma(count)}
        )
    if figures["revenue_sme"].shown:
        sentences.append(
            _("In %(year)s the revenue of the small and medium-sized members was %(amount)s thousand roubles.")
            % {"year": year, "amount": intcomma(figures["revenue_sme"].value)}
        )
    if figures["new_products"].shown:
        count = figures["new_products"].value
        sentences.append(
            ngettext(
                "In %(year)s the members brought %(count)s new product or service to market.",
                "In %(year)s the members brought %(count)s new products and services to market.",
                count,
            )
            % {"year": year, "count": intcomma(count)}
        )
    return sentences


def end_sentence(sentence: str) -> str:
    """One full stop at the end: a sentence ending in an abbreviation («2014 г.») takes no second one."""
    return sentence[:-1] if sentence.endswith("..") else sentence


def no_members(day: datetime.date, *, past: bool, first_joined: datetime.date | None) -> str:
    """What to say on a day without members: before the first joining, the registry did not have any yet."""
    if first_joined is None or (not past and first_joined > day):
        return _("The registry has no members yet.")
    if first_joined > day:
        return _("On %(date)s the registry had no members yet: the first joined on %(first)s.") % {
            "date": day_label(day),
            "first": day_label(first_joined),
        }
    if past:
        return _("On %(date)s the cluster had no members.") % {"date": day_label(day)}
    return _("The cluster has no current members.")


def _members_sentence(day: datetime.date, count: int, past: bool) -> str:
    if past:
        text = ngettext(
            "As of %(date)s, the cluster had %(count)s member.",
            "As of %(date)s, the cluster had %(count)s members.",
            count,
        )
    else:
        text = ngettext(
            "As of %(date)s, the cluster has %(count)s member.",
            "As of %(date)s, the cluster has %(count)s members.",
            count,
        )
    return text % {"date": day_label(day), "count": count}


def _countries_sentence(figures: dict, past: bool) -> str:
    names = []
    for row in figures["by_country"]:
        regions = figures["russian_regions"] if row["country"] == "RU" else []
        names.append(f"{row['name']} ({join_words(regions)})" if regions else str(row["name"]))
    count = len(names)
    if past:
        text = ngettext(
            "They came from %(count)s country: %(countries)s.",
            "They came from %(count)s countries: %(countries)s.",
            count,
        )
    else:
        text = ngettext(
            "They come from %(count)s country: %(countries)s.",
            "They come from %(count)s countries: %(countries)s.",
            count,
        )
    return text % {"count": count, "countries": join_words(names)}


def headcount_sentences(totals: dict, past: bool) -> list[str]:
    """The headcount of all members, or of those who had reported it and how many of how many they were."""
    headcount, reported, members = totals["headcount"], totals["reported"], totals["members"]
    if not reported:
        return [no_headcount(past)]
    if reported == members:
        return [_headcount_of_all(headcount, past)]
    return [_reported_share(reported, members, past), _headcount_of_those_reported(headcount, past)]


def no_headcount(past: bool) -> str:
    if past:
        return _("No member had reported its headcount by then.")
    return _("No member has reported its headcount yet.")


def _headcount_of_all(headcount: int, past: bool) -> str:
    if _rounded(headcount):
        if past:
            return _("Member organisations employed more than %(rounded)s people (%(exact)s in all).") % _rounded(
                headcount
            )
        return _("Member organisations employ more than %(rounded)s people (%(exact)s in all).") % _rounded(headcount)
    if past:
        text = ngettext(
            "Member organisations employed %(count)s person.",
            "Member organisations employed %(count)s people.",
            headcount,
        )
    else:
        text = ngettext(
            "Member organisations employ %(count)s person.", "Member organisations employ %(count)s people.", headcount
        )
    return text % {"count": intcomma(headcount)}


def _rounded(headcount: int) -> dict | None:
    # As the release puts it: "more than 44,000", then the exact figure.
    if headcount < 1000 or not headcount % 1000:
        return None
    return {"rounded": intcomma(headcount // 1000 * 1000), "exact": intcomma(headcount)}


def _reported_share(reported: int, members: int, past: bool) -> str:
    if past:
        text = ngettext(
            "By then, %(reported)s of the %(members)s member had reported its headcount.",
            "By then, %(reported)s of the %(members)s members had reported their headcount.",
            members,
        )
    else:
        text = ngettext(
            "%(reported)s of the %(members)s member has reported its headcount.",
            "%(reported)s of the %(members)s members have reported their headcount.",
            members,
        )
    return text % {"reported": reported, "members": members}


def _headcount_of_those_reported(headcount: int, past: bool) -> str:
    if _rounded(headcount):
        if past:
            return _("Together they employed more than %(rounded)s people (%(exact)s in all).") % _rounded(headcount)
        return _("Together they employ more than %(rounded)s people (%(exact)s in all).") % _rounded(headcount)
    if past:
        text = ngettext(
            "Together they employed %(count)s person.", "Together they employed %(count)s people.", headcount
        )
    else:
        text = ngettext("Together they employ %(count)s person.", "Together they employ %(count)s people.", headcount)
    return text % {"count": intcomma(headcount)}


def headcount_note(totals: dict, past: bool) -> str:
    """The headcount card's and chart's caveat: how many members it counts, when not all of them."""
    reported, members = totals["reported"], totals["members"]
    if not members or reported == members:
        return ""
    if not reported:
        return no_headcount(past)
    return ngettext(
        "reported by %(reported)s of %(members)s member", "reported by %(reported)s of %(members)s members", members
    ) % {"reported": reported, "members": members}


def _incubator_sentence(count: int, incubators: list, past: bool) -> str:
    if not count:
        return (
            _("No member was a resident or alumnus of a business incubator.")
            if past
            else _("No member is a resident or alumnus of a business incubator.")
        )
    names = join_words([f"{i.name} ({i.operator})" if i.operator else i.name for i in incubators])
    values = {"count": count, "incubators": names}
    if past:
        return (
            ngettext(
                "%(count)s member was a resident or alumnus of a business incubator: %(incubators)s.",
                "%(count)s members were residents or alumni of a business incubator: %(incubators)s.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "%(count)s member is a resident or alumnus of a business incubator: %(incubators)s.",
            "%(count)s members are residents or alumni of a business incubator: %(incubators)s.",
            count,
        )
        % values
    )
