"""The staff export from the admin's member list: django-import-export's export, with safe file formats.

django-import-export gives the admin its export button, the choice of format and of columns, and the
changelist's filters and search (its ExportMixin rebuilds the admin's ChangeList, so the custom
`MembershipStatusFilter` and `MemberAdmin.get_search_results` apply). What it does not do well is done
here: values keep their types (numbers, dates, yes/no), and text that a spreadsheet would take for a
formula is written as text in both formats (`IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT` would turn every
cell into text and drop the leading `=`). The columns are those of the import, so an export is a
template: exported, left unchanged and imported again, every row is unchanged.
"""

import io

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.text import capfirst
from import_export import resources
from import_export.fields import Field
from import_export.formats import base_formats

from ..models import HeadcountReport, MembershipPeriod
from .columns import BY_KEY, staff_columns
from .public_export import SheetWriter, write_csv

# Rows fetched (and their sectors prefetched) at a time by the staff export.
EXPORT_CHUNK_SIZE = 2000

LATEST = {
    "headcount": ("headcount", "employees"),
    "headcount_reported_on": ("headcount", "reported_on"),
    "joined_on": ("period", "joined_on"),
    "left_on": ("period", "left_on"),
    "leave_reason": ("period", "leave_reason"),
}


def export_value(member, key: str):
    """A member's value for the column `key`, in the type it has in the spreadsheet."""
    if key in ("member_type", "cluster_role"):
        return getattr(member, f"get_{key}_display")()
    if key == "incubator_status":
        return member.get_incubator_status_display() if member.incubator_status else ""
    if key == "country":
        return str(member.country)
    if key in ("region", "incubator"):
        related = getattr(member, key)
        return related.name if related else ""
    if key == "sectors":
        return "; ".join(sector.name for sector in member.sectors.all())
    if key in LATEST:
        return getattr(member, f"latest_{key}")
    return getattr(member, key)


class ChunkedResource(resources.Resource):
    """A staff export's resource: its queryset read in one pass, chunk by chunk."""

    def iter_queryset(self, queryset):
        # django-import-export pages a prefetching queryset with OFFSET, 100 rows a page, running the
        # whole sorted query again for every page: quadratic, 13 minutes for 100,000 members. Django
        # prefetches chunk by chunk when it iterates with a chunk size, in one pass.
        if not isinstance(queryset, QuerySet):
            return super().iter_queryset(queryset)
        return queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE)

    @classmethod
    def get_display_name(cls):
        return cls.__name__


def columns_resource(name: str, base: type, columns, doc: str) -> type:
    """A resource class named `name` with one read-only field for each of `columns` (headers their labels)."""
    attributes = {
        column.key: Field(attribute=column.key, column_name=capfirst(column.label), readonly=True) for column in columns
    }
    attributes["Meta"] = type("Meta", (), {"export_order": [column.key for column in columns]})
    attributes["__doc__"] = doc
    return type(name, (base,), attributes)


class MemberExportResource(ChunkedResource):
    """Members as the import reads them, without contact details."""

    def filter_export(self, queryset, **kwargs):
        reports = HeadcountReport.objects.filter(member=OuterRef("pk")).order_by("-reported_on", "-pk")
        periods = MembershipPeriod.objects.filter(member=OuterRef("pk")).order_by("-joined_on")
        sources = {"headcount": reports, "period": periods}
        latest = {
            f"latest_{key}": Subquery(sources[source].values(field)[:1]) for key, (source, field) in LATEST.items()
        }
        return queryset.select_related("region", "incubator").prefetch_related("sectors").annotate(**latest)

    def export_field(self, field, instance, **kwargs):
        return export_value(instance, field.attribute)


def _resource(name: str, *, with_contacts: bool):
    doc = "Members as the import reads them" + (", with contact details." if with_contacts else ".")
    return columns_resource(name, MemberExportResource, staff_columns(with_contacts=with_contacts), doc)


MemberResource = _resource("MemberResource", with_contacts=False)
MemberResourceWithContacts = _resource("MemberResourceWithContacts", with_contacts=True)


class SafeXLSX(base_formats.XLSX):
    """xlsx written in openpyxl's write-only mode: typed cells, frozen header, autofilter, formula-safe."""

    sheet_title = "members"
    columns = tuple(BY_KEY.values())

    def _width(self, header) -> int:
        return next((column.width for column in self.columns if str(capfirst(column.label)) == header), 18)

    def export_data(self, dataset, **kwargs):
        writer = SheetWriter(self.sheet_title, [(header, self._width(header)) for header in dataset.headers])
        for row in dataset:
            writer.append(row)
        buffer = io.BytesIO()
        writer.save(buffer)
        return buffer.getvalue()


class SafeCSV(base_formats.CSV):
    """UTF-8 csv (with the byte order mark Excel needs), formula-like text behind an apostrophe."""

    def export_data(self, dataset, **kwargs):
        return write_csv(dataset.headers, dataset)
