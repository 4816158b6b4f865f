"""The staff export of yearly figures: the yearly import's template (`yearly_columns`), from the admin's list.

Exported, left unchanged and imported again, every row is unchanged. Without
`members.view_yearly_figures` the confidential amounts are left out (`yearly_columns`). The resource and
the file formats are the member export's (`staff_export`), with the yearly columns.
"""

from .staff_export import ChunkedResource, SafeCSV, SafeXLSX, columns_resource
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


class YearlyExportResource(ChunkedResource):
    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("member")

    def export_field(self, field, instance, **kwargs):
        return yearly_export_value(instance, field.attribute)


YearlyResource = columns_resource(
    "YearlyResource", YearlyExportResource, yearly_columns(with_figures=False), "Yearly figures, no amounts."
)
YearlyResourceWithFigures = columns_resource(
    "YearlyResourceWithFigures", YearlyExportResource, yearly_columns(with_figures=True), "Yearly figures."
)


class YearlyXLSX(SafeXLSX):
    sheet_title = "yearly figures"
    columns = YEARLY_COLUMNS


YearlyCSV = SafeCSV
