"""Load the cluster's facts and the sample data; running it again changes nothing.

Every fixture uses natural keys (slugs, codes, dates), so loading it a second time finds the
rows it made the first time and updates them in place instead of adding copies.

loaddata saves raw, so django-simple-history records nothing: each record the fixtures hold and
that has no history yet gets its first history row here, as created, with a reason naming the
fixture it came from. A second run finds that row and adds none.
"""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import post_save
from django.utils import timezone

from governance.services import chair_terms_check
from members.models import Member, YearlyFigures

# Facts of the press release first, then the sample data that builds on them.
# The release gives no yearly figure and no target: figures, exchange rates and targets are sample data only.
FIXTURES = [
    "cluster_facts",
    "governance_facts",
    "projects_facts",
    "reports_facts",
    "sample_members",
    "sample_projects",
    "sample_exchange_rates",
    "sample_yearly_figures",
    "sample_reports",
]


def loaded_from(fixture: str) -> str:
    """The change reason of a record's first history row when a fixture created it (language-neutral)."""
    return f"load_registry_data: fixtures/{fixture}.json"


class Command(BaseCommand):
    help = "Load the cluster's facts (real) and the sample members (fictional), idempotently."

    def add_arguments(self, parser):
        parser.add_argument("--facts-only", action="store_true", help="Load the press release's facts only.")

    @transaction.atomic
    def handle(self, *args, facts_only=False, verbosity=1, **options):
        fixtures = [name for name in FIXTURES if not facts_only or not name.startswith("sample_")]
        loaded = {fixture: load_collecting(fixture, verbosity=verbosity) for fixture in fixtures}
        chair_terms_check()  # loaddata bypasses validation; on SQLite nothing else would refuse an overlap
        check_loaded_records()
        refresh_member_summaries()
        refresh_yearly_sizes()
        for fixture, (started, saved) in loaded.items():  # after the summaries, so the first rows carry them
            for model, pks in saved.items():
                record_first_history(model, pks, reason=loaded_from(fixture), when=started)
        totals = Member.objects.public().totals()
        self.stdout.write(
            self.style.SUCCESS(
                f"Registry data loaded: {totals['members']} current members, {totals['headcount']} employees, "
                f"{totals['incubator']} incubator residents and alumni."
            )
        )


# The models the fixtures hold, checked by their own rules (`full_clean()`), as the admin checks them.
CHECKED_APPS = ("members", "governance", "projects", "reports")


def check_loaded_records() -> None:
    """Refuse fixtures that break a rule of their models (loaddata saves them raw, unchecked)."""
    refusals = []
    for app in CHECKED_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__module__.endswith(".models") and not model.__name__.startswith("Historical"):
                refusals += [_refusal(record) for record in model.objects.all()]
    refusals = [refusal for refusal in refusals if refusal]
    if refusals:
        raise CommandError("\n".join(refusals))


def _refusal(record) -> str:
    try:
        record.full_clean()
    except ValidationError as error:
        return f"{record._meta.label} {record.pk}: {'; '.join(error.messages)}"
    return ""


def load_collecting(fixture: str, *, verbosity: int = 0) -> tuple[datetime.datetime, dict[type, set]]:
    """loaddata one fixture; returns when it began and the primary keys it saved, per model that keeps a history."""
    started, saved = timezone.now(), {}

    def collect(sender, instance, raw=False, **kwargs):
        if raw and hasattr(sender, "history"):
            saved.setdefault(sender, set()).add(instance.pk)

    post_save.connect(collect, weak=False, dispatch_uid="load_registry_data.collect")
    try:
        call_command("loaddata", fixture, verbosity=verbosity)
    finally:
        post_save.disconnect(dispatch_uid="load_registry_data.collect")
    return started, saved


def record_first_history(model, pks, *, reason: str, when: datetime.datetime) -> int:
    """A "created" history row, dated `when`, for each of these records that has none (a second run adds none).

    loaddata may have recorded a change already (simple-history follows many-to-many changes even when raw);
    the creation row is dated before it.
    """
    created = model.history.model.objects.filter(id=OuterRef("pk"), history_type="+")
    missing = list(model._default_manager.filter(pk__in=pks).exclude(Exists(created)))
    model.history.bulk_history_create(missing, default_change_reason=reason, default_date=when)
    return len(missing)


def refresh_member_summaries() -> None:
    """Fixtures are saved raw, bypassing Member.save(); rebuild the derived columns."""
    stale = []
    for member in Member.objects.only("pk", "name_ru", "name_en", "short_name", "city_ru", "city_en", "search_text"):
        text = member.build_search_text()
        if member.search_text != text:
            member.search_text = text
            stale.append(member)
    Member.objects.bulk_update(stale, ["search_text"], batch_size=500)
    Member.objects.sync_summaries()


def refresh_yearly_sizes() -> None:
    """Fixtures hold the figures, not their size category (computed, never typed): compute it for every row.

    No history row: the first history rows, written after this, carry the category.
    """
    YearlyFigures.objects.recompute_sizes()
