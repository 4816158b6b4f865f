"""`manage.py restore FILE`: replace the database's contents with a backup (`make restore FILE=...`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

import pagecache
from cluster_registry import backups


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, file, database, interactive, **options):
        if interactive:
            try:
                answer = input(f"Everything in the database '{database}' will be replaced by {file}. Type 'yes': ")
            except EOFError:  # no one to answer (a script, cron): nothing is replaced without --noinput
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled (to restore without the question: --noinput, or make ... YES=1).")
        backups.restore(file, database)
        try:
            # The backup holds the revision it was taken at; pages cached since then must not answer.
            pagecache.bump(database)
        except DatabaseError:
            self.stdout.write("The backup predates the page cache's table: run `manage.py migrate` now.")
        self.stdout.write(f"Restored {file}.")
