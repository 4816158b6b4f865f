"""Load the cluster's facts and the sample data; running it again changes nothing.

Every fixture uses natural keys (slugs, codes, dates), so loading it a second time finds the
rows it made the first time and updates them in place instead of adding copies.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from governance.services import chair_terms_check
from members.models import Member

# Facts of the press release first, then the sample data that builds on them.
FIXTURES = ["cluster_facts", "governance_facts", "projects_facts", "sample_members", "sample_projects"]


class Command(BaseCommand):
    help = "Load the cluster's facts (real) and the sample members (fictional), idempotently."

    def add_arguments(self, parser):
        parser.add_argument("--facts-only", action="store_true", help="Load the press release's facts only.")

    @transaction.atomic
    def handle(self, *args, facts_only=False, verbosity=1, **options):
        fixtures = [name for name in FIXTURES if not facts_only or not name.startswith("sample_")]
        call_command("loaddata", *fixtures, verbosity=verbosity)
        chair_terms_check()  # loaddata bypasses validation; on SQLite nothing else would refuse an overlap
        check_loaded_records()
        refresh_member_summaries()
        totals = Member.objects.public().totals()
        self.stdout.write(
            self.style.SUCCESS(
                f"Registry data loaded: {totals['members']} current members, {totals['headcount']} employees, "
                f"{totals['incubator']} incubator residents and alumni."
            )
        )


# The models the fixtures hold, checked by their own rules (`full_clean()`), as the admin checks them.
CHECKED_APPS = ("members", "governance", "projects")


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
