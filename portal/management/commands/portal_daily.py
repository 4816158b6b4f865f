"""`manage.py portal_daily`: run once a day (cron, a systemd timer).

- Each open campaign whose automatic reminder falls due (`Campaign.remind_days_before` days before its
  deadline) reminds, once, those who have not answered.
- Applications never confirmed are deleted a week after they were sent, with the applicant's details: their
  confirmation links expired long before.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.applications import applications_purge_unconfirmed
from portal.campaigns import campaigns_due_for_reminder
from portal.tasks import remind_campaign


class Command(BaseCommand):
    help = "The members' side's daily work: due campaign reminders, unconfirmed applications removed."

    def handle(self, *args, **options):
        today = timezone.localdate()
        for campaign in campaigns_due_for_reminder(today):
            remind_campaign.enqueue(campaign.pk)
            campaign.reminded_on = today
            campaign.save(update_fields=["reminded_on"])
            self.stdout.write(f"Reminders of the {campaign.year} campaign queued.")
        purged = applications_purge_unconfirmed()
        if purged:
            self.stdout.write(f"Removed {purged} unconfirmed application(s).")
