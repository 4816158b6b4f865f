"""The directory's list as CSV and JSON, beside the xlsx; and the public allow-list the API reads.

`/members/export.csv` and `/members/export.json` take the directory's query string and hold exactly the
rows the directory lists for it, in its order, with the xlsx's columns (`public_rows()`). This is the one
module that reads the public export's definitions: the API takes `PUBLIC_FIELDS` from here.

CSV for Excel: UTF-8 with a byte-order mark, every field quoted, and text that a spreadsheet would take
for a formula behind an apostrophe, as in the xlsx; also after a `;` or `,` inside a value, since Excel
in a Russian locale splits the line on `;` and would read what follows it as a cell of its own.
"""

import codecs
import csv
import datetime
import json

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language

from pagecache.downloads import serve_download

from ..filters import directory_queryset
from .public_export import PUBLIC_COLUMNS, PUBLIC_FIELDS, csv_text, public_rows

__all__ = ["PUBLIC_FIELDS", "member_list_csv", "member_list_json"]


class _Echo:
    def write(self, value):
        return value


def _filename(extension: str) -> str:
    return f"{settings.CLUSTER_SHORT_NAME}-members-{timezone.localdate().isoformat()}.{extension}"


def _download(request, chunks_of, *, extension: str, content_type: str):
    """The directory's rows for the request's query string, written by `chunks_of(rows)` as UTF-8 text.

    Served like the xlsx (`pagecache.downloads.serve_download`): from the cache under the registry's
    revision when it is there, otherwise built in one of the bounded export slots, 503 when all are taken.
    """
    page_prefix = request.build_absolute_uri(reverse("members:member-detail", kwargs={"slug": "x"}))[:-2]

    def build(target):
        _filterset, members = directory_queryset(request.GET, language=get_language())
        text = codecs.getwriter("utf-8")(target)
        for chunk in chunks_of(public_rows(members, page_prefix=page_prefix)):
            text.write(chunk)

    return serve_download(request, build, filename=_filename(extension), content_type=content_type)


def _csv_lines(rows):
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    yield "\ufeff" + writer.writerow([csv_text(capfirst(str(label))) for _key, label, _width in PUBLIC_COLUMNS])
    for row in rows:
        yield writer.writerow([csv_text(value) for value in row])


def member_list_csv(request):
    """`/members/export.csv`: the directory's list for the same query string."""
    return _download(request, _csv_lines, extension="csv", content_type="text/csv; charset=utf-8")


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _json_chunks(rows):
    keys = [key for key, _label, _width in PUBLIC_COLUMNS]
    yield '{"members": ['
    for index, row in enumerate(rows):
        record = {key: _json_value(value) for key, value in zip(keys, row, strict=True)}
        yield ("," if index else "") + json.dumps(record, ensure_ascii=False)
    yield "]}"


def member_list_json(request):
    """`/members/export.json`: the same rows as `{"members": [...]}`, keyed as the xlsx's columns."""
    return _download(request, _json_chunks, extension="json", content_type="application/json")
