"""Report 3, the membership's composition at a year's end, for the ECCP profile and the cluster labelling.

Members by type, by size category and by country, the share of SMEs and of foreign members, the
members who joined and left during the year, and the membership's stability: the share of the
members at the previous year's end who are still members at this year's end. Five queries: the
members at both years' ends by type, country and size category, and one count each for joined, left
and stayed.
"""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django_countries import countries

from members.charts import bar_chart
from members.models import Member, MembershipPeriod
from members.size import SME, SizeCategory

from . import figures as f

HOME_COUNTRY = "RU"  # the cluster's own country: members elsewhere are its foreign members


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, one decimal (None of nothing)."""
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def composition(year: int) -> dict:
    rows = {y: f.composition_rows(y) for y in (year - 1, year)}
    total = {y: sum(row["members"] for row in rows[y]) for y in rows}
    smes = {y: sum(row["members"] for row in rows[y] if row["size"] in SME) for y in rows}
    foreign = {y: sum(row["members"] for row in rows[y] if str(row["country"]) != HOME_COUNTRY) for y in rows}
    movement = joined_left_stayed(year)
    tables = [
        {"key": "by_type", "title": _("Members by type"), "header": _("Member type"),
         "rows": grouped(rows, year, "member_type", dict(Member.Type.choices))},
        {"key": "by_size", "title": _("Members by size category"), "header": _("Size category"),
         "rows": grouped(rows, year, "size", dict(SizeCategory.choices) | {"": _("not known")}, ordered=True)},
        {"key": "by_country", "title": _("Members by country"), "header": _("Country"),
         "rows": grouped(rows, year, "country", dict(countries))},
    ]  # fmt: skip
    return {
        "year": year,
        **{table["key"]: table["rows"] for table in tables},
        "tables": tables,
        "charts": [_chart(table, year) for table in tables],
        "members": total[year],
        "previous_members": total[year - 1],
        "smes": smes[year],
        "sme_share": share(smes[year], total[year]),
        "previous_sme_share": share(smes[year - 1], total[year - 1]),
        "foreign": foreign[year],
        "foreign_share": share(foreign[year], total[year]),
        "previous_foreign_share": share(foreign[year - 1], total[year - 1]),
        **movement,
        "stability": share(movement["stayed"], total[year - 1]),
    }


def _chart(table: dict, year: int) -> dict:
    return bar_chart(
        chart_id=f"chart-{table['key'].replace('_', '-')}",
        title=table["title"],
        label_header=table["header"],
        series=[str(year - 1), str(year)],
        rows=[(row["label"], row["previous"], row["members"]) for row in table["rows"]],
    )


def grouped(rows: dict, year: int, key: str, labels: dict, *, ordered: bool = False) -> list[dict]:
    """Members at this and the previous year's end per value of `key`, most first (or in `labels`' order)."""
    values = {str(row[key]) for y in rows for row in rows[y]}
    table = []
    for value in values:
        counts = [sum(r["members"] for r in rows[y] if str(r[key]) == value) for y in (year - 1, year)]
        table.append(
            {"value": value, "label": str(labels.get(value, value)), "previous": counts[0], "members": counts[1]}
        )
    if ordered:
        order = list(labels)
        return sorted(table, key=lambda row: order.index(row["value"]) if row["value"] in order else len(order))
    return sorted(table, key=lambda row: (-row["members"], -row["previous"], row["label"]))


def joined_left_stayed(year: int) -> dict[str, int]:
    """Members who joined during `year`, who left during it and were not members at its end, and who stayed
    (members at the previous year's end and at this one's)."""
    periods = MembershipPeriod.objects.order_by()
    at_end = f.members_at_year_end(year)
    joined = periods.filter(joined_on__year=year).values("member").distinct().count()
    left = periods.filter(left_on__year=year).exclude(Q(member__in=at_end)).values("member").distinct().count()
    stayed = f.members_at_year_end(year - 1).filter(pk__in=at_end).count()
    return {"joined": joined, "left": left, "stayed": stayed}
