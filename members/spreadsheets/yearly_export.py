"""The staff export of yearly figures: the yearly import's template (`yearly_columns`), from the admin's list.

Exported, left unchanged and imported again, every row is unchanged. Without
`members.view_yearly_figures` the confidential amounts are left out (`yearly_columns`).
"""

import io

from django.db.models import QuerySet
from django.utils.text import capfirst
from import_export import resources
from import_export.fields import Field
from import_export.formats import base_formats

from .public_export import SheetWriter, write_csv
from .staff_export import EXPORT_CHUNK_SIZE
from .yearly_columns import YEARLY_COLUMNS, yearly_columns


def yearly_export_value(figures, key: str):
    """The value of the column `key` for a row of figures, in the type it has in the spreadsheet."""
    member = figures.member
    if key == "country":
        return str(member.country)
    if key in ("registration_number", "slug"):
        return getattr(member, key)
    if key == "name":
        return member.name
    if key == "source":
        return figures.get_source_display()
    return getattr(figures, key)


class YearlyExportResource(resources.Resource):
    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("member")

    def export_field(self, field, instance, **kwargs):
        return yearly_export_value(instance, field.attribute)

    def iter_queryset(self, queryset):
        if not isinstance(queryset, QuerySet):
            return super().iter_queryset(queryset)
        return queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE)

    @classmethod
    def get_display_name(cls):
        return cls.__name__


def _resource(name: str, *, with_figures: bool):
    columns = yearly_columns(with_figures=with_figures)
    attributes = {
        column.key: Field(attribute=column.key, column_name=capfirst(column.label), readonly=True) for column in columns
    }
    attributes["Meta"] = type("Meta", (), {"export_order": [column.key for column in columns]})
    attributes["__doc__"] = "Yearly figures as the import reads them" + ("." if with_figures else ", no amounts.")
    return type(name, (YearlyExportResource,), attributes)


YearlyResource = _resource("YearlyResource", with_figures=False)
YearlyResourceWithFigures = _resource("YearlyResourceWithFigures", with_figures=True)


def _width(header) -> int:
    return next((column.width for column in YEARLY_COLUMNS if str(capfirst(column.label)) == header), 16)


class YearlyXLSX(base_formats.XLSX):
    """xlsx of typed cells, frozen header, formula-safe (as the member export)."""

    def export_data(self, dataset, **kwargs):
        writer = SheetWriter("yearly figures", [(header, _width(header)) for header in dataset.headers])
        for row in dataset:
            writer.append(row)
        buffer = io.BytesIO()
        writer.save(buffer)
        return buffer.getvalue()


class YearlyCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return write_csv(dataset.headers, dataset)
