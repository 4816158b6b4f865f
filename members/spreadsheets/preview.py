"""The import report as the preview page shows it: each row's status and its changes in words."""

import datetime

from django.utils.translation import gettext as _

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
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)


def describe_report(report: ImportReport) -> list[dict]:
    names, labels = ValueNames(), status_labels()

    def describe(key, old, new):
        return str(BY_KEY[key].label), names.show(key, old), names.show(key, new)

    return [
        {
            "row": outcome.row,
            "status": outcome.status,
            "status_label": labels[outcome.status],
            "name": outcome.name,
            "changes": [describe(*change) for change in outcome.changes],
        }
        for outcome in report.rows
    ]
