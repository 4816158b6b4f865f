"""`manage.py mail_worker`: the background worker (`make run` starts it beside the server; production runs it
as a process of its own). It first puts back the messages a killed worker left half-sent, then runs
django-tasks-db's worker with the options given (`--batch` stops when the queue is empty)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.campaigns import campaigns_resume
from portal.mail import messages_recover


class Command(BaseCommand):
    help = "Run the background worker that sends the registry's mail (django-tasks-db's db_worker)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Stop once no task is left to run.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at the queue.")

    def handle(self, *args, batch=False, interval=1.0, **options):
        recovered = messages_recover()
        if recovered:
            self.stdout.write(f"Put {recovered} interrupted message(s) back in the queue.")
        resumed = campaigns_resume()
        if resumed:
            self.stdout.write(f"Resumed the invitations of {resumed} campaign(s).")
        worker_options = {"interval": interval, "verbosity": options["verbosity"]}
        if batch:
            worker_options["batch"] = True
        call_command("db_worker", **worker_options)
