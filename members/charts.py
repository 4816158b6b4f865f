"""Bar charts drawn on the server: the data every chart template (`includes/bar_chart.html`) takes.

The home page, the directory's neighbours and the staff reports draw their charts with `bar_chart()`, so
a chart is SVG bars and a table for screen readers everywhere, with no script and no inline style.
"""

from pagecache.fragments import content_key

TEMPLATE = "includes/bar_chart.html"


def bar_chart(
    *, chart_id: str, title: str, label_header: str, series: list[str], rows: list[tuple], note: str = ""
) -> dict:
    """A chart's bars and table: `rows` are (label, value, value, ...) with one value per series.

    Bar lengths are percentages of the largest value, written with a dot whatever the language,
    since they go into SVG attributes. A value of None (not known, or not shown) draws no bar.
    """
    top = max((value for row in rows for value in row[1:] if value is not None), default=0)
    chart = {
        "id": chart_id,
        "title": title,
        "label_header": label_header,
        "series": series,
        "note": note,
        "rows": [
            {"label": row[0], "bars": [{"value": value, "width": _percent(value, top)} for value in row[1:]]}
            for row in rows
        ],
    }
    # Drawing the bars costs more than counting them: a page computed afresh after a change takes an
    # unchanged chart from the fragment cache (`pagecache.fragments`, the key being the chart itself).
    chart["key"] = content_key(chart, template=TEMPLATE)
    return chart


def _percent(value, top) -> str:
    return f"{100 * value / top:.1f}" if top and value is not None else "0"
