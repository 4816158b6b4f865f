"""`manage.py backup`: a timestamped copy of the database in ./backups/ (`make backup`)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cluster_registry import backups


class Command(BaseCommand):
    help = "Back the database up into backups/ (pg_dump for PostgreSQL, the online backup API for SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=Path(settings.BASE_DIR) / "backups", help="Directory.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, database, **options):
        path = backups.backup(output, database)
        self.stdout.write(str(path))
