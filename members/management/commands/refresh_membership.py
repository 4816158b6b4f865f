"""`manage.py refresh_membership`: bring every member's maintained membership state to today.

The write paths keep the state (`MemberQuerySet.sync_summaries()`); what changes with no write is the
day: a member whose leaving or joining date arrives. The first read of a new day in each process does
the same pass (`MemberQuerySet.fresh_state()`), so this command, scheduled just after midnight (README,
"Membership state"), only takes that one UPDATE off the day's first visitor. Running it again changes
nothing. It also settles the members queued for the figures as of past days (`members.as_of`), which a
page leaves to it when a bulk write queued more than a page should settle.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from members import as_of
from members.models import Member


class Command(BaseCommand):
    help = _("Bring the members' stored membership state (current or not) to today.")

    def handle(self, *args, **options):
        changed = Member.objects.refresh_membership_state(timezone.localdate())
        self.stdout.write(_("Membership state brought to today: %(count)s members changed.") % {"count": changed})
        settled = as_of.settle()
        self.stdout.write(_("Figures as of past days brought up to date for %(count)s members.") % {"count": settled})
