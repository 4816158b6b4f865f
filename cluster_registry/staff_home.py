"""The staff's start page (`/admin/`): the registry's figures, the latest changes, and the work to do.

Every part reads a bounded number of rows, so the page costs the same number of queries whatever the
size of the registry: the figures come from the same QuerySet method as the home page's, the work to do
from `members.worklist` (one query per membership list), the latest changes from the newest rows of
each history table, the chair from `ChairTerm.objects.last_known()`, and the import's last runs.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from governance.models import ChairTerm
from governance.querysets import month_start, months_from
from members.import_runs import ImportRun
from members.models import Member
from members.worklist import members_to_do

from .roles import REGISTRY_APPS

LATEST_CHANGES = 10
LATEST_IMPORTS = 5
# Models without an admin of their own, edited on another model's page: their changes link to its history.
EDITED_ON = {"members.membershipperiod": "member", "members.headcountreport": "member"}


@dataclass
class LatestChange:
    record: object  # a historical row
    kind: str
    label: str
    url: str | None


def start_page_context(request) -> dict:
    user = request.user
    context = {"figures": Member.objects.public().totals(), "latest_changes": latest_changes(user)}
    if user.has_perm("members.view_member"):
        changelist = reverse("admin:members_member_changelist")
        context["work"] = [
            {**row, "url": f"{changelist}?{urlencode({'todo': row['item'].key, 'membership': row['item'].membership})}"}
            for row in members_to_do(user)
        ]
        context["import_runs"] = list(ImportRun.objects.select_related("user")[:LATEST_IMPORTS])
    if user.has_perm("governance.view_chairterm"):
        context["chair_gap"] = chair_gap()
    return context


def chair_gap() -> dict | None:
    """Months since the last chairmanship term ended, when no term covers this month (None otherwise)."""
    today = timezone.localdate()
    if ChairTerm.objects.covering(today).exists():
        return None
    last = ChairTerm.objects.last_known(today)
    months = months_from(last.last_month, month_start(today)) if last else None
    return {"last": last, "months": months, "url": reverse("admin:governance_chairterm_changelist")}


def history_models(user) -> list:
    """The registry's models that keep a history and that `user` may view (or whose owner they may view)."""
    models = []
    for model in apps.get_models():
        if not hasattr(model._meta, "simple_history_manager_attribute") or model._meta.app_label not in REGISTRY_APPS:
            continue
        owner = (
            model._meta.get_field(EDITED_ON[model._meta.label_lower]).related_model
            if model._meta.label_lower in EDITED_ON
            else model
        )
        if user.has_perm(f"{owner._meta.app_label}.view_{owner._meta.model_name}"):
            models.append(model)
    return models


def latest_changes(user) -> list[LatestChange]:
    """The newest history rows across the registry's models: one query per model, LATEST_CHANGES rows each."""
    rows = []
    for model in history_models(user):
        history = model.history.model
        related = [f.name for f in history._meta.fields if f.is_relation and f.name in ("member", "history_user")]
        rows += list(history.objects.select_related(*related).order_by("-history_date")[:LATEST_CHANGES])
    rows = sorted(rows, key=lambda row: row.history_date, reverse=True)[:LATEST_CHANGES]
    return [describe(row) for row in rows]


def describe(row) -> LatestChange:
    model = row.instance_type
    label = str(row.history_object)  # built from the row alone (`.instance` reads excluded fields anew)
    owner_field = EDITED_ON.get(model._meta.label_lower)
    if owner_field:
        owner = getattr(row, owner_field, None)
        label = f"{owner}: {label}" if owner else label
        url = _history_url(owner._meta, owner.pk) if owner else None
    else:
        url = _history_url(model._meta, row.id)
    return LatestChange(row, str(model._meta.verbose_name), label, url)


def _history_url(opts, pk) -> str | None:
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[pk])
    except NoReverseMatch:
        return None
