"""Geometry of the chairmanship timeline, drawn as SVG by templates/governance/includes/timeline.svg.html.

One bar per term on a line of months. A term handed over within a month ends (and the next one
begins) in the middle of that month, since the release does not say on which day; other terms
fill their first and last months. Coordinates are strings, formatted here, so that no locale
writes a decimal comma into the SVG.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from .querysets import months_from

WIDTH = 1000
PAD = 12
TONES = 6


@dataclass(frozen=True)
class Bar:
    term: object
    x: str
    width: str
    middle: str
    tone: int
    marked: bool


@dataclass(frozen=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def build_timeline(terms: list, marked=None) -> Timeline | None:
    """The timeline of `terms` (in order), with `marked` (the current or last known term) marked."""
    if not terms:
        return None
    start = terms[0].first_month
    end = max(term.last_month for term in terms)
    scale = (WIDTH - 2 * PAD) / (months_from(start, end) + 1)

    def x_of(month: datetime.date, fraction: float) -> float:
        return PAD + (months_from(start, month) + fraction) * scale

    starts, ends = Counter(term.first_month for term in terms), Counter(term.last_month for term in terms)
    tones: dict[str, int] = {}
    bars = []
    for term in terms:
        own = 1 if term.first_month == term.last_month else 0  # a one-month term begins and ends in its month
        left = x_of(term.first_month, 0.5 if ends[term.first_month] > own else 0)
        right = max(x_of(term.last_month, 0.5 if starts[term.last_month] > own else 1), left + scale / 4)
        tone = tones.setdefault(str(term.country), len(tones) % TONES + 1)
        bars.append(
            Bar(
                term,
                _coordinate(left),
                _coordinate(right - left),
                _coordinate((left + right) / 2),
                tone,
                term == marked,
            )
        )
    ticks = [
        Tick(_coordinate(x_of(datetime.date(year, 1, 1), 0)), str(year))
        for year in range(start.year + (start.month > 1), end.year + 1)
    ]
    return Timeline(bars, ticks)
