"""The import report as the preview page shows it: each row's status and its changes in words."""

import datetime

from django.utils.translation import gettext as _
from django_countries import countries

from ..models import Incubator, Region, Sector
from .columns import BY_KEY, CHOICES
from .engine import ERROR, NEW, UNCHANGED, UPDATED, ImportReport


def status_labels() -> dict[str, str]:
    return {
        NEW: _("will be added"),
        UPDATED: _("will be updated"),
        UNCHANGED: _("no change"),
        ERROR: _("has errors"),
    }


class ValueNames:
    """Shows an old or new value as a person reads it (names for ids, labels for codes)."""

    def __init__(self):
        self._names = {}

    def names(self, key: str) -> dict:
        if key not in self._names:
            model = {"region": Region, "incubator": Incubator, "sectors": Sector}[key]
            self._names[key] = {item.pk: item.name for item in model.objects.all()}
        return self._names[key]

    def show(self, key: str, value) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if key in ("region", "incubator"):
            return self.names(key).get(value, str(value))
        if key == "sectors":
            return "; ".join(self.names(key).get(pk, str(pk)) for pk in value)
        if key in CHOICES:
            return str(dict(CHOICES[key].choices).get(value, value))
        if key == "country":
            return f"{countries.name(value)} ({value})"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)


STATUS_ORDER = {ERROR: 0, UPDATED: 1, NEW: 2, UNCHANGED: 3}  # what needs a look first


def show_read(value, names: ValueNames) -> str:
    """A value as the file gave it (a refused cell) or as the import read it, for an error's row."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, frozenset):
        return names.show("sectors", sorted(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return names.show("", value)


def describe_report(report: ImportReport) -> dict:
    """The preview's rows: those that change or fail first (errors, updates, additions), then the unchanged."""
    names, labels = ValueNames(), status_labels()

    def describe(key, old, new):
        return str(BY_KEY[key].label), names.show(key, old), names.show(key, new)

    rows = [
        {
            "row": outcome.row,
            "status": outcome.status,
            "status_label": labels[outcome.status],
            "is_new": outcome.status == NEW,
            "name": outcome.name,
            "changes": [describe(*change) for change in outcome.changes],
        }
        for outcome in sorted(report.rows, key=lambda outcome: (STATUS_ORDER[outcome.status], outcome.row))
    ]
    errors = [
        {"row": error.row, "name": error.name, "column": error.column, "value": show_read(error.value, names),
         "message": error.message}
        for error in report.errors
    ]  # fmt: skip
    return {
        "changed": [row for row in rows if row["status"] != UNCHANGED],
        "unchanged": [row for row in rows if row["status"] == UNCHANGED],
        "errors": errors,
    }
