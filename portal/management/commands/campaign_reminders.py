"""`manage.py campaign_reminders`: run daily (cron, a systemd timer): each open campaign whose reminder falls due
reminds, once, those who have not answered (`Campaign.remind_days_before` days before its deadline)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.campaigns import campaigns_due_for_reminder
from portal.tasks import remind_campaign


class Command(BaseCommand):
    help = "Queue the automatic reminders of the questionnaire campaigns that fall due today."

    def handle(self, *args, **options):
        today = timezone.localdate()
        for campaign in campaigns_due_for_reminder(today):
            remind_campaign.enqueue(campaign.pk)
            campaign.reminded_on = today
            campaign.save(update_fields=["reminded_on"])
            self.stdout.write(f"Reminders of the {campaign.year} campaign queued.")
