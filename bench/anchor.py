"""The anchor: what a Django developer would reach for instead, django-import-export at its defaults.

A plain ModelResource of the member: every field, foreign keys as ids, no bulk options, the
library's own xlsx format. Nothing here is tuned; that is the point.
"""

from import_export import resources
from import_export.formats.base_formats import XLSX

from members.models import Member


class MemberResource(resources.ModelResource):
    class Meta:
        model = Member


def xlsx_format() -> XLSX:
    return XLSX()


def export_xlsx(queryset) -> tuple[bytes, int]:
    dataset = MemberResource().export(queryset=queryset)
    return XLSX().export_data(dataset), len(dataset)


def read_xlsx(content: bytes):
    return XLSX().create_dataset(content)


def import_xlsx(content: bytes, *, dry_run: bool = False):
    """Import as the admin's confirm step does: the whole dataset, the library's default options."""
    result = MemberResource().import_data(read_xlsx(content), dry_run=dry_run)
    if result.has_errors() or result.has_validation_errors():
        errors = result.base_errors or result.row_errors()[:3] or [row.error for row in result.invalid_rows[:3]]
        raise RuntimeError(f"django-import-export refused the file: {errors}")
    return result.totals
